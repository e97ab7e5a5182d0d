import { request } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';
import type { SseServer } from '../src/server.js';

const TOKEN = 'test-token-0123456789abcdef';

function publish(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('batch POST /publish', () => {
  it('publishes every event in order and answers their ids in order', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    const events = Array.from({ length: 25 }, (_, n) => ({ event: n % 2 ? 'odd' : 'even', data: { n } }));
    const response = await publish(url, { events });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ results: events.map((_, i) => ({ id: i + 1 })) });
    const received = await client.waitForEvents(25);
    expect(received).toEqual(events.map((e, i) => ({ type: e.event, data: JSON.stringify(e.data), lastEventId: String(i + 1) })));
    client.close();
  });

  it('answers coalesced results for keyed events while coalescing is on, in order with the others', async () => {
    const { url } = await startServer({ publishToken: TOKEN, coalesceMs: 60_000 });
    const response = await publish(url, { events: [{ event: 'note', data: 1 }, { event: 'price', data: 2, key: 'AAPL' }] });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ results: [{ id: 1 }, { coalesced: true }] });
  });

  it.each([
    ['an element without data', [{ event: 'a', data: 1 }, { event: 'b' }], 'events[1]'],
    ['a reserved event name', [{ event: 'a', data: 1 }, { event: 'b', data: 2 }, { event: 'error', data: 3 }], 'events[2]'],
    ['a bad key', [{ event: 'price', data: 1, key: 'two words' }], 'events[0]'],
    ['a non-object element', [{ event: 'a', data: 1 }, 7], 'events[1]'],
  ])('refuses a batch with %s with 400 naming its index, publishing nothing', async (_what, events, index) => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const response = await publish(url, { events });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_request');
    expect(error.message.startsWith(`${index}:`)).toBe(true);
    expect(server.hub.lastId).toBe(0);
  });

  it.each([
    ['an empty batch', { events: [] }],
    ['events that is not an array', { events: { event: 'a', data: 1 } }],
  ])('refuses %s with 400', async (_what, body) => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const response = await publish(url, body);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('invalid_request');
    expect(server.hub.lastId).toBe(0);
  });

  it('refuses a batch over maxPublishBatch, and accepts one at it', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, maxPublishBatch: 3 });
    const over = await publish(url, { events: Array.from({ length: 4 }, (_, n) => ({ event: 'a', data: n })) });
    expect(over.status).toBe(400);
    expect((await errorOf(over)).message).toContain('at most 3');
    expect(server.hub.lastId).toBe(0);
    const at = await publish(url, { events: Array.from({ length: 3 }, (_, n) => ({ event: 'a', data: n })) });
    expect(at.status).toBe(202);
    expect(server.hub.lastId).toBe(3);
  });

  it('applies the body byte limit to a batch (413, nothing published)', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, maxBodyBytes: 1024 });
    const response = await publish(url, { events: Array.from({ length: 10 }, () => ({ event: 'a', data: 'x'.repeat(200) })) });
    expect(response.status).toBe(413);
    expect(server.hub.lastId).toBe(0);
  });

  it('needs the same token (401) and is disabled without one (403)', async () => {
    const body = { events: [{ event: 'a', data: 1 }] };
    const { server, url } = await startServer({ publishToken: TOKEN });
    const wrong = await publish(url, body, { Authorization: 'Bearer wrong-token-0123456789abc' });
    expect(wrong.status).toBe(401);
    expect(server.hub.lastId).toBe(0);
    const disabled = await startServer();
    expect((await publish(disabled.url, body)).status).toBe(403);
  });

  it('answers 503 shutting_down to a batch whose body arrives after stop() began, publishing none of it', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const body = JSON.stringify({ events: [{ event: 'a', data: 1 }, { event: 'b', data: 2 }] });
    let stopped: Promise<void> | undefined;
    const answer = await postInTwoParts(server, url, body, () => {
      stopped = server.stop();
    });
    await stopped;
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: { code: 'shutting_down' } });
    expect(server.hub.lastId).toBe(0);
  });
});

/** POSTs the first bytes, waits for the server to have the request, runs `between`, sends the rest. */
async function postInTwoParts(server: SseServer, url: string, body: string, between: () => void): Promise<{ status: number; body: unknown }> {
  const arrived = new Promise((resolve) => server.httpServer.once('request', resolve));
  const req = request(`${url}publish`, {
    method: 'POST',
    agent: false,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${TOKEN}` },
  });
  const answer = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      res.once('error', reject);
    });
  });
  req.write(body.slice(0, 5));
  await arrived;
  between();
  req.end(body.slice(5));
  return answer;
}
