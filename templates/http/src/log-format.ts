import type { FileHandle } from 'node:fs/promises';
import { LineSplitter, type Line } from './line-splitter.js';

/**
 * The file store's log: one JSON value per line, records then the commit line that makes
 * them durable and carries the idempotency answer.
 *
 *   {"id":1,"type":"temp","value":21.5}
 *   {"commit":{"lastId":1,"count":1,"at":1769860800000,"key":"k-1","status":202,"body":{...}}}
 */
export const RECORD_PREFIX = '{"id":';
export const COMMIT_PREFIX = '{"commit":';

export interface CommitLine {
  lastId: number;
  count: number;
  /** Commit time, ms since the epoch: the idempotency TTL counts from here. */
  at: number;
  key?: string;
  status?: number;
  body?: unknown;
  /** The first request's fingerprint and length (see StoredAnswer). */
  fingerprint?: string;
  bodyBytes?: number;
  /**
   * CRC-32 of this commit's record lines, as bytes on disk ("\n" included): recovery finds a
   * zeroed or flipped byte that leaves the structure intact. Absent in logs from before it.
   */
  crc?: number;
}

export const IO_CHUNK_BYTES = 256 * 1024;
// Commit lines carry the stored answer (capped rejections); this bounds one line in memory.
export const MAX_LOG_LINE_BYTES = 8 * 1024 * 1024;

/** `json` is a record serialised without id: `{"type":…}` becomes `{"id":7,"type":…}`. */
export function recordLine(id: number, json: string): string {
  return `${RECORD_PREFIX}${id},${json.slice(1)}\n`;
}

export function commitLine(commit: CommitLine): string {
  return `${COMMIT_PREFIX}${JSON.stringify(commit)}}\n`;
}

/** The id of a record line, read without parsing the rest. */
export function recordId(text: string): number | undefined {
  if (!text.startsWith(RECORD_PREFIX)) return undefined;
  const id = Number.parseInt(text.slice(RECORD_PREFIX.length), 10);
  return Number.isSafeInteger(id) ? id : undefined;
}

export function parseCommit(text: string): CommitLine | undefined {
  if (!text.startsWith(COMMIT_PREFIX)) return undefined;
  try {
    const commit = (JSON.parse(text) as { commit?: Partial<CommitLine> }).commit;
    if (typeof commit?.lastId !== 'number' || typeof commit.count !== 'number' || typeof commit.at !== 'number') {
      return undefined;
    }
    return commit as CommitLine;
  } catch {
    return undefined;
  }
}

/**
 * Visits the complete lines in bytes [start, end) of a file with positional reads, one chunk
 * in memory at a time; `line.end` is an absolute offset. Stops early when visit returns false.
 * An unterminated last line is not visited.
 */
export async function forEachLine(
  handle: FileHandle,
  start: number,
  end: number,
  visit: (line: Line) => boolean | void | Promise<boolean | void>,
  options: { skipLongLines?: boolean; keepBytes?: boolean } = {},
): Promise<void> {
  const splitter = new LineSplitter(MAX_LOG_LINE_BYTES, options);
  const buffer = Buffer.allocUnsafe(IO_CHUNK_BYTES);
  let position = start;
  while (position < end) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position);
    if (bytesRead === 0) return;
    position += bytesRead;
    for (const line of splitter.push(buffer.subarray(0, bytesRead))) {
      if ((await visit({ ...line, end: start + line.end })) === false) return;
    }
  }
}
