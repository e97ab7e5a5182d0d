/**
 * What every benchmark event carries, as text inside whatever message shape the server relays:
 * `B|<run>|<seq>|<intended send time, µs>|` then padding up to the requested size. Clients find
 * the marker by scanning, so they need not decode the whole message (the client side must stay
 * cheap, or it becomes the bottleneck it is there to measure around).
 */
export interface Stamp {
  run: number;
  seq: number;
  intendedUs: number;
}

const MARKER = 'B|';

export function encodeStamp({ run, seq, intendedUs }: Stamp, bytes: number): string {
  const head = `${MARKER}${run}|${seq}|${intendedUs}|`;
  return head.length >= bytes ? head : head + 'x'.repeat(bytes - head.length);
}

function readInt(text: string, from: number): [value: number, next: number] | undefined {
  let value = 0;
  let i = from;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 124 /* | */) break;
    if (code < 48 || code > 57) return undefined;
    value = value * 10 + (code - 48);
  }
  return i === from || i >= text.length ? undefined : [value, i + 1];
}

/** The stamp in `text` at or after `from`, or undefined when there is none (or it is cut). */
export function findStamp(text: string, from = 0): Stamp | undefined {
  const at = text.indexOf(MARKER, from);
  return at === -1 ? undefined : stampAt(text, at);
}

/** Calls `fn` for every whole stamp in `text` (an SSE chunk may carry several events). */
export function forEachStamp(text: string, fn: (stamp: Stamp) => void): void {
  for (let at = text.indexOf(MARKER); at !== -1; at = text.indexOf(MARKER, at + MARKER.length)) {
    const stamp = stampAt(text, at);
    if (stamp) fn(stamp);
  }
}

function stampAt(text: string, at: number): Stamp | undefined {
  const run = readInt(text, at + MARKER.length);
  if (!run) return undefined;
  const seq = readInt(text, run[1]);
  if (!seq) return undefined;
  const intended = readInt(text, seq[1]);
  if (!intended) return undefined;
  return { run: run[0], seq: seq[0], intendedUs: intended[0] };
}

function readIntBytes(buffer: Buffer, from: number, end: number): [value: number, next: number] | undefined {
  let value = 0;
  let i = from;
  for (; i < end; i++) {
    const code = buffer[i]!;
    if (code === 124 /* | */) break;
    if (code < 48 || code > 57) return undefined;
    value = value * 10 + (code - 48);
  }
  return i === from || i >= end ? undefined : [value, i + 1];
}

/**
 * The first stamp in `buffer[start, end)`, read from the bytes without making a string (the
 * stamp is ASCII, and JSON never escapes it), or undefined when there is none there.
 */
export function findStampInBytes(buffer: Buffer, start: number, end: number): Stamp | undefined {
  for (let at = start; at + 1 < end; at++) {
    if (buffer[at] !== 66 /* B */ || buffer[at + 1] !== 124 /* | */) continue;
    const run = readIntBytes(buffer, at + 2, end);
    if (!run) continue;
    const seq = readIntBytes(buffer, run[1], end);
    if (!seq) continue;
    const intended = readIntBytes(buffer, seq[1], end);
    if (!intended) continue;
    return { run: run[0], seq: seq[0], intendedUs: intended[0] };
  }
  return undefined;
}
