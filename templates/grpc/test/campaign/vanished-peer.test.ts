import { createServer as createTcpServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { stockProto } from '../../src/proto.js';
import { startServer, waitFor, type Running } from '../helpers.js';

/**
 * A TCP relay that can go silent without closing anything: what a dead NAT entry, a pulled
 * cable or a suspended laptop look like to the server (no FIN, no RST, just nothing).
 */
function silentRelay(target: number): Promise<{ port: number; silence(): void; close(): void }> {
  const sockets = new Set<Socket>();
  let silent = false;
  const relay: Server = createTcpServer((downstream) => {
    const upstream = connectTcp(target, '127.0.0.1');
    for (const [from, to] of [[downstream, upstream], [upstream, downstream]] as const) {
      sockets.add(from);
      from.on('data', (chunk: Buffer) => {
        if (!silent) to.write(chunk);
      });
      from.on('error', () => undefined);
    }
  });
  return new Promise((resolve) => {
    relay.listen(0, '127.0.0.1', () => {
      const { port } = relay.address() as { port: number };
      resolve({
        port,
        silence: () => (silent = true),
        close: () => {
          for (const socket of sockets) socket.destroy();
          relay.close();
        },
      });
    });
  });
}

let running: Running | undefined;
let closeRelay: (() => void) | undefined;
afterEach(async () => {
  closeRelay?.();
  await running?.close();
  running = undefined;
});

describe('campaign: a chat participant whose network vanishes', () => {
  it('is found by the server keepalive and leaves the room, freeing its slot', async () => {
    // Short keepalive so the test is quick; the defaults (30 s + 10 s) free it within 40 s.
    running = await startServer({ connection: { keepaliveTimeMs: 300, keepaliveTimeoutMs: 300 }, maxChatParticipants: 2 });
    const server = running.server;
    const relay = await silentRelay(Number(running.address.split(':').pop()));
    closeRelay = relay.close;
    const client = new stockProto.StockService(`127.0.0.1:${relay.port}`, grpc.credentials.createInsecure(), {
      'grpc.use_local_subchannel_pool': 1,
    });
    const metadata = new grpc.Metadata();
    metadata.set('x-participant', 'vanishing');
    const call = client.tradeChat(metadata);
    call.on('error', () => undefined);
    call.on('data', () => undefined);
    await new Promise((resolve) => call.once('metadata', resolve));
    const other = running.client.tradeChat(new grpc.Metadata());
    other.on('error', () => undefined);
    await new Promise((resolve) => other.once('metadata', resolve));
    expect(server.stats()).toMatchObject({ chatParticipants: 2, activeCalls: 2 });

    relay.silence();
    const silencedAt = Date.now();
    await waitFor(() => server.stats().chatParticipants === 1, 10_000, 'keepalive to drop the vanished participant');
    console.log(`vanished peer: freed ${Date.now() - silencedAt} ms after its network went silent (keepalive 300 ms + timeout 300 ms)`);
    expect(server.stats().activeCalls).toBe(1);
    // Its slot is free again.
    const next = running.newClient().tradeChat(new grpc.Metadata());
    next.on('error', () => undefined);
    await new Promise((resolve) => next.once('metadata', resolve));
    expect(server.stats().chatParticipants).toBe(2);
    for (const c of [call, other, next]) c.cancel();
    client.close();
  });
});
