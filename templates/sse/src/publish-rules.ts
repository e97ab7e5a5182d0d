import { isSafeEventName } from './sse-format.js';

/** The name of the event that tells a client it lost events; only the server sends it. */
export const RESET_EVENT = 'reset';

/**
 * EventSource dispatches its own `open` and `error` events on the same target as named events:
 * a published `error` would run every page's connection-failure handler, and an `open` its
 * connected handler. Nobody may publish them.
 */
const EVENTSOURCE_EVENTS: ReadonlySet<string> = new Set(['open', 'error']);

/**
 * Keys identify what a value is the latest of ("AAPL", "BTC-USD", "sensor:42", "users/7").
 * They stay on the server (never written to the stream), so the rule is about bounded memory
 * and readable logs rather than injection: 1 to 128 of these characters.
 */
const KEY = /^[A-Za-z0-9_.:/-]{1,128}$/;

export function isValidCoalesceKey(key: string): boolean {
  return KEY.test(key);
}

/**
 * Why this event name and key cannot be published, or undefined if they can. POST /publish
 * (as a 400) and server.publish() (as a TypeError) both ask this one function, so the two
 * paths cannot drift apart: what one refuses, the other refuses with the same words.
 * `key` undefined means no key; anything else must be a valid key.
 */
export function publishProblem(event: unknown, key: unknown): string | undefined {
  if (typeof event !== 'string' || !isSafeEventName(event)) {
    return '"event" must start with a letter and use only letters, digits, "_", ".", ":" or "-" (at most 64).';
  }
  if (event === RESET_EVENT) return `"${RESET_EVENT}" is reserved for the server.`;
  if (EVENTSOURCE_EVENTS.has(event)) return `"${event}" is reserved: EventSource fires its own ${event} events.`;
  if (key !== undefined && (typeof key !== 'string' || !isValidCoalesceKey(key))) {
    return '"key" must be 1 to 128 letters, digits, "_", ".", ":", "/" or "-" (or left out).';
  }
  return undefined;
}
