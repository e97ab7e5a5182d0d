import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { stockProto } from '../../src/proto.js';
import { waitFor } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DRAIN_MS = 500;
const GRACE_MS = 1_000;
const STREAMS = 200;
const CONNECTIONS = 4;

describe('campaign: SIGTERM with 200 streams open', () => {
  it('drains, exits 0 within drain + grace, and gives every stream a gRPC status (UNAVAILABLE)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      // All 200 streams come from one address: its share (MAX_PRICE_STREAMS_PER_IP) is turned off.
      env: {
        ...process.env,
        GRPC_PORT: '0',
        PRICE_INTERVAL_MS: '50',
        DRAIN_DELAY_MS: String(DRAIN_MS),
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        MAX_PRICE_STREAMS_PER_IP: '0',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening on (\S+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });

    // 4 connections x 50 streams: within the default 100 concurrent streams per connection.
    const clients = Array.from(
      { length: CONNECTIONS },
      () => new stockProto.StockService(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }),
    );
    const statuses: number[] = [];
    let flowing = 0;
    const calls = Array.from({ length: STREAMS }, (_, i) => {
      const call = clients[i % CONNECTIONS]!.streamPrices({ symbols: ['AAPL'] });
      let first = true;
      call.on('data', () => {
        if (first) flowing++;
        first = false;
      });
      call.on('error', () => undefined);
      call.on('status', (s: grpc.StatusObject) => statuses.push(s.code));
      return call;
    });
    await waitFor(() => flowing === STREAMS, 20_000, 'every stream to flow');

    const started = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const elapsed = Date.now() - started;
    await waitFor(() => statuses.length === STREAMS, 5_000, 'a status on every stream');
    const unavailable = statuses.filter((s) => s === grpc.status.UNAVAILABLE).length;
    console.log(`SIGTERM with ${STREAMS} streams: exit ${code} after ${elapsed} ms (drain ${DRAIN_MS} + grace ${GRACE_MS}), statuses: ${unavailable} UNAVAILABLE of ${statuses.length}`);

    expect(code).toBe(0);
    expect(stdout).toContain('stopped cleanly');
    // Exit 0 means the stop fit drain + grace + margin: past that, main() exits 1 by itself.
    // And the drain was kept, not skipped.
    expect(elapsed).toBeGreaterThanOrEqual(DRAIN_MS);
    expect(unavailable).toBe(STREAMS);
    for (const client of clients) client.close();
    expect(calls).toHaveLength(STREAMS);
  }, 60_000);
});
