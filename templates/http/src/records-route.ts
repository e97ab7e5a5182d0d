import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors.js';
import { sendJson } from './http-io.js';
import type { StoredRecord } from './record-schema.js';
import type { RecordStore } from './record-store.js';

/** The GET /records body. Pass `next` as `after` to read the following page. */
export interface RecordsPage {
  records: StoredRecord[];
  next: number;
  hasMore: boolean;
}

export const DEFAULT_PAGE_SIZE = 100;

/** GET /records?after=<id>&limit=<n>: committed records with id > after, oldest first. */
export async function handleRecords(
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  store: RecordStore,
  maxPageSize: number,
): Promise<void> {
  const after = integerParam(query, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = integerParam(query, 'limit', Math.min(DEFAULT_PAGE_SIZE, maxPageSize), 1, maxPageSize);
  const page = await store.readAfter(after, limit);
  const next = page.records.at(-1)?.id ?? after;
  const body: RecordsPage = { records: page.records, next, hasMore: next < page.lastId };
  sendJson(req, res, 200, body);
}

function integerParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new HttpError('BAD_REQUEST', `"${name}" must be an integer from ${min} to ${max}`);
  }
  return value;
}
