import { Metadata, status, type ClientDuplexStream } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { TradeMessage, TradeMessage__Output } from '../../src/gen/grpc-js/stock/v1/TradeMessage.js';
import type { StockServiceClient } from '../../src/gen/grpc-js/stock/v1/StockService.js';
import { callError, quiet, sleep, startServer, take, waitFor, type Running } from '../helpers.js';

type Chat = ClientDuplexStream<TradeMessage, TradeMessage__Output>;

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Joins the chat and resolves once the server has registered the participant. */
async function join(client: StockServiceClient, name?: string): Promise<Chat> {
  const metadata = new Metadata();
  if (name !== undefined) metadata.set('x-participant', name);
  // Open calls end with UNAVAILABLE when afterEach stops the server; that is expected.
  const call = quiet(client.tradeChat(metadata));
  await new Promise((resolve) => call.once('metadata', resolve));
  return call;
}

describe('TradeChat', () => {
  it('relays a message to the other participant, stamped with sender and time, without echo', async () => {
    running = await startServer();
    const alice = await join(running.client, 'alice');
    const bob = await join(running.newClient(), 'bob');
    let aliceGot = 0;
    alice.on('data', () => aliceGot++);

    const received = take<TradeMessage__Output>(bob, 1);
    alice.write({ text: 'AAPL looks cheap', symbol: 'AAPL', sender: 'mallory', timestamp: 1 });
    const [message] = await received;
    expect(message).toMatchObject({ sender: 'alice', text: 'AAPL looks cheap', symbol: 'AAPL' });
    expect(Math.abs(message!.timestamp - Date.now())).toBeLessThan(5_000);

    const back = take<TradeMessage__Output>(alice, 1);
    bob.write({ text: 'agreed' });
    expect((await back)[0]).toMatchObject({ sender: 'bob', text: 'agreed', symbol: '' });
    await sleep(50);
    expect(aliceGot).toBe(1);
    alice.end();
    bob.end();
  });

  it('lets participants leave without affecting the others', async () => {
    running = await startServer();
    const server = running.server;
    const [a, b, c] = [await join(running.client, 'a'), await join(running.newClient(), 'b'), await join(running.newClient(), 'c')];
    expect(server.stats().chatParticipants).toBe(3);

    // b leaves politely (half-close -> OK), c disappears (cancel).
    const bEnded = new Promise((resolve) => b.on('status', resolve));
    b.on('data', () => undefined);
    b.end();
    expect(await bEnded).toMatchObject({ code: status.OK });
    c.cancel();
    await waitFor(() => server.stats().chatParticipants === 1, 1_000, 'b and c to leave');

    const d = await join(running.newClient(), 'd');
    const received = take<TradeMessage__Output>(d, 1);
    a.write({ text: 'still here' });
    expect((await received)[0]).toMatchObject({ sender: 'a', text: 'still here' });
    a.end();
    d.end();
  });

  it('names anonymous participants and refuses bad names', async () => {
    running = await startServer();
    const anonymous = await join(running.client);
    const listener = await join(running.newClient(), 'listener');
    const received = take<TradeMessage__Output>(listener, 1);
    anonymous.write({ text: 'hi' });
    expect((await received)[0]?.sender).toMatch(/^trader-\d+$/);

    const metadata = new Metadata();
    metadata.set('x-participant', 'not a name!');
    const error = await callError(running.newClient().tradeChat(metadata));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain('x-participant');
    anonymous.end();
    listener.end();
  });

  it('ends the sender with INVALID_ARGUMENT for an empty or too long text', async () => {
    running = await startServer({ maxChatTextLength: 5 });
    const chat = await join(running.client, 'talker');
    const error = callError(chat);
    chat.write({ text: 'far too long' });
    expect(await error).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'text: 12 characters, at most 5 allowed' });
  });

  it('drops a participant that does not read with RESOURCE_EXHAUSTED, and only that one', async () => {
    // A sender faster than the default limit: this is about a reader (the limit: trade-chat-rate.test.ts).
    running = await startServer({ chatBacklog: 8, chatStallMs: 100, chatMessageRate: 1_000_000, chatMessageBurst: 1_000_000 });
    const server = running.server;
    const talker = await join(running.client, 'talker');
    const reader = await join(running.newClient(), 'reader');
    const stalled = await join(running.newClient(), 'stalled');
    // Read once, then stop: grpc-js clients apply HTTP/2 flow control only after the first read.
    let stalledRead = 0;
    stalled.on('data', () => stalledRead++);
    stalled.pause();
    let read = 0;
    reader.on('data', () => read++);

    // Big messages fill the stalled participant's HTTP/2 window quickly.
    const text = 'x'.repeat(1_000);
    let written = 0;
    for (; written < 400 && server.stats().chatParticipantsDropped === 0; written++) {
      talker.write({ text });
      await sleep(2);
    }
    await waitFor(() => server.stats().chatParticipantsDropped === 1, 5_000, 'the stalled participant to be dropped');
    expect(server.stats().chatParticipants).toBe(2);

    // It still gets its bounded backlog, then the status; it missed what came after the drop.
    const error = callError(stalled);
    stalled.resume();
    expect(await error).toMatchObject({ code: status.RESOURCE_EXHAUSTED, details: expect.stringContaining('stalled') });
    expect(stalledRead).toBeLessThan(written);

    // The reader was never held back: it gets every message.
    await waitFor(() => read === written, 5_000, 'the reader to get every message');
    talker.end();
    reader.end();
  });

  it('resets a dropped participant that never reads its status, counting it as a participant until then', async () => {
    running = await startServer({ chatBacklog: 8, chatStallMs: 100, maxChatParticipants: 3, chatDropGraceMs: 400, chatMessageRate: 1_000_000, chatMessageBurst: 1_000_000 });
    const server = running.server;
    const talker = await join(running.client, 'talker');
    const reader = await join(running.newClient(), 'reader');
    reader.on('data', () => undefined);
    const stalled = await join(running.newClient(), 'stalled');
    stalled.on('data', () => undefined);
    stalled.pause();
    const stalledStatus = new Promise<{ code: number }>((resolve) => stalled.on('status', resolve));

    const text = 'x'.repeat(1_000);
    for (let i = 0; i < 400 && server.stats().chatParticipantsDropped === 0; i++) {
      talker.write({ text });
      await sleep(2);
    }
    await waitFor(() => server.stats().chatParticipantsDropped === 1, 5_000, 'the stalled participant to be dropped');
    // Its call is still open (the status waits behind its unread messages) and still counts.
    expect(server.stats()).toMatchObject({ chatParticipants: 2, chatCallsDraining: 1 });
    const refused = await callError(running.newClient().tradeChat(new Metadata()));
    expect(refused).toMatchObject({ code: status.RESOURCE_EXHAUSTED, details: 'chat is full (3 participants)' });

    // After chatDropGraceMs its stream is reset: the slot and the memory are free.
    await waitFor(() => server.stats().chatCallsDraining === 0, 5_000, 'the zombie call to be reset');
    expect(server.stats()).toMatchObject({ chatCallsReset: 1, activeTimers: 0 });
    const late = await join(running.newClient(), 'late');
    expect(server.stats().chatParticipants).toBe(3);
    // The client learns why once it reads again: RST_STREAM ENHANCE_YOUR_CALM is RESOURCE_EXHAUSTED.
    stalled.resume();
    expect((await stalledStatus).code).toBe(status.RESOURCE_EXHAUSTED);
    talker.end();
    reader.end();
    late.end();
  });
});
