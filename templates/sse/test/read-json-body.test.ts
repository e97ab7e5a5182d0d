import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonBody } from '../src/read-json-body.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real server whose handler is `handle`; resolves with the port. */
async function serve(handle: (req: IncomingMessage) => Promise<string>): Promise<number> {
  const server = createServer((req, res) => {
    void handle(req).then((text) => res.end(text));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function post(port: number, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', headers: { 'Content-Type': 'application/json' }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const settled = (promise: Promise<unknown>): Promise<string> =>
  Promise.race([
    promise.then(
      (value) => `resolved ${JSON.stringify(value)}`,
      (error: Error & { code?: string }) => `rejected ${error.code ?? error.message}`,
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve('still pending after 1 s'), 1000)),
  ]);

describe('readJsonBody', () => {
  // Review of 53eaf50: with the reader hung on the request under one symbol and module-level
  // listeners, a second read of the same request replaced the first reader (whose promise never
  // settled: a handler awaiting it hangs forever) and added onData a second time, so the second
  // reader counted every chunk twice and saw the body doubled: invalid_json. Before 53eaf50
  // (closures per call) both reads resolved with the body.
  it('settles two reads of one request, each with the body, and leaves no listener behind', async () => {
    let listeners = -1;
    const port = await serve(async (req) => {
      const first = readJsonBody(req, 1000);
      const second = readJsonBody(req, 1000);
      const outcome = await Promise.all([settled(first), settled(second)]);
      listeners = req.listenerCount('data') + req.listenerCount('end') + req.listenerCount('error');
      return outcome.join(' | ');
    });
    expect(await post(port, '{"a":1}')).toBe('resolved {"a":1} | resolved {"a":1}');
    expect(listeners).toBe(0);
  });
});
