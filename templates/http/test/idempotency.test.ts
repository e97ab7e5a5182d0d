import { describe, expect, it } from 'vitest';
import { allRecords, ndjson, nextRequest, openUpload, post, startServer } from './helpers.js';

const body = ndjson([
  { type: 'a', value: 1 },
  { type: 'b', value: 2 },
  { type: 'c', value: 'not a number' },
]);

describe('Idempotency-Key', () => {
  it('replays the first answer for a retry and stores the records once', async () => {
    const { url } = await startServer();
    const first = await post(url, body, { 'Idempotency-Key': 'upload-1' });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await post(url, body, { 'Idempotency-Key': 'upload-1' });
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await allRecords(url)).toHaveLength(2);

    const other = await post(url, body, { 'Idempotency-Key': 'upload-2' });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await allRecords(url)).toHaveLength(4);
  });

  it('answers 409 to a duplicate that arrives while the first is still in flight', async () => {
    const { server, url } = await startServer();
    const arrived = nextRequest(server);
    const first = openUpload(url, { 'Idempotency-Key': 'slow-1' });
    first.req.write('{"type":"a","value":1}\n');
    await arrived;

    const duplicate = await post(url, body, { 'Idempotency-Key': 'slow-1' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(duplicate.headers.get('retry-after')).toBe('1');

    first.req.end('{"type":"b","value":2}\n');
    expect(await first.response).toMatchObject({ status: 202, body: { accepted: 2 } });
    // The client's retry of that same upload (it lost the connection, say) gets the answer.
    const retry = await post(url, '{"type":"a","value":1}\n{"type":"b","value":2}\n', { 'Idempotency-Key': 'slow-1' });
    expect(retry).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await allRecords(url)).toHaveLength(2);
  });

  it('answers 422 to the same key with a different body, and stores nothing from it', async () => {
    const { url } = await startServer();
    expect((await post(url, body, { 'Idempotency-Key': 'bound-1' })).status).toBe(202);
    const differentBodies: Array<[string, Record<string, string>]> = [
      [body.replace('"b"', '"x"'), {}], // same length, other bytes
      [ndjson([{ type: 'a', value: 1 }]), {}], // shorter
      [`${body}{"type":"d","value":4}\n`, {}], // longer
      [body, { 'Content-Type': 'application/json' }], // same bytes, other meaning
    ];
    for (const [other, headers] of differentBodies) {
      const reply = await post(url, other, { 'Idempotency-Key': 'bound-1', ...headers });
      expect(reply).toMatchObject({ status: 422, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
    }
    expect(await allRecords(url)).toHaveLength(2);
    const same = await post(url, body, { 'Idempotency-Key': 'bound-1' });
    expect(same.status).toBe(202);
    expect(same.headers.get('idempotent-replayed')).toBe('true');
  });

  it('still answers 422 for a different body after a restart', async () => {
    const first = await startServer();
    await post(first.url, body, { 'Idempotency-Key': 'bound-2' });
    await first.server.stop();
    const second = await startServer({ dataDir: first.dataDir });
    const reply = await post(second.url, body.replace('"a"', '"z"'), { 'Idempotency-Key': 'bound-2' });
    expect(reply.status).toBe(422);
  });

  it('does not remember a 202 that stored nothing, so the fixed body with the same key is stored', async () => {
    const { url } = await startServer();
    const nothing = await post(url, ndjson([{ type: 'a', value: 'oops' }]), { 'Idempotency-Key': 'fix-me-2' });
    expect(nothing).toMatchObject({ status: 202, body: { accepted: 0 } });
    const fixed = await post(url, ndjson([{ type: 'a', value: 1 }]), { 'Idempotency-Key': 'fix-me-2' });
    expect(fixed).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    expect(await allRecords(url)).toEqual([{ id: 1, type: 'a', value: 1 }]);
  });

  it('does not remember errors, so the client can fix the body and retry with the same key', async () => {
    const { url } = await startServer();
    const bad = await post(url, '{"type":', { 'Idempotency-Key': 'fix-me' });
    expect(bad.status).toBe(400);
    const fixed = await post(url, body, { 'Idempotency-Key': 'fix-me' });
    expect(fixed.status).toBe(202);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects an empty or oversized key with 400', async () => {
    const { url } = await startServer();
    for (const key of [' ', 'k'.repeat(256)]) {
      const reply = await post(url, body, { 'Idempotency-Key': key });
      expect(reply).toMatchObject({ status: 400, body: { error: { code: 'INVALID_IDEMPOTENCY_KEY' } } });
    }
  });

  it('keeps replaying after a restart, because the key was committed with its records', async () => {
    const first = await startServer();
    const original = await post(first.url, body, { 'Idempotency-Key': 'durable-1' });
    await first.server.stop();

    const second = await startServer({ dataDir: first.dataDir });
    const retry = await post(second.url, body, { 'Idempotency-Key': 'durable-1' });
    expect(retry.body).toEqual(original.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await allRecords(second.url)).toHaveLength(2);
  });

  it('forgets keys past the TTL', async () => {
    const { url } = await startServer({ idempotency: { ttlMs: 50 } });
    await post(url, body, { 'Idempotency-Key': 'short-lived' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    const later = await post(url, body, { 'Idempotency-Key': 'short-lived' });
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(await allRecords(url)).toHaveLength(4);
  });
});
