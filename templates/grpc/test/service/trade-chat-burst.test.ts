import { Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { TradeMessage, TradeMessage__Output } from '../../src/gen/grpc-js/stock/v1/TradeMessage.js';
import type { StockServiceClient } from '../../src/gen/grpc-js/stock/v1/StockService.js';
import { quiet, sleep, startServer, waitFor, type Running } from '../helpers.js';

type Chat = ClientDuplexStream<TradeMessage, TradeMessage__Output>;

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

interface Member {
  call: Chat;
  got: number;
  code: number | undefined;
}

async function join(client: StockServiceClient, name: string, read = true): Promise<Member> {
  const metadata = new Metadata();
  metadata.set('x-participant', name);
  const member: Member = { call: quiet(client.tradeChat(metadata)), got: 0, code: undefined };
  member.call.on('status', (s: { code: number }) => (member.code = s.code));
  await new Promise((resolve) => member.call.once('metadata', resolve));
  member.call.on('data', () => member.got++);
  if (!read) member.call.pause();
  return member;
}

const own = { 'grpc.use_local_subchannel_pool': 1 };

describe('TradeChat under a burst', () => {
  // Issue 15: the backlog was judged by the count of messages grpc-js had not yet handed to
  // HTTP/2. A burst relayed in one tick queues the whole burst for every participant before
  // any write can complete, so a burst larger than chatBacklog dropped everyone, fast readers
  // included. A participant is now dropped only when its own backlog stays over the limit
  // for chatStallMs, as its write callbacks show.
  it('keeps every fast reader through a burst 8 times chatBacklog, and drops only the one that stopped reading', async () => {
    running = await startServer({ chatBacklog: 64, chatStallMs: 300 });
    const server = running.server;
    // 100 talkers on one connection: their messages reach the server in a few socket reads
    // and are relayed within one tick.
    const talkers: Member[] = [];
    for (let i = 0; i < 100; i++) talkers.push(await join(running.client, `talker-${i}`));
    const readers: Member[] = [];
    for (let i = 0; i < 3; i++) readers.push(await join(running.newClient(own), `reader-${i}`));
    const stalled = await join(running.newClient(own), 'stalled', false);

    const burst = 500;
    for (let i = 0; i < burst; i++) talkers[i % talkers.length]!.call.write({ text: `m${i}`.padEnd(200, '.') });
    // Every talker hears the 495 messages of the 99 others, every reader all 500.
    await waitFor(() => readers.every((r) => r.got === burst), 15_000, 'the readers to get the burst');
    await waitFor(() => talkers.every((t) => t.got === burst - 5), 15_000, 'the talkers to get the burst');

    // Then a slow trickle: the stalled participant stays over its limit past chatStallMs and
    // is dropped; the readers keep up and stay.
    let sent = burst;
    for (; sent < burst + 40 && server.stats().chatParticipantsDropped === 0; sent++) {
      talkers[0]!.call.write({ text: `m${sent}` });
      await sleep(25);
    }
    await waitFor(() => server.stats().chatParticipantsDropped === 1, 5_000, 'the stalled participant to be dropped');
    await waitFor(() => readers.every((r) => r.got === sent), 5_000, 'the readers to get the trickle');
    expect(server.stats().chatParticipants).toBe(103);
    expect(readers.map((r) => r.code)).toEqual([undefined, undefined, undefined]);
    expect(talkers.filter((t) => t.code !== undefined)).toHaveLength(0);
    stalled.call.resume();
    await waitFor(() => stalled.code !== undefined, 5_000, 'the stalled participant to read its status');
    expect(stalled.code).toBe(8); // RESOURCE_EXHAUSTED
    for (const member of [...talkers, ...readers]) member.call.end();
  });
});
