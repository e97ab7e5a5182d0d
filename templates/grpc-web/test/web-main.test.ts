import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { credentials } from '@grpc/grpc-js';
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
