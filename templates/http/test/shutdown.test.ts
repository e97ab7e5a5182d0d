import { describe, expect, it } from 'vitest';
import { allRecords, get, nextRequest, openUpload, startServer } from './helpers.js';

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

  it('cuts off an upload that outlives the grace period and stores none of it', async () => {
    const first = await startServer({ shutdownGraceMs: 200 });
    const arrived = nextRequest(first.server);
    const upload = openUpload(first.url);
    upload.req.write('{"type":"a","value":1}\n');
    await arrived;

    const started = performance.now();
    await first.server.stop();
    expect(performance.now() - started).toBeLessThan(2000);
    await expect(upload.response).rejects.toThrow();

    const second = await startServer({ dataDir: first.dataDir });
    expect(await allRecords(second.url)).toEqual([]);
  });

  it('does not wait for a connection left half-open after an early 413', async () => {
    const { server, url } = await startServer({ limits: { maxBodyBytes: 1024 }, shutdownGraceMs: 2000 });
    const upload = openUpload(url, { 'Content-Length': 10_000_000 });
    upload.req.write(Buffer.alloc(64 * 1024, 0x20));
    expect((await upload.response).status).toBe(413);

    const started = performance.now();
    await server.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    upload.req.destroy();
  });
});
