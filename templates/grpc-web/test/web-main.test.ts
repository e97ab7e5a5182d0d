import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { credentials, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { PriceUpdate__Output } from '../src/gen/grpc-js/stock/v1/PriceUpdate.js';
import { stockProto } from '../src/proto.js';
import { createStockClient, getPrice } from '../src/web/browser/price-feed.js';
import { unary } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('web main', () => {
  it('serves gRPC and the browser gateway on port 0, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/web/main.ts'], {
      cwd: root,
      env: { ...process.env, GRPC_PORT: '0', WEB_PORT: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const [address, url] = await new Promise<[string, string]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const grpc = /StockService listening on (\S+)/.exec(stdout)?.[1];
        const web = /gateway \(Connect, gRPC-Web\) listening on (\S+)/.exec(stdout)?.[1];
        if (grpc && web) resolve([grpc, web]);
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });

    const grpcClient = new stockProto.StockService(address, credentials.createInsecure());
    const viaGrpc = await unary<unknown, PriceUpdate__Output>(grpcClient.getPrice.bind(grpcClient) as never, { symbols: ['AAPL'] });
    grpcClient.close();
    const viaWeb = await getPrice(createStockClient({ baseUrl: url }), 'AAPL');
    expect(viaGrpc.symbol).toBe('AAPL');
    expect(viaWeb.symbol).toBe('AAPL');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stdout).toContain('stopped cleanly');
  });
});

describe('web main with AUTH_TOKEN and TLS', () => {
  it('applies the token and TLS to the gateway exactly as to the gRPC port', async () => {
    const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
    const token = 'a-long-enough-test-token';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/web/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        GRPC_PORT: '0',
        WEB_PORT: '0',
        AUTH_TOKEN: token,
        TLS_CERT: `${fixtures}localhost.crt`,
        TLS_KEY: `${fixtures}localhost.key`,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const [address, url] = await new Promise<[string, string]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const grpc = /StockService listening on (\S+)/.exec(stdout)?.[1];
        const web = /gateway \(Connect, gRPC-Web\) listening on (\S+)/.exec(stdout)?.[1];
        if (grpc && web) resolve([grpc, web]);
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^https:\/\//);
    const ca = readFileSync(`${fixtures}localhost.crt`);

    // The gRPC port: TLS, and UNAUTHENTICATED without the token.
    const grpcClient = new stockProto.StockService(address, credentials.createSsl(ca), { 'grpc.ssl_target_name_override': 'localhost' });
    await expect(unary(grpcClient.getPrice.bind(grpcClient) as never, { symbols: ['AAPL'] })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    grpcClient.close();

    // The gateway: the same. Plain HTTP gets nowhere, HTTPS without the token gets 401.
    const { port } = new URL(url);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const call = (authorization?: string) =>
      httpsPost(Number(port), ca, '/stock.v1.StockService/GetPrice', JSON.stringify({ symbols: ['AAPL'] }), {
        'content-type': 'application/json',
        ...(authorization ? { authorization } : {}),
      });
    const refused = await call();
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'unauthenticated', message: 'missing or invalid bearer token' });
    const allowed = await call(`Bearer ${token}`);
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.body)).toMatchObject({ symbol: 'AAPL' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('stopped cleanly');
  });
});

function httpsPost(
  port: number,
  ca: Buffer,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, method: 'POST', ca, servername: 'localhost', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
