import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { allRecords, ndjson, nextRequest, openUpload, post, startServer } from './helpers.js';

describe('POST /ingest', () => {
  it('accepts one JSON record and a JSON array, naming rejected items by position', async () => {
    const { url } = await startServer();
    const one = await post(url, JSON.stringify({ type: 'temp', value: 1 }), { 'Content-Type': 'application/json' });
    expect(one).toMatchObject({ status: 202, body: { accepted: 1, rejected: [], rejectedOmitted: 0 } });

    const array = [{ type: 'a', value: 2 }, { type: 'b' }, { type: 'c', value: 3, ts: '2026-01-31T12:00:00Z' }];
    const many = await post(url, JSON.stringify(array), { 'Content-Type': 'application/json; charset=utf-8' });
    expect(many.status).toBe(202);
    expect(many.body).toEqual({
      accepted: 2,
      rejected: [{ line: 2, error: '"value" must be a finite number' }],
      rejectedOmitted: 0,
    });
    expect((await allRecords(url)).map((record) => [record.id, record.type])).toEqual([
      [1, 'temp'],
      [2, 'a'],
      [3, 'c'],
    ]);
  });

  it('refuses invalid UTF-8 with 400 INVALID_UTF8 instead of storing U+FFFD, NDJSON and JSON', async () => {
    const { url } = await startServer();
    const bad = Buffer.from('{"type":"caf\xe9","value":1}', 'latin1'); // Latin-1 é: not UTF-8
    const nd = await fetch(`${url}/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: Buffer.concat([Buffer.from('{"type":"ok","value":1}\n'), bad, Buffer.from('\n')]),
    });
    expect(nd.status).toBe(400);
    expect(await nd.json()).toMatchObject({ error: { code: 'INVALID_UTF8', line: 2 } });
    const json = await fetch(`${url}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bad });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: { code: 'INVALID_UTF8' } });
    expect(await allRecords(url)).toEqual([]);
    // Real UTF-8 (including 4-byte sequences) is fine.
    expect((await post(url, ndjson([{ type: 'café 🌡', value: 1 }]))).status).toBe(202);
    expect((await allRecords(url)).map((record) => record.type)).toEqual(['café 🌡']);
  });

  it('accepts NDJSON with blank lines, CRLF and no final newline, naming rejected lines', async () => {
    const { url } = await startServer();
    const body =
      '{"type":"a","value":1}\r\n\n{"type":"b","value":"x"}\n{"type":"c","value":3,"ts":"2026-01-31T12:00:00Z"}';
    const reply = await post(url, body);
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({
      accepted: 2,
      rejected: [{ line: 3, error: '"value" must be a finite number' }],
      rejectedOmitted: 0,
    });
    expect(await allRecords(url)).toEqual([
      { id: 1, type: 'a', value: 1 },
      { id: 2, type: 'c', value: 3, ts: '2026-01-31T12:00:00Z' },
    ]);
  });

  it('caps the rejected list and counts the rest', async () => {
    const { url } = await startServer({ limits: { maxRejected: 2 } });
    const reply = await post(url, ndjson([{ type: 'ok', value: 1 }, {}, {}, {}, {}]));
    expect(reply.body.accepted).toBe(1);
    expect(reply.body.rejected.map((item: { line: number }) => item.line)).toEqual([2, 3]);
    expect(reply.body.rejectedOmitted).toBe(2);
  });

  it('answers 415 for other content types and for compressed bodies', async () => {
    const { url } = await startServer();
    expect(await post(url, 'x', { 'Content-Type': 'text/plain' })).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } },
    });
    expect(await post(url, '{}', { 'Content-Type': 'application/json; charset=latin1' })).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } },
    });
    expect(await post(url, 'x', { 'Content-Encoding': 'gzip' })).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_CONTENT_ENCODING' } },
    });
  });

  it('answers 400 naming the malformed line, and stores nothing from that upload', async () => {
    const { url } = await startServer();
    const reply = await post(url, '{"type":"a","value":1}\n{"type":"b","value":2}\n{"type":\n');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'MALFORMED_JSON', line: 3 });
    expect(reply.body.error.message).toMatch(/^line 3: /);

    const json = await post(url, '{"type":"a",', { 'Content-Type': 'application/json' });
    expect(json).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_JSON' } } });
    expect(await allRecords(url)).toEqual([]);
  });

  it('rejects a declared Content-Length over the limit with 413 before reading the body', async () => {
    const { url } = await startServer({ limits: { maxBodyBytes: 1024 } });
    // The client promises 100 MB but sends nothing: the answer must not wait for the body.
    const { req, response } = openUpload(url, { 'Content-Length': 100_000_000 });
    req.flushHeaders();
    const reply = await response;
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('BODY_TOO_LARGE');
    expect(reply.headers.connection).toBe('close');
    req.destroy();
  });

  it('applies the lower JSON limit to application/json bodies', async () => {
    const { url } = await startServer({ limits: { maxBodyBytes: 10_000, maxJsonBodyBytes: 100 } });
    const big = JSON.stringify(Array.from({ length: 10 }, () => ({ type: 'temp', value: 1 })));
    const reply = await post(url, big, { 'Content-Type': 'application/json' });
    expect(reply).toMatchObject({ status: 413, body: { error: { code: 'BODY_TOO_LARGE' } } });
    expect((await post(url, ndjson(JSON.parse(big)))).status).toBe(202);
  });

  it('stops reading a chunked body once it passes the limit: 413, then it closes the connection', async () => {
    const limit = 64 * 1024;
    const { url } = await startServer({ limits: { maxBodyBytes: limit } });
    const { req, response } = openUpload(url);
    const serverClosed = new Promise<void>((resolve) => req.on('socket', (socket) => socket.once('end', resolve)));
    let answered = false;
    const answer = response.finally(() => (answered = true));
    const line = Buffer.from(`${JSON.stringify({ type: 'filler', value: 1 })}\n`);
    const chunk = Buffer.concat(Array.from({ length: 1000 }, () => line));
    let written = 0;
    // Write like a client that ignores everything but the answer, up to 200 MB.
    while (!answered && written < 200 * 1024 * 1024) {
      written += chunk.length;
      if (!req.write(chunk)) await Promise.race([once(req, 'drain'), answer]);
    }
    const reply = await answer;
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('BODY_TOO_LARGE');
    expect(reply.headers.connection).toBe('close');
    // Only socket buffers' worth got past the limit: the server read no further...
    expect(written).toBeLessThan(limit + 16 * 1024 * 1024);
    // ...and it ended the connection (FIN) instead of waiting for the rest.
    await serverClosed;
    req.destroy();
  });

  it('answers 413 LINE_TOO_LONG for one oversized NDJSON line', async () => {
    const { url } = await startServer({ limits: { maxLineBytes: 100 } });
    const reply = await post(url, `{"type":"a","value":1}\n{"type":"${'x'.repeat(200)}","value":1}\n`);
    expect(reply).toMatchObject({ status: 413, body: { error: { code: 'LINE_TOO_LONG', line: 2 } } });
    expect(await allRecords(url)).toEqual([]);
  });

  it('answers 503 BUSY with Retry-After when too many uploads run at once', async () => {
    const { server, url } = await startServer({ limits: { maxConcurrentIngests: 1 } });
    const arrived = nextRequest(server);
    const slow = openUpload(url);
    slow.req.write('{"type":"a","value":1}\n');
    await arrived;
    const reply = await post(url, ndjson([{ type: 'b', value: 2 }]));
    expect(reply).toMatchObject({ status: 503, body: { error: { code: 'BUSY' } } });
    expect(reply.headers.get('retry-after')).toBe('1');
    slow.req.end();
    expect((await slow.response).status).toBe(202);
  });
});

describe('Expect: 100-continue', () => {
  it('refuses an oversized upload before the client sends it, and says "continue" otherwise', async () => {
    const { url } = await startServer({ limits: { maxBodyBytes: 1024 } });
    const body = '{"type":"a","value":1}\n';

    const tooBig = openUpload(url, { Expect: '100-continue', 'Content-Length': 10_000_000 });
    let told = false;
    tooBig.req.on('continue', () => (told = true));
    tooBig.req.flushHeaders();
    expect(await tooBig.response).toMatchObject({ status: 413, body: { error: { code: 'BODY_TOO_LARGE' } } });
    expect(told).toBe(false);
    tooBig.req.destroy();

    const fine = openUpload(url, { Expect: '100-continue', 'Content-Length': Buffer.byteLength(body) });
    fine.req.on('continue', () => fine.req.end(body));
    fine.req.flushHeaders();
    expect(await fine.response).toMatchObject({ status: 202, body: { accepted: 1 } });
  });
});
