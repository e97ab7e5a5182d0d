import { status, type ClientDuplexStream, type ClientReadableStream } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';
import { callError, healthClient, reflectionClient, startServer, take, unary, waitFor, type Running } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('createServer', () => {
  it('has no side effects until start()', async () => {
    const server = createServer({ port: 0 });
    expect(server.stats()).toMatchObject({ activeTimers: 0, activePriceStreams: 0 });
    await server.stop();
  });

  it('answers the standard health check for the server and for stock.v1.StockService', async () => {
    running = await startServer();
    const health = healthClient(running.address);
    for (const service of ['', 'stock.v1.StockService']) {
      const answer = await unary(health['check']!.bind(health) as never, { service });
      expect(answer).toEqual({ status: 'SERVING' });
    }
    await expect(unary(health['check']!.bind(health) as never, { service: 'nope.Service' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    health.close();
  });

  it('lists StockService and Health through server reflection', async () => {
    running = await startServer();
    const reflection = reflectionClient(running.address);
    const call = reflection['serverReflectionInfo']!() as ClientDuplexStream<unknown, { list_services_response?: { service: { name: string }[] } }>;
    const answer = take<{ list_services_response?: { service: { name: string }[] } }>(call, 1);
    call.write({ list_services: '' });
    const names = (await answer)[0]?.list_services_response?.service.map((s) => s.name);
    expect(names).toContain('stock.v1.StockService');
    expect(names).toContain('grpc.health.v1.Health');
    call.end();
    reflection.close();
  });

  it('describes stock.proto through reflection, so grpcurl needs no .proto file', async () => {
    running = await startServer();
    const reflection = reflectionClient(running.address);
    type Answer = { file_descriptor_response?: { file_descriptor_proto: Buffer[] } };
    const call = reflection['serverReflectionInfo']!() as ClientDuplexStream<unknown, Answer>;
    const answer = take<Answer>(call, 1);
    call.write({ file_containing_symbol: 'stock.v1.StockService' });
    const files = (await answer)[0]?.file_descriptor_response?.file_descriptor_proto ?? [];
    expect(Buffer.concat(files).toString('latin1')).toContain('StreamPrices');
    call.end();
    reflection.close();
  });

  it('shuts down gracefully: health NOT_SERVING, streams end with UNAVAILABLE, stop() resolves', async () => {
    running = await startServer({ priceIntervalMs: 20, shutdownGraceMs: 3_000 });
    const { server, address } = running;
    const health = healthClient(address);
    const watch = health['watch']!({ service: '' }) as ClientReadableStream<{ status: string }>;
    const statuses: string[] = [];
    const watchEnded = new Promise<void>((resolve) => {
      watch.on('data', (message) => statuses.push(message.status));
      watch.on('error', () => resolve());
      watch.on('end', () => resolve());
    });
    const prices = running.client.streamPrices({ symbols: ['AAPL'] });
    await take(prices, 1);
    const pricesError = callError(prices);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statuses).toEqual(['SERVING']);

    const started = Date.now();
    await server.stop();
    // Nothing was left to wait for, so the grace period was not used up.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await pricesError).toMatchObject({ code: status.UNAVAILABLE, details: 'server is shutting down' });
    await watchEnded;
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    expect(server.stats()).toMatchObject({ activeTimers: 0, activePriceStreams: 0 });

    const late = running.newClient();
    await expect(
      unary(late.getPrice.bind(late) as never, { symbols: ['AAPL'] }, { deadline: Date.now() + 1_000 }),
    ).rejects.toMatchObject({ code: status.UNAVAILABLE });
    health.close();
  });

  it('ends calls that outlive the grace period with UNAVAILABLE, which clients retry, not CANCELLED', async () => {
    running = await startServer({ getPriceDelayMs: 5_000, shutdownGraceMs: 200 });
    const pending = unary(running.client.getPrice.bind(running.client) as never, { symbols: ['AAPL'] });
    const server = running.server;
    await waitFor(() => server.stats().activeCalls === 1, 1_000, 'the call to reach the server');
    // Handled before stop(): stop() resolves once the connection has closed, so the status has
    // already reached the client by then.
    const outcome = expect(pending).rejects.toMatchObject({ code: status.UNAVAILABLE, details: 'server is shutting down' });
    await server.stop();
    await outcome;
    await waitFor(() => server.stats().activeTimers === 0, 1_000, 'the lookup timer to be cleared');
    expect(server.stats().activeCalls).toBe(0);
  });
});
