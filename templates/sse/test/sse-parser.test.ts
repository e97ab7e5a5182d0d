import { describe, expect, it } from 'vitest';
import { createSseParser, parseSse, type SseEvent } from '../public/sse-parser.js';

interface Parsed {
  events: SseEvent[];
  comments: string[];
  retries: number[];
}

function parseChunks(chunks: readonly (Uint8Array | string)[]): Parsed {
  const parsed: Parsed = { events: [], comments: [], retries: [] };
  const parser = createSseParser({
    onEvent: (event) => parsed.events.push(event),
    onComment: (text) => parsed.comments.push(text),
    onRetry: (ms) => parsed.retries.push(ms),
  });
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return parsed;
}

/** A stream that uses every rule at once: three kinds of line end, multi-line data, multi-byte text. */
const STREAM =
  '\uFEFFretry: 2500\n\n' +
  ': keep-alive\r\n' +
  'id: 1\nevent: temperature\ndata: {"value":72.5,"unit":"F"}\n\n' +
  'id: 2\r\nevent: greeting\r\ndata: first line\r\ndata: second line 🌡️ ünïcödé\r\n\r\n' +
  'id: 3\rdata:no space after colon\r\r' +
  'data\n\n' +
  'id: 4\nretry: soon\nunknown: field\ndata:  two leading spaces\n\n' +
  ':comment without space\n' +
  'event: ignored\n\n' +
  'data: [DONE]\n\n' +
  'id: 5\ndata: unfinished';

const EXPECTED_EVENTS: SseEvent[] = [
  { type: 'temperature', data: '{"value":72.5,"unit":"F"}', lastEventId: '1' },
  { type: 'greeting', data: 'first line\nsecond line 🌡️ ünïcödé', lastEventId: '2' },
  { type: 'message', data: 'no space after colon', lastEventId: '3' },
  { type: 'message', data: '', lastEventId: '3' },
  { type: 'message', data: ' two leading spaces', lastEventId: '4' },
  { type: 'message', data: '[DONE]', lastEventId: '4' },
];

describe('sse-parser', () => {
  it('follows the event-stream rules for fields, line ends, comments and retry', () => {
    const parsed = parseChunks([STREAM]);
    expect(parsed.events).toEqual(EXPECTED_EVENTS);
    expect(parsed.comments).toEqual(['keep-alive', 'comment without space']);
    expect(parsed.retries).toEqual([2500]);
  });

  it('gives the same result for bytes split at every position', () => {
    const bytes = new TextEncoder().encode(STREAM);
    const whole = parseChunks([bytes]);
    expect(whole.events).toEqual(EXPECTED_EVENTS);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const split = parseChunks([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(split, `split at byte ${cut}`).toEqual(whole);
    }
  });

  it('gives the same result for bytes split at every pair of positions', () => {
    const bytes = new TextEncoder().encode(STREAM.slice(0, 120));
    const whole = parseChunks([bytes]);
    for (let first = 0; first <= bytes.length; first += 1) {
      for (let second = first; second <= bytes.length; second += 1) {
        const split = parseChunks([bytes.subarray(0, first), bytes.subarray(first, second), bytes.subarray(second)]);
        if (JSON.stringify(split) !== JSON.stringify(whole)) {
          expect(split, `split at bytes ${first} and ${second}`).toEqual(whole);
        }
      }
    }
  });

  it('gives the same result one byte at a time and for random chunkings', () => {
    const bytes = new TextEncoder().encode(STREAM);
    const whole = parseChunks([bytes]);
    expect(parseChunks([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual(whole);

    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 300; round += 1) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(random() * 24);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      expect(parseChunks(chunks)).toEqual(whole);
    }
  });

  it('treats a CR at the end of one chunk and an LF at the start of the next as one line end', () => {
    const parsed = parseChunks(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    expect(parsed.events).toEqual([{ type: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  it('keeps the last event id across events and ignores ids containing NUL', () => {
    expect(parseSse('id: 7\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n')).toEqual([
      { type: 'message', data: 'a', lastEventId: '7' },
      { type: 'message', data: 'b', lastEventId: '7' },
      { type: 'message', data: 'c', lastEventId: '7' },
      { type: 'message', data: 'd', lastEventId: '' },
    ]);
  });

  it('moves lastEventId on an id-only block and keeps it after end()', () => {
    const parser = createSseParser();
    parser.push('id: 41\n\nid: 42\ndata: x\n\nid: 43\n');
    expect(parser.lastEventId()).toBe('42');
    parser.end();
    expect(parser.lastEventId()).toBe('42');
  });

  it('does not dispatch an event that the stream ends in the middle of', () => {
    expect(parseSse('data: complete\n\ndata: cut off\n')).toEqual([
      { type: 'message', data: 'complete', lastEventId: '' },
    ]);
  });

  it('removes only a leading byte order mark from string input', () => {
    expect(parseSse('\uFEFFdata: x\n\n')).toEqual([{ type: 'message', data: 'x', lastEventId: '' }]);
    expect(parseSse('\uFEFF\uFEFFdata: x\n\n')).toEqual([]);
  });
});
