import { request } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { bearerTokenCheck } from '../src/bearer-token.js';
import { ShuttingDownError } from '../src/server.js';
import { openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';
import type { SseServer } from '../src/server.js';

const TOKEN = 'test-token-0123456789abcdef';

function publish(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers },
    body,
  });
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { code: string } };
  return body.error.code;
}

describe('POST /publish', () => {
  it('is disabled with 403 when no publish token is configured', async () => {
    const { url } = await startServer();
    const response = await publish(url, '{"event":"note","data":1}');
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('publish_disabled');
  });

  it('answers 401 for a missing or wrong token', async () => {
    const { url } = await startServer({ publishToken: TOKEN });
    for (const authorization of ['', 'Bearer wrong-token-0123456789abc', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await publish(url, '{"event":"note","data":1}', { Authorization: authorization });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await errorCode(response)).toBe('unauthorized');
    }
  });

  it('answers 202 with the assigned id and delivers the event to every subscriber', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const clients = await Promise.all([1, 2].map(() => openEventStream(`${url}events`)));
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(2));

    const response = await publish(url, JSON.stringify({ event: 'note', data: { text: 'line 1\nline 2' } }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id: 1 });
    for (const client of clients) {
      const [event] = await client.waitForEvents(1);
      expect(event).toEqual({ type: 'note', data: '{"text":"line 1\\nline 2"}', lastEventId: '1' });
      client.close();
    }
  });

  it.each([
    ['not JSON', '{"event":', 'invalid_json'],
    ['a non-object', '[1,2]', 'invalid_request'],
    ['no event', '{"data":1}', 'invalid_request'],
    ['no data', '{"event":"note"}', 'invalid_request'],
    ['an event name with a newline', '{"event":"note\\nid: 99","data":1}', 'invalid_request'],
    ['an event name with a space', '{"event":"two words","data":1}', 'invalid_request'],
    ['an empty event name', '{"event":"","data":1}', 'invalid_request'],
    ['the reserved reset event', '{"event":"reset","data":1}', 'invalid_request'],
  ])('answers 400 for %s', async (_what, body, code) => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const response = await publish(url, body);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(code);
    expect(server.hub.lastId).toBe(0);
  });

  it('answers 415 for a body that is not application/json', async () => {
    const { url } = await startServer({ publishToken: TOKEN });
    const response = await publish(url, '{"event":"note","data":1}', { 'Content-Type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(await errorCode(response)).toBe('unsupported_media_type');
  });

  it('answers 413 for a body over maxBodyBytes', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, maxBodyBytes: 1024 });
    const response = await publish(url, JSON.stringify({ event: 'note', data: 'x'.repeat(2000) }));
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('payload_too_large');
    expect(server.hub.lastId).toBe(0);
  });
});

describe('publishing from code and over HTTP', () => {
  const refused: [string, string, string | undefined][] = [
    ['the reserved reset event with a key', 'reset', 'k'],
    ['the reserved reset event without a key', 'reset', undefined],
    ['an event name with a newline', 'note\nid: 99', 'k'],
    ['an empty event name', '', undefined],
    ['a key with a space', 'price', 'two words'],
    ['a key of 129 characters', 'price', 'k'.repeat(129)],
  ];

  it.each(refused)('refuses %s over HTTP and from code with the same message, coalescing on or off', async (_what, event, key) => {
    for (const coalesceMs of [0, 60_000]) {
      const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs });
      const response = await publish(url, JSON.stringify({ event, data: {}, ...(key === undefined ? {} : { key }) }));
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_request');

      expect(() => server.publish(event, {}, key)).toThrow(new TypeError(error.message));
      expect(server.hub.lastId).toBe(0);
      expect(server.stats().coalescing.pendingKeys).toBe(0);
    }
  });
});

/**
 * POSTs `body` in two parts: the headers and the first bytes, then (once the server has the
 * request and `between` has run) the rest. Resolves with the status and the parsed answer.
 */
