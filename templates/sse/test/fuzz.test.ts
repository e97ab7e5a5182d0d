import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseSse } from '../public/sse-parser.js';
import { createMemoryHub } from '../src/event-hub.js';
import { planResume } from '../src/resume.js';
import { openEventStream } from './helpers/event-stream-client.js';
import { openRawSocket } from './helpers/raw-socket.js';
import { startServer } from './helpers/servers.js';

const TOKEN = 'fuzz-token-0123456789abcdef';

/** Header values a client can send: visible ASCII and spaces, trimmed by HTTP itself. */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength });

const lastEventIds = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }).map(String),
  fc.bigInt({ min: 10n ** 15n, max: 10n ** 40n }).map(String),
  fc.double({ noNaN: false }).map(String),
  headerText(40),
  fc.constantFrom('1e3', '0x10', '+5', '00000000000000000001', ' 7', '1.5', 'NaN', 'Infinity'),
  fc.integer({ min: 1, max: 3 }).map((n) => 'x'.repeat(n * 10 * 1024 / 3)),
);

describe('fuzz: Last-Event-ID', { timeout: 60_000 }, () => {
  it('never throws in planResume and always answers a cursor the hub can serve from', () => {
    const hub = createMemoryHub({ replayBuffer: 10, firstId: 100 });
    for (let n = 0; n < 25; n += 1) hub.publish('tick', n);
    fc.assert(
      fc.property(fc.oneof(lastEventIds, fc.string({ maxLength: 100 })), (value) => {
        const plan = planResume(value, hub);
        expect(plan.cursor).toBeGreaterThanOrEqual(hub.oldestId - 1);
        expect(plan.cursor).toBeLessThanOrEqual(hub.lastId);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers every value over HTTP with a stream: a resume or an explicit reset, never an error', async () => {
    const { server, url } = await startServer();
    for (let n = 1; n <= 5; n += 1) server.hub.publish('tick', n);
    await fc.assert(
      fc.asyncProperty(lastEventIds, async (value) => {
        const client = await openEventStream(`${url}events`, { 'Last-Event-ID': value });
        expect(client.response.statusCode).toBe(200);
        await client.waitFor(() => client.raw().includes('\n\n'));
        const trimmed = value.trim();
        // Empty means a new subscriber (live from the head); a decimal id we issued resumes.
        const valid = trimmed === '' || (/^\d{1,16}$/.test(trimmed) && Number(trimmed) <= 5);
        if (!valid) {
          await client.waitFor(() => client.events.length > 0);
          expect(client.events[0]?.type).toBe('reset');
        }
        client.close();
      }),
      { numRuns: 150 },
    );
    expect(server.stats().lastEventId).toBe(5);
  });

  it('answers raw bytes no fetch client would send (UTF-8 digits, control bytes) with a reset', async () => {
    const { server, url } = await startServer();
    server.hub.publish('tick', 1);
    for (const value of [Buffer.from('٣', 'utf8'), Buffer.from([0x31, 0x01, 0x32]), Buffer.from([0xff, 0xfe])]) {
      const raw = await openRawSocket(url);
      raw.write(Buffer.concat([Buffer.from('GET /events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: '), value, Buffer.from('\r\n\r\n')]));
      await vi.waitFor(() => expect(raw.received()).toMatch(/^HTTP\/1\.1 (200|400)/));
      if (raw.received().startsWith('HTTP/1.1 200')) await vi.waitFor(() => expect(raw.received()).toContain('event: reset'));
      raw.socket.destroy();
    }
    expect((await fetch(`${url}healthz`)).status).toBe(200);
  });
});

describe('fuzz: request bodies', { timeout: 60_000 }, () => {
  const bodies = fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.record({ event: fc.string({ maxLength: 80 }), data: fc.jsonValue(), key: fc.option(fc.string({ maxLength: 140 }), { nil: undefined }) }).map((value) =>
      JSON.stringify(value),
    ),
    fc.record({ messages: fc.array(fc.record({ role: fc.constantFrom('user', 'system', 'assistant', 'tool', ''), content: fc.oneof(fc.string(), fc.integer()) }), { maxLength: 120 }) }).map((value) =>
      JSON.stringify(value),
    ),
    fc.string({ maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );

  it('answers every POST /publish body with 202 or a documented 4xx, and publishes only valid events', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, maxBodyBytes: 4096 });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const response = await fetch(`${url}publish`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          body,
        });
        expect([202, 400, 413]).toContain(response.status);
        const answer = (await response.json()) as { id?: number; error?: { code: string } };
        if (response.status === 202) accepted += 1;
        else expect(['invalid_json', 'invalid_request', 'payload_too_large']).toContain(answer.error?.code);
      }),
      { numRuns: 300 },
    );
    expect(server.hub.lastId).toBe(accepted);
  });

  it('answers every POST /chat/stream body with a complete stream or a documented 4xx', async () => {
    const { url } = await startServer({ maxChatBodyBytes: 4096 });
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const response = await fetch(`${url}chat/stream`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        expect([200, 400, 413]).toContain(response.status);
        const text = await response.text();
        if (response.status === 200) expect(parseSse(text).at(-1)?.data).toBe('[DONE]');
        else expect(['invalid_json', 'invalid_request', 'payload_too_large']).toContain((JSON.parse(text) as { error: { code: string } }).error.code);
      }),
      { numRuns: 150 },
    );
  });
});
