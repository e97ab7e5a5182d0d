// @ts-check
/**
 * An incremental text/event-stream parser that follows the WHATWG HTML "event stream
 * interpretation" rules. Pure: no DOM, no network, so the browser and the tests share it.
 *
 * The article's fetch client does `decoder.decode(value).split('\n')` on each network chunk and
 * JSON-parses every `data: ` line it sees. That breaks in four ways, all handled here:
 * - an event (or a line, or one UTF-8 character) split across two chunks is lost or garbled:
 *   we keep the unfinished line and decode with `{ stream: true }`;
 * - lines may end in CRLF or a lone CR, not only LF (a CR at the very end of a chunk may be
 *   the first half of a CRLF, so a leading LF in the next chunk is skipped);
 * - an event's data may span several `data:` lines, joined with "\n";
 * - an event is only complete at the blank line; `id:`, `event:`, `retry:` and comments matter.
 */

/**
 * @typedef {object} SseEvent
 * @property {string} type         The `event:` field, or "message".
 * @property {string} data         The `data:` lines joined with "\n".
 * @property {string} lastEventId  The stream's last event id when this event was dispatched.
 */

/**
 * @typedef {object} SseParserHandlers
 * @property {(event: SseEvent) => void} [onEvent]
 * @property {(text: string) => void} [onComment]  Text after the ":" (one leading space removed).
 * @property {(ms: number) => void} [onRetry]     A valid `retry:` value.
 */

/**
 * @typedef {object} SseParser
 * @property {(chunk: Uint8Array | string) => void} push  Feed the next network chunk, split anywhere.
 * @property {() => void} end  The stream ended: an unfinished event is discarded, as the spec says.
 * @property {() => string} lastEventId  The id to send as Last-Event-ID when reconnecting.
 */

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const DIGITS = /^\d+$/;

/**
 * @param {SseParserHandlers} [handlers]
 * @returns {SseParser}
 */
export function createSseParser(handlers = {}) {
  const { onEvent, onComment, onRetry } = handlers;
  let decoder = new TextDecoder('utf-8');
  let pending = '';
  let skipLeadingLF = false;
  let started = false;
  let data = '';
  let eventType = '';
  let lastEventIdBuffer = '';
  let lastEventId = '';

  /** @param {string} line */
  function processLine(line) {
    if (line === '') {
      dispatch();
      return;
    }
    if (line.charCodeAt(0) === COLON) {
      onComment?.(line.charCodeAt(1) === SPACE ? line.slice(2) : line.slice(1));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === SPACE) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data += `${value}\n`;
        break;
      case 'id':
        if (!value.includes('\0')) lastEventIdBuffer = value;
        break;
      case 'retry':
        if (DIGITS.test(value)) onRetry?.(Number(value));
        break;
      default:
        // Unknown fields are ignored, so servers can add fields without breaking clients.
        break;
    }
  }

  function dispatch() {
    // The id counts even when the event has no data: a bare `id:` block moves the cursor.
    lastEventId = lastEventIdBuffer;
    if (data === '') {
      eventType = '';
      return;
    }
    const event = { type: eventType || 'message', data: data.slice(0, -1), lastEventId };
    data = '';
    eventType = '';
    onEvent?.(event);
  }

  /** @param {string} text */
  function pushText(text) {
    if (skipLeadingLF && text.length > 0) {
      skipLeadingLF = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    const buffer = pending + text;
    let start = 0;
    let cr = buffer.indexOf('\r');
    let lf = buffer.indexOf('\n');
    while (true) {
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      const line = buffer.slice(start, end);
      if (buffer.charCodeAt(end) === CR) {
        if (end + 1 === buffer.length) {
          // Maybe half of a CRLF: the line is complete now, but swallow an LF that comes next.
          skipLeadingLF = true;
          start = end + 1;
        } else {
          start = buffer.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
        }
      } else {
        start = end + 1;
      }
      processLine(line);
    }
    pending = buffer.slice(start);
  }

  return {
    push(chunk) {
      let text;
      if (typeof chunk === 'string') {
        text = chunk;
        // A leading byte order mark is not part of the stream (TextDecoder drops it for bytes).
        if (!started && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      } else {
        text = decoder.decode(chunk, { stream: true });
      }
      if (text.length > 0) started = true;
      pushText(text);
    },
    end() {
      decoder = new TextDecoder('utf-8');
      pending = '';
      skipLeadingLF = false;
      started = false;
      data = '';
      eventType = '';
    },
    lastEventId: () => lastEventId,
  };
}

/**
 * Parses a whole stream at once: handy in tests and for small bodies.
 * @param {Uint8Array | string} input
 * @returns {SseEvent[]}
 */
export function parseSse(input) {
  /** @type {SseEvent[]} */
  const events = [];
  const parser = createSseParser({ onEvent: (event) => events.push(event) });
  parser.push(input);
  parser.end();
  return events;
}
