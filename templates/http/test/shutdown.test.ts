import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { allRecords, get, ndjson, nextRequest, openUpload, post, startServer } from './helpers.js';

describe('stop()', () => {
  it('lets an in-flight upload finish, then refuses new connections', async () => {
    const { server, url } = await startServer({ shutdownGraceMs: 2000 });
    const arrived = nextRequest(server);
    const upload = openUpload(url, { 'Idempotency-Key': 'in-flight' });
    upload.req.write('{"type":"a","value":1}\n');
    await arrived;

    const stopped = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    upload.req.end('{"type":"b","value":2}\n');
    const reply = await upload.response;
    expect(reply).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(reply.headers.connection).toBe('close');
    await stopped;
    await expect(get(`${url}/healthz`)).rejects.toThrow();
  });

  it('answers an upload that outlives the grace period with 503 SHUTTING_DOWN, after the grace, and stores none of it', async () => {
    const first = await startServer({ shutdownGraceMs: 300 });
    const arrived = nextRequest(first.server);
    const upload = openUpload(first.url, { 'Idempotency-Key': 'cut-off' });
    upload.req.write('{"type":"a","value":1}\n');
    await arrived;

    const started = performance.now();
    const stopped = first.server.stop();
    const reply = await upload.response;
    const answeredAfter = performance.now() - started;
    expect(reply).toMatchObject({ status: 503, body: { error: { code: 'SHUTTING_DOWN' } } });
    expect(reply.headers).toMatchObject({ 'retry-after': '1', connection: 'close' });
    // It was given the whole grace period first (timers may fire a little early, never late).
    expect(answeredAfter).toBeGreaterThanOrEqual(290);
    upload.req.destroy();
    await stopped;

    const second = await startServer({ dataDir: first.dataDir });
    expect(await allRecords(second.url)).toEqual([]);
    // Nothing was remembered for the key either: the retry runs.
    const retry = await post(second.url, ndjson([{ type: 'a', value: 1 }]), { 'Idempotency-Key': 'cut-off' });
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry).toMatchObject({ status: 202, body: { accepted: 1 } });
  });

  it('does not wait for a connection left half-open after an early 413: it closes it', async () => {
    const { server, url } = await startServer({ limits: { maxBodyBytes: 1024 }, shutdownGraceMs: 2000 });
    const upload = openUpload(url, { 'Content-Length': 10_000_000 });
    upload.req.write(Buffer.alloc(64 * 1024, 0x20));
    expect((await upload.response).status).toBe(413);
    const socket = upload.req.socket!;
    const closed = socket.destroyed ? Promise.resolve() : once(socket, 'close');

    const started = performance.now();
    await server.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    await closed; // the server ended the lingering connection; the client did nothing
    expect(server.httpServer.listening).toBe(false);
  });
});

describe('drain()', () => {
  it('answers /healthz 503 for the drain delay while still serving everything else, then stops', async () => {
    // Long enough for the checks below on a loaded machine; the lower bound is what matters.
    const { server, url } = await startServer({ drainDelayMs: 2000 });
    expect((await get(`${url}/healthz`)).status).toBe(200);

    const started = performance.now();
    const drained = server.drain();
    expect(await get(`${url}/healthz`)).toMatchObject({ status: 503, body: { status: 'draining' } });
    const ingest = await post(url, ndjson([{ type: 'during-drain', value: 1 }]));
    expect(ingest).toMatchObject({ status: 202, body: { accepted: 1 } });
    // Keep-alive clients are told to reconnect, through the load balancer, elsewhere.
    expect(ingest.headers.get('connection')).toBe('close');
    const page = await get(`${url}/records`);
    expect(page.status).toBe(200);
    expect(page.body.records).toEqual([{ id: 1, type: 'during-drain', value: 1 }]);

    await drained;
    expect(performance.now() - started).toBeGreaterThanOrEqual(1990);
    expect(server.httpServer.listening).toBe(false);
    await expect(get(`${url}/healthz`)).rejects.toThrow();
  });

  it('stop() during a drain skips the rest of the delay', async () => {
    const { server } = await startServer({ drainDelayMs: 60_000 });
    const drained = server.drain();
    await server.stop();
    await drained;
    expect(server.httpServer.listening).toBe(false);
  });
});
