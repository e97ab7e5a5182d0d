import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSuccess, installTestTypecheck, makeTempDir, npmStart, portClosed, scaffold } from '../helpers.js';

describe('init grpc: scaffold, install, test, start, call every mode through the starter\'s clients, stop', () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  let dir: string;

  beforeAll(async () => {
    work = await makeTempDir('grpc');
    dir = await scaffold('grpc', work.path, 'prices');
  });
  afterAll(() => work.remove());

  it('carries its own copy of the proto contract', async () => {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const copied = await readFile(join(dir, 'proto', 'stock.proto'), 'utf8');
    expect(copied).toBe(await readFile(new URL('../../../proto/stock.proto', import.meta.url), 'utf8'));
  });

  it('installs and passes its own tests', () => installTestTypecheck(dir));

  it('starts with npm start, answers the unary and streaming clients, and stops cleanly', async () => {
    const server = await npmStart(dir, { GRPC_PORT: '0' }, /StockService listening on [\d.]+:(\d+)/);
    const env = { GRPC_TARGET: `127.0.0.1:${server.port}` };

    const price = await expectSuccess('npm', ['run', '--silent', 'client:price', '--', 'AAPL'], dir, env);
    expect(price).toMatch(/AAPL \$\d+\.\d\d at \d{4}-/);

    const stream = await expectSuccess('npm', ['run', '--silent', 'client:prices', '--', 'GOOG', 'MSFT'], dir, { ...env, STREAM_SECONDS: '1' });
    expect(stream.match(/GOOG/g)?.length ?? 0).toBeGreaterThan(3);
    expect(stream.match(/MSFT/g)?.length ?? 0).toBeGreaterThan(3);

    const upload = await expectSuccess('npm', ['run', '--silent', 'client:upload'], dir, env);
    expect(upload).toMatch(/\d+ trades?/i);

    const stopped = await server.terminate();
    expect(stopped.ms).toBeLessThan(5000);
    expect(server.log()).toContain('SIGTERM: shutting down');
    expect(server.log()).toContain('stopped cleanly');
    expect(await portClosed(server.port)).toBe(true);
  });
});

describe('init grpc --web: the browser gateway speaks Connect to a plain fetch', () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  let dir: string;

  beforeAll(async () => {
    work = await makeTempDir('grpc-web');
    dir = await scaffold('grpc', work.path, 'prices-web', ['--web']);
  });
  afterAll(() => work.remove());

  it('installs and passes its own tests, the gateway\'s included', () => installTestTypecheck(dir));

  it('serves the page and answers GetPrice over the Connect protocol, then stops cleanly', async () => {
    const server = await npmStart(dir, { GRPC_PORT: '0', WEB_PORT: '0' }, /browser gateway \(Connect, gRPC-Web\) listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const base = `http://127.0.0.1:${server.port}`;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);

    const response = await fetch(`${base}/stock.v1.StockService/GetPrice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'connect-protocol-version': '1' },
      body: JSON.stringify({ symbols: ['AAPL'] }),
    });
    expect(response.status).toBe(200);
    const update = (await response.json()) as { symbol: string; price: number };
    expect(update.symbol).toBe('AAPL');
    expect(update.price).toBeGreaterThan(0);

    const stopped = await server.terminate();
    expect(stopped.ms).toBeLessThan(5000);
    expect(server.log()).toContain('stopped cleanly');
    expect(await portClosed(server.port)).toBe(true);
  });
});
