/**
 * Redis Stream ids (`<ms>-<seq>`, two unsigned 64-bit integers) as the event ids of Redis mode.
 * They arrive from clients as Last-Event-ID, so they are parsed strictly, never passed to Redis
 * unchecked, and compared as numbers: as strings "9-0" sorts after "10-0".
 */

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;
const MAX_PART = (1n << 64n) - 1n;

/** A parsed id: `key` orders ids exactly as Redis does; `id` is the canonical text. */
export interface StreamPosition {
  readonly id: string;
  readonly key: bigint;
}

/** The position before every entry: XREAD and XRANGE "(0-0" start from the first one. */
export const STREAM_START: StreamPosition = { id: '0-0', key: 0n };

/** Parses `<ms>-<seq>`; undefined for anything else (spaces, signs, overflow, a bare number). */
export function parseStreamId(text: string): StreamPosition | undefined {
  const match = STREAM_ID.exec(text);
  if (match === null) return undefined;
  const ms = BigInt(match[1]!);
  const seq = BigInt(match[2]!);
  if (ms > MAX_PART || seq > MAX_PART) return undefined;
  // Canonical text (no leading zeros), so that the id sent back is the one Redis would print.
  return { id: `${ms}-${seq}`, key: (ms << 64n) | seq };
}
