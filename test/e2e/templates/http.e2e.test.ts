import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTestTypecheck, makeTempDir, npmStart, portClosed, scaffold } from '../helpers.js';

const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

describe('init http: scaffold, install, test, start, ingest, restart, stop', () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  let dir: string;

  beforeAll(async () => {
    work = await makeTempDir('http');
    dir = await scaffold('http', work.path, 'ingest');
  });
  afterAll(() => work.remove());

  it('installs and passes its own tests', () => installTestTypecheck(dir));

  it('accepts NDJSON once per idempotency key and keeps it across a restart', async () => {
    const env = { PORT: '0', DATA_DIR: join(work.path, 'data') };
    const first = await npmStart(dir, env, port);
    const ingest = (body: string) =>
      fetch(`http://127.0.0.1:${first.port}/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': 'batch-1' },
        body,
      });
    const body = '{"type":"temp","value":21.5}\n{"type":"temp","value":"hot"}\n{"type":"temp","value":22}\n';
    const answer = await ingest(body);
    expect(answer.status).toBe(202);
    const json = (await answer.json()) as { accepted: number; rejected: { line: number }[] };
    expect(json.accepted).toBe(2);
    expect(json.rejected.map((r) => r.line)).toEqual([2]);

    const retry = await ingest(body);
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual(json);

    const stopped = await first.terminate();
    expect(stopped.ms).toBeLessThan(5000);
    expect(first.log()).toContain('ingest server stopped');
    expect(await portClosed(first.port)).toBe(true);

    const second = await npmStart(dir, env, port);
    const records = (await (await fetch(`http://127.0.0.1:${second.port}/records?after=0`)).json()) as { records: { value: number }[] };
    expect(records.records.map((r) => r.value)).toEqual([21.5, 22]);
    await second.terminate();
    expect(second.log()).toContain('ingest server stopped');
  });
});
