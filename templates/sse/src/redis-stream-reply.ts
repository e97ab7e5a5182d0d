import { isSafeEventName } from './sse-format.js';
import { parseStreamId, type StreamPosition } from './redis-stream-id.js';

/** One stream entry as Redis returned it; `event` and `json` are undefined when another writer's fields are not ours. */
export interface StreamEntry extends StreamPosition {
  readonly event: string | undefined;
  readonly json: string | undefined;
}

/** The fields a starter writes with XADD: the event name and its data, already JSON. */
export const EVENT_FIELD = 'e';
export const DATA_FIELD = 'd';

/**
 * Parses an XRANGE/XREVRANGE reply (`[[id, [field, value, ...]], ...]`). Redis is trusted less
 * than our own code: anything of another shape is an error, not a crash further down.
 */
export function parseEntries(reply: unknown): StreamEntry[] {
  if (reply === null || reply === undefined) return [];
  if (!Array.isArray(reply)) throw new TypeError('unexpected stream reply from Redis');
  return reply.map((item: unknown) => {
    if (!Array.isArray(item) || item.length !== 2 || !Array.isArray(item[1])) throw new TypeError('unexpected stream entry from Redis');
    const position = parseStreamId(String(item[0]));
    if (position === undefined) throw new TypeError(`unexpected stream id from Redis: ${String(item[0])}`);
    const fields = item[1] as unknown[];
    let event: string | undefined;
    let json: string | undefined;
    for (let index = 0; index + 1 < fields.length; index += 2) {
      const name = String(fields[index]);
      if (name === EVENT_FIELD) event = String(fields[index + 1]);
      else if (name === DATA_FIELD) json = String(fields[index + 1]);
    }
    // An entry some other program wrote: without a safe name, its `event:` line could inject fields.
    if (event !== undefined && !isSafeEventName(event)) event = undefined;
    return { ...position, event, json };
  });
}

/** Parses an XREAD reply for one stream (`[[key, entries]]`, or null when BLOCK timed out). */
export function parseXReadEntries(reply: unknown): StreamEntry[] {
  if (reply === null || reply === undefined) return [];
  if (!Array.isArray(reply) || reply.length !== 1 || !Array.isArray(reply[0]) || reply[0].length !== 2) {
    throw new TypeError('unexpected XREAD reply from Redis');
  }
  return parseEntries((reply[0] as unknown[])[1]);
}
