/**
 * The one record shape this starter accepts. Change it here: the ingest path, the store and
 * the tests all go through validateRecord.
 *
 *   { "type": string (1-100 chars), "value": finite number, "ts"?: ISO 8601 date-time with zone }
 *
 * Unknown fields are rejected rather than silently dropped.
 */
export interface IngestRecord {
  type: string;
  value: number;
  ts?: string;
}

/** A record as stored and read back: the store assigns `id`, increasing by one. */
export interface StoredRecord extends IngestRecord {
  id: number;
}

export type Validation = { ok: true; record: IngestRecord } | { ok: false; error: string };

export const MAX_TYPE_LENGTH = 100;

const FIELDS = new Set(['type', 'value', 'ts']);
// RFC 3339 date-time: date, time (seconds and fraction optional), zone (Z or ±hh:mm). Ranges
// are checked here; only "does this month have that day" needs code.
const ISO_DATE_TIME =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function validateRecord(input: unknown): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'record must be a JSON object' };
  }
  const fields = input as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    if (!FIELDS.has(name)) return { ok: false, error: `unknown field "${truncate(name, 40)}"` };
  }
  const { type, value, ts } = fields;
  if (typeof type !== 'string' || type.length === 0) {
    return { ok: false, error: '"type" must be a non-empty string' };
  }
  if (type.length > MAX_TYPE_LENGTH) {
    return { ok: false, error: `"type" must be at most ${MAX_TYPE_LENGTH} characters` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { ok: false, error: '"value" must be a finite number' };
  }
  if (ts === undefined) return { ok: true, record: { type, value } };
  if (typeof ts !== 'string' || !isDateTime(ts)) {
    return { ok: false, error: '"ts" must be an ISO 8601 date-time with a zone, e.g. 2026-01-31T12:00:00Z' };
  }
  return { ok: true, record: { type, value, ts } };
}

/** Date.parse would accept 2026-02-30 (rolling over to March), and is slow. */
function isDateTime(text: string): boolean {
  const match = ISO_DATE_TIME.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
