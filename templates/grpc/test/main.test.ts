import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { credentials, Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { PriceUpdate__Output } from '../src/gen/grpc-js/stock/v1/PriceUpdate.js';
import { stockProto } from '../src/proto.js';
import { callError, take, unary } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs the real entry (src/main.ts through tsx) like `npm run dev` would. */
function runMain(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

function exit(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function output(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

describe('main', () => {
  it('serves on GRPC_PORT=0, logs the address, and exits 0 on SIGTERM', async () => {
    const child = runMain({ GRPC_PORT: '0' });
    const stdout = output(child.stdout);
    const stderr = output(child.stderr);
    const exited = exit(child);
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (\S+)/.exec(stdout());
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr()}`)));
    });
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);

    const client = new stockProto.StockService(address, credentials.createInsecure());
    const update = await unary<unknown, PriceUpdate__Output>(client.getPrice.bind(client) as never, { symbols: ['AAPL'] });
    expect(update.symbol).toBe('AAPL');
    // A stream still open at SIGTERM is ended properly, with a status the client retries.
    const stream = client.streamPrices({ symbols: ['AAPL'] });
    await take(stream, 1);
    const streamEnded = callError(stream);

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await streamEnded).toMatchObject({ code: status.UNAVAILABLE, details: 'server is shutting down' });
    expect(stdout()).toContain('SIGTERM: shutting down');
    expect(stdout()).toContain('stopped cleanly');
    client.close();
  });

  // Issue 15: tokens never in logs. The right token, a wrong one, and the token inside request
  // fields and chat text all pass through the process; its output must never hold them.
  it('never writes AUTH_TOKEN, or a token a client sent, to its output', async () => {
    const token = 'main-test-secret-token-9f2c4e';
    const wrong = 'wrong-secret-token-71ab03d5e6';
    const child = runMain({ GRPC_PORT: '0', AUTH_TOKEN: token });
    const stdout = output(child.stdout);
    const stderr = output(child.stderr);
    const exited = exit(child);
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (\S+)/.exec(stdout());
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr()}`)));
    });
    const client = new stockProto.StockService(address, credentials.createInsecure());
    const withToken = (value: string): Metadata => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${value}`);
      return metadata;
    };
    const call = (metadata: Metadata, symbols: string[]): Promise<unknown> =>
      new Promise((resolve) => client.getPrice({ symbols }, metadata, (error: unknown, value: unknown) => resolve(error ?? value)));
    expect(await call(withToken(token), ['AAPL'])).toMatchObject({ symbol: 'AAPL' });
    expect(await call(withToken(wrong), ['AAPL'])).toMatchObject({ code: status.UNAUTHENTICATED });
    expect(await call(withToken(token), [token, wrong])).toMatchObject({ code: status.INVALID_ARGUMENT });
    const joined = (name: string): ReturnType<typeof client.tradeChat> => {
      const metadata = withToken(token);
      metadata.set('x-participant', name);
      const chat = client.tradeChat(metadata);
      chat.on('error', () => undefined);
      return chat;
    };
    const alice = joined('alice');
    const bob = joined('bob');
    await Promise.all([alice, bob].map((chat) => new Promise((resolve) => chat.once('metadata', resolve))));
    const heard = take(bob, 1);
    alice.write({ text: `my token is ${token} and ${wrong}` });
    expect(await heard).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    client.close();
    const printed = stdout() + stderr();
    expect(printed).toContain('stopped cleanly');
    expect(printed).not.toContain(token);
    expect(printed).not.toContain(wrong);
  });

  it('exits 2 with a clear message on a bad environment variable', async () => {
    const child = runMain({ GRPC_PORT: 'fifty' });
    const stderr = output(child.stderr);
    expect(await exit(child)).toBe(2);
    expect(stderr()).toContain('config error: GRPC_PORT must be an integer from 0 to 65535, got "fifty"');
  });
});
