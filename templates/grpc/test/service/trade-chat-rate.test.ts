import { Metadata, status, type ClientDuplexStream } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { StockServiceClient } from '../../src/gen/grpc-js/stock/v1/StockService.js';
import type { TradeMessage, TradeMessage__Output } from '../../src/gen/grpc-js/stock/v1/TradeMessage.js';
import { callError, quiet, sleep, startServer, type Running } from '../helpers.js';

// chatMessageRate / chatMessageBurst. Review: one participant writing as fast as backpressure
// let it filled every reader's backlog, and the slow-reader rule dropped the honest readers
// (one after 69,047 messages) while the flooder kept the room.

type Chat = ClientDuplexStream<TradeMessage, TradeMessage__Output>;

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function join(client: StockServiceClient, name: string): Promise<Chat> {
  const metadata = new Metadata();
  metadata.set('x-participant', name);
  const call = quiet(client.tradeChat(metadata));
  await new Promise((resolve) => call.once('metadata', resolve));
  return call;
}

describe('TradeChat sending limit', () => {
  it('ends a flooding sender with RESOURCE_EXHAUSTED after its burst, and the reader keeps its place and gets the burst', async () => {
    running = await startServer({ chatMessageRate: 5, chatMessageBurst: 10 });
    const flooder = await join(running.client, 'flooder');
    const reader = await join(running.newClient(), 'reader');
    let read = 0;
    reader.on('data', () => (read += 1));
    const ended = callError(flooder);
    for (let i = 0; i < 50; i += 1) flooder.write({ text: `m${i}` });
    const error = await ended;
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error.details).toBe('flooder: this address sent more than 5 chat messages a second (10 at once); dropped from the chat');
    await sleep(200);
    expect(read).toBe(10);
    const stats = running.server.stats();
    expect(stats.chatSendersLimited).toBe(1);
    expect(stats.chatParticipants).toBe(1);
  });

  it('lets a sender at its sustained rate go on, past its burst', async () => {
    running = await startServer({ chatMessageRate: 50, chatMessageBurst: 5 });
    const talker = await join(running.client, 'talker');
    const reader = await join(running.newClient(), 'reader');
    let read = 0;
    reader.on('data', () => (read += 1));
    let failed = false;
    talker.on('error', () => (failed = true));
    // 30 messages at 25 a second: six times the burst, at half the rate.
    for (let i = 0; i < 30; i += 1) {
      talker.write({ text: `m${i}` });
      await sleep(40);
    }
    await sleep(200);
    expect(failed).toBe(false);
    expect(read).toBe(30);
    expect(running.server.stats().chatSendersLimited).toBe(0);
  });

  it('shares one allowance between every chat call from an address, and a rejoin does not refill it', async () => {
    // Second review: with a bucket per call, 15 calls on one connection sent 15 times the rate.
    running = await startServer({ chatMessageRate: 5, chatMessageBurst: 10 });
    const reader = await join(running.newClient({ 'grpc.use_local_subchannel_pool': 1 }), 'reader');
    let read = 0;
    reader.on('data', () => (read += 1));
    const one = await join(running.client, 'one');
    const two = await join(running.client, 'two');
    const cut = Promise.race([callError(one), callError(two)]);
    for (let i = 0; i < 8; i += 1) {
      one.write({ text: `one ${i}` });
      two.write({ text: `two ${i}` });
    }
    expect((await cut).code).toBe(status.RESOURCE_EXHAUSTED);
    await sleep(200);
    // Ten between them (both from 127.0.0.1), not ten each.
    expect(read).toBe(10);
    one.cancel();
    two.cancel();
    await sleep(100);
    // Rejoining finds the address's bucket where it was (refilled at 5 a second meanwhile), not full.
    const again = await join(running.client, 'again');
    const refused = callError(again);
    for (let i = 0; i < 6; i += 1) again.write({ text: `back so soon ${i}` });
    expect((await refused).code).toBe(status.RESOURCE_EXHAUSTED);
    await sleep(100);
    expect(read - 10).toBeLessThan(6);
  });
});
