import { Metadata, status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerTokenInterceptor, sameToken } from '../src/auth.js';
import { callError, healthClient, startServer, take, unary, type Running } from './helpers.js';

const TOKEN = 'a-long-enough-test-token';
let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const bearer = (token: string): Metadata => {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
};

describe('bearerTokenInterceptor', () => {
  it('lets calls with the token through and refuses the others with UNAUTHENTICATED', async () => {
    running = await startServer({ interceptors: [bearerTokenInterceptor(sameToken(TOKEN))] });
    const { client } = running;
    const getPrice = (metadata: Metadata) =>
      new Promise((resolve, reject) =>
        client.getPrice({ symbols: ['AAPL'] }, metadata, (error, value) => (error ? reject(error) : resolve(value))),
      );
    await expect(getPrice(bearer(TOKEN))).resolves.toMatchObject({ symbol: 'AAPL' });
    await expect(getPrice(new Metadata())).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    await expect(getPrice(bearer('a-long-enough-wrong-token'))).rejects.toMatchObject({ code: status.UNAUTHENTICATED });

    const denied = await callError(client.streamPrices({ symbols: ['AAPL'] }));
    expect(denied.code).toBe(status.UNAUTHENTICATED);
    const allowed = client.streamPrices({ symbols: ['AAPL'] }, bearer(TOKEN));
    expect(await take(allowed, 1)).toHaveLength(1);
    allowed.cancel();
  });

  it('leaves health checks open for probes', async () => {
    running = await startServer({ interceptors: [bearerTokenInterceptor(sameToken(TOKEN))] });
    const health = healthClient(running.address);
    expect(await unary(health['check']!.bind(health) as never, { service: '' })).toEqual({ status: 'SERVING' });
    health.close();
  });
});