async function publishAcross(
  server: SseServer,
  url: string,
  body: string,
  between: () => void,
): Promise<{ status: number; body: unknown }> {
  const arrived = new Promise((resolve) => server.httpServer.once('request', resolve));
  const req = request(`${url}publish`, {
    method: 'POST',
    agent: false,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      Authorization: `Bearer ${TOKEN}`,
    },
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

describe('publishing while the server stops', () => {
  it.each([
    ['an unkeyed event', 0, { event: 'note', data: 1 }],
    ['a keyed event without coalescing', 0, { event: 'price', data: 1, key: 'AAPL' }],
    ['a keyed event with coalescing on', 60_000, { event: 'price', data: 1, key: 'AAPL' }],
  ])('answers 503 shutting_down to %s whose body arrives after stop() began, and publishes nothing', async (_what, coalesceMs, body) => {
    const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    let stopped: Promise<void> | undefined;
    const answer = await publishAcross(server, url, JSON.stringify(body), () => {
      stopped = server.stop();
    });
    await stopped;
    expect(answer).toEqual({ status: 503, body: { error: { code: 'shutting_down', message: expect.any(String) } } });
    expect(await client.finished).toBe('end');
    expect(client.events).toEqual([]);
    expect(server.hub.lastId).toBe(0);
  });

  it('still answers 202 to a publish whose body arrived before stop(), and delivers it', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs: 60_000 });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    const answer = await publishAcross(server, url, JSON.stringify({ event: 'price', data: 7, key: 'AAPL' }), () => {});
    expect(answer).toEqual({ status: 202, body: { coalesced: true } });
    await server.stop();
    expect(await client.finished).toBe('end');
    expect(client.events).toEqual([{ type: 'price', data: '7', lastEventId: '1' }]);
  });

  it.each([0, 60_000])(
    'makes server.publish() throw ShuttingDownError once stop() has begun, keyed or not (coalesceMs %i)',
    async (coalesceMs) => {
      const { server } = await startServer({ coalesceMs });
      const stopped = server.stop();
      for (const key of [undefined, 'AAPL']) {
        expect(() => server.publish('price', 1, key)).toThrow(ShuttingDownError);
      }
      await stopped;
      for (const key of [undefined, 'AAPL']) {
        expect(() => server.publish('price', 1, key)).toThrow(ShuttingDownError);
      }
      const refusal = (() => {
        try {
          return server.publish('price', 1);
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toMatchObject({ name: 'ShuttingDownError', code: 'shutting_down' });
      expect(server.hub.lastId).toBe(0);
    },
  );

  it('makes server.publish() throw ShuttingDownError once close() has begun on a mounted server', async () => {
    const { server } = await startServer({ coalesceMs: 60_000 });
    server.publish('price', 1, 'AAPL');
    const closed = server.close();
    expect(() => server.publish('price', 2, 'AAPL')).toThrow(ShuttingDownError);
    await closed;
    // The value accepted before close() was published; the one after was not.
    expect(server.hub.lastId).toBe(1);
    expect(server.hub.get(1)?.data).toBe(1);
  });
});

describe('names EventSource reserves, and the hub behind the server', () => {
  it.each(['error', 'open', 'reset'])('refuses the event name %s on POST /publish and server.publish()', async (name) => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const response = await fetch(`${url}publish`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: name, data: 1 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining(name) } });
    expect(() => server.publish(name, 1)).toThrow(TypeError);
    expect(() => server.hub.publish(name, 1)).toThrow(TypeError);
    expect(server.hub.lastId).toBe(0);
  });

  it('makes server.hub.publish() refuse once stop() has begun, like server.publish()', async () => {
    const { server } = await startServer();
    server.hub.publish('tick', 1);
    const stopped = server.stop();
    expect(() => server.hub.publish('tick', 2)).toThrow(ShuttingDownError);
    await stopped;
    expect(() => server.hub.publish('tick', 3)).toThrow(ShuttingDownError);
    expect(server.hub.lastId).toBe(1);
  });
});

describe('bearerTokenCheck', () => {
  it('accepts exactly the expected token', () => {
    const isAuthorized = bearerTokenCheck(TOKEN);
    expect(isAuthorized(`Bearer ${TOKEN}`)).toBe(true);
    expect(isAuthorized(`bearer   ${TOKEN}`)).toBe(true);
    expect(isAuthorized(`Bearer ${TOKEN.slice(0, -1)}`)).toBe(false);
    expect(isAuthorized(`Bearer ${TOKEN}x`)).toBe(false);
    expect(isAuthorized(TOKEN)).toBe(false);
    expect(isAuthorized(undefined)).toBe(false);
    expect(isAuthorized('Bearer ')).toBe(false);
  });
});
