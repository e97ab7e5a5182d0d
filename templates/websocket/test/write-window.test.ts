import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { createBroadcaster, DEFAULT_MAX_RUN_BYTES, frameText } from '../src/broadcast.js';
import { createChat } from '../src/chat.js';
import { MAX_WRITE_BATCH_MS } from '../src/options.js';
import type { ServerMessage } from '../src/protocol.js';
import { connect, startServer } from './helpers.js';
import { clientFrame, openRawSocket, upgradeRequest } from './raw-socket.js';
import { pairs } from './ws-pairs.js';

// writeBatchMs (src/broadcast.ts): a busy server writes each socket at most once per window; a
// quiet one writes at the end of the tick. No assertion here reads a clock. The broadcaster's
// tests use a window of a minute, "longer than this test may run", so whatever is delivered was
// written by the end of its tick, the byte bound or a flush, never by the window's timer. The
// chat's tests use its longest window (1 s) and check what only a flush at the right moment
// gives: an order, a member who left still served, messages before the close frame.

const MINUTE = 60_000;
const until = (check: () => boolean): Promise<void> => vi.waitFor(() => expect(check()).toBe(true));
/** After the broadcaster's own end-of-tick callback, queued before this one. */
const afterTick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));
/** A later turn of the event loop: a new tick, as a new message from the network would be. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('write window (broadcaster)', () => {
  it('writes an isolated message at the end of its tick, and holds the next ones for the window', async () => {
    const [a, b] = await pairs(2);
    const broadcaster = createBroadcaster({ maxBufferedBytes: 1024 * 1024, onOverflow: () => {}, writeBatchMs: MINUTE, writeBatchAbove: 0 });
    const members = [a!.server, b!.server];
    const before = a!.socket.bytesWritten;

    broadcaster.broadcast(members, 'one');
    expect(a!.socket.bytesWritten).toBe(before);
    await afterTick();
    expect(a!.socket.bytesWritten).toBe(before + frameText('one').length);
    await until(() => a!.received.length === 1 && b!.received.length === 1);

    // Busy now: the next run waits for the window, however many ticks bring events to it.
    const written = a!.socket.bytesWritten;
    broadcaster.broadcast(members, 'two');
    await afterTick();
    await nextTurn();
    broadcaster.broadcast(members, 'three');
    await afterTick();
    expect(a!.socket.bytesWritten).toBe(written);

    broadcaster.flush();
    const flushed = written + frameText('two').length + frameText('three').length;
    expect(a!.socket.bytesWritten).toBe(flushed);
    await until(() => a!.received.length === 3 && b!.received.length === 3);

    // A direct message goes at once; a broadcast after it in the same tick still waits.
    await nextTurn();
    broadcaster.sendTo(a!.server, 'direct');
    broadcaster.broadcast(members, 'four');
    await afterTick();
    expect(a!.socket.bytesWritten).toBe(flushed + frameText('direct').length);
    broadcaster.flush();
    await until(() => a!.received.length === 5 && b!.received.length === 4);
    expect(a!.received.map(({ text }) => text)).toEqual(['one', 'two', 'three', 'direct', 'four']);
    expect(b!.received.map(({ text }) => text)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('writes a held run when its window ends, with one timer for every socket and event', async () => {
    const clients = await pairs(6);
    const broadcaster = createBroadcaster({ maxBufferedBytes: 1024 * 1024, onOverflow: () => {}, writeBatchMs: 30, writeBatchAbove: 0 });
    const members = clients.map(({ server }) => server);
    broadcaster.broadcast(members, 'first');
    await until(() => clients.every(({ received }) => received.length === 1));

    // Synchronous from here to the count: no other timer can come or go in between. The first
    // broadcast may find the window over already on a slow machine (then none is armed).
    const base = timers();
    broadcaster.broadcast(members, 'second');
    const armed = timers() - base;
    expect(armed).toBeLessThanOrEqual(1);
    for (let i = 0; i < 50; i += 1) broadcaster.broadcast(members, `more ${i}`);
    expect(timers() - base).toBe(armed);

    // Nobody flushes: the window's end writes it.
    await until(() => clients.every(({ received }) => received.length === 52));
    for (const { received } of clients) expect(received.at(-1)?.text).toBe('more 49');
  });

  it('cancels the window timer on flush(), so nothing is left to keep the process alive', async () => {
    const [a] = await pairs(1);
    const broadcaster = createBroadcaster({ maxBufferedBytes: 1024 * 1024, onOverflow: () => {}, writeBatchMs: MINUTE, writeBatchAbove: 0 });
    broadcaster.broadcast([a!.server], 'one');
    await until(() => a!.received.length === 1);
    const base = timers();
    broadcaster.broadcast([a!.server], 'two');
    expect(timers()).toBe(base + 1);
    broadcaster.flush();
    expect(timers()).toBe(base);
    await until(() => a!.received.length === 2);
  });

  it('keeps each socket\'s order when direct messages and other audiences come between broadcasts in a window', async () => {
    const [x, y] = await pairs(2);
    const broadcaster = createBroadcaster({ maxBufferedBytes: 1024 * 1024, onOverflow: () => {}, writeBatchMs: MINUTE, writeBatchAbove: 0 });
    const room = [x!.server, y!.server];
    broadcaster.broadcast(room, 'r0');
    await until(() => x!.received.length === 1);

    // Each in a tick of its own, all inside one window.
    broadcaster.broadcast(room, 'r1');
    await nextTurn();
    broadcaster.sendTo(x!.server, 'direct x');
    await nextTurn();
    broadcaster.broadcast(room, 'r2');
    await nextTurn();
    broadcaster.broadcast([y!.server], 'y alone');
    await nextTurn();
    broadcaster.broadcast(room, 'r3', y!.server);
    await nextTurn();
    broadcaster.broadcast(room, 'r4');
    // ChatSocket.close does this: what was accepted goes out before the close frame.
    broadcaster.flush();
    x!.server.close(1001, 'bye');
    y!.server.close(1001, 'bye');

    await until(() => x!.client.readyState === x!.client.CLOSED && y!.client.readyState === y!.client.CLOSED);
    expect(x!.received.map(({ text }) => text)).toEqual(['r0', 'r1', 'direct x', 'r2', 'r3', 'r4']);
    expect(y!.received.map(({ text }) => text)).toEqual(['r0', 'r1', 'r2', 'y alone', 'r4']);
  });

  it('writes a run at once when it reaches maxRunBytes instead of holding it for the window', async () => {
    const [a] = await pairs(1);
    // One audience is one array: a run is kept while the same recipients object comes back.
    const alone = [a!.server];
    const broadcaster = createBroadcaster({ maxBufferedBytes: 16 * 1024 * 1024, onOverflow: () => {}, writeBatchMs: MINUTE, writeBatchAbove: 0 });
    broadcaster.broadcast(alone, 'start');
    await until(() => a!.received.length === 1);

    const text = 'x'.repeat(2_000);
    const perFrame = frameText(text).length;
    const toBound = Math.ceil(DEFAULT_MAX_RUN_BYTES / perFrame);
    const written = a!.socket.bytesWritten;
    for (let i = 0; i < toBound - 1; i += 1) broadcaster.broadcast(alone, text);
    expect(a!.socket.bytesWritten).toBe(written);
    broadcaster.broadcast(alone, text);
    expect(a!.socket.bytesWritten).toBe(written + toBound * perFrame);
    await until(() => a!.received.length === 1 + toBound);

    // The next run waits for the window again, and flush() writes it.
    broadcaster.broadcast(alone, 'tail');
    await afterTick();
    expect(a!.socket.bytesWritten).toBe(written + toBound * perFrame);
    broadcaster.flush();
    await until(() => a!.received.length === 2 + toBound);
    expect(a!.received.at(-1)?.text).toBe('tail');
  });

  it('writes every tick\'s run at its end with writeBatchMs 0, as without a window', async () => {
    const [a] = await pairs(1);
    const alone = [a!.server];
    const broadcaster = createBroadcaster({ maxBufferedBytes: 1024 * 1024, onOverflow: () => {}, writeBatchMs: 0 });
    let expected = a!.socket.bytesWritten;
    const base = timers();
    for (let i = 0; i < 5; i += 1) {
      broadcaster.broadcast(alone, `m${i}`);
      broadcaster.broadcast(alone, `n${i}`);
      expect(timers()).toBe(base);
      await afterTick();
      expected += frameText(`m${i}`).length + frameText(`n${i}`).length;
      expect(a!.socket.bytesWritten).toBe(expected);
      await nextTurn();
    }
    await until(() => a!.received.length === 10);
  });

  it('holds no run below writeBatchAbove deliveries a second: each tick\'s run goes out at its end, as with no window', async () => {
    const [a, b] = await pairs(2);
    const members = [a!.server, b!.server];
    // Two deliveries a tick, a tick a turn: far below a million a second, however fast the machine.
    const broadcaster = createBroadcaster({ maxBufferedBytes: 1024 * 1024, onOverflow: () => {}, writeBatchMs: MINUTE, writeBatchAbove: 1_000_000 });
    let expected = a!.socket.bytesWritten;
    const base = timers();
    for (let i = 0; i < 5; i += 1) {
      broadcaster.broadcast(members, `m${i}`);
      expect(timers()).toBe(base);
      await afterTick();
      expected += frameText(`m${i}`).length;
      expect(a!.socket.bytesWritten).toBe(expected);
      await nextTurn();
    }
    await until(() => a!.received.length === 5 && b!.received.length === 5);
  });

  it('holds runs for the window once the broadcasts of the last interval (100 ms or more) reached writeBatchAbove a second', async () => {
    const [a, b] = await pairs(2);
    const members = [a!.server, b!.server];
    // 1 delivery a second: 40 deliveries in an interval reach it unless the interval lasts 40 s.
    const broadcaster = createBroadcaster({ maxBufferedBytes: 1024 * 1024, onOverflow: () => {}, writeBatchMs: MINUTE, writeBatchAbove: 1 });
    // The first run opens the first interval (no rate yet: it goes out at the end of its tick).
    for (let i = 0; i < 20; i += 1) broadcaster.broadcast(members, `warm ${i}`);
    await afterTick();
    await until(() => a!.received.length === 20 && b!.received.length === 20);
    await new Promise((resolve) => setTimeout(resolve, 120));
    // The interval has ended with 40 deliveries: this run starts within the window of the last
    // write (a minute), at a rate over the line, so it waits; only a flush writes it.
    const written = a!.socket.bytesWritten;
    broadcaster.broadcast(members, 'held');
    await afterTick();
    await nextTurn();
    expect(a!.socket.bytesWritten).toBe(written);
    broadcaster.flush();
    expect(a!.socket.bytesWritten).toBe(written + frameText('held').length);
    await until(() => a!.received.length === 21 && b!.received.length === 21);
  });

  it('refuses a negative or fractional writeBatchAbove', () => {
    expect(() => createBroadcaster({ maxBufferedBytes: 1024, onOverflow: () => {}, writeBatchAbove: -1 })).toThrow(/writeBatchAbove/);
    expect(() => createBroadcaster({ maxBufferedBytes: 1024, onOverflow: () => {}, writeBatchAbove: 0.5 })).toThrow(/writeBatchAbove/);
    expect(() => createChat({ writeBatchAbove: -1 })).toThrow(/writeBatchAbove must be a non-negative integer/);
  });

  it('refuses a negative, fractional or over-long window', () => {
    expect(() => createBroadcaster({ maxBufferedBytes: 1024, onOverflow: () => {}, writeBatchMs: -1 })).toThrow(/writeBatchMs/);
    expect(() => createBroadcaster({ maxBufferedBytes: 1024, onOverflow: () => {}, writeBatchMs: 1.5 })).toThrow(/writeBatchMs/);
    expect(() => createChat({ writeBatchMs: MAX_WRITE_BATCH_MS + 1 })).toThrow(/writeBatchMs must be an integer from 0 to 1000/);
  });
});

/** Frames a raw TCP subscriber received, counted per 'data' chunk (one chunk: at least one read of the server's writes). */
function frameCounter(): { push(chunk: Buffer): void; texts: string[]; framesPerChunk: number[] } {
  let pending = Buffer.alloc(0);
  const texts: string[] = [];
  const framesPerChunk: number[] = [];
  return {
    texts,
    framesPerChunk,
    push(chunk) {
      pending = Buffer.concat([pending, chunk]);
      let frames = 0;
      for (;;) {
        if (pending.length < 2) break;
        let length = pending[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (pending.length < 4) break;
          length = pending.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (pending.length < 10) break;
          length = Number(pending.readBigUInt64BE(2));
          offset = 10;
        }
        if (pending.length < offset + length) break;
        texts.push(pending.subarray(offset, offset + length).toString());
        pending = pending.subarray(offset + length);
        frames += 1;
      }
      framesPerChunk.push(frames);
    },
  };
}

describe('write window (chat)', () => {
  it('sends a burst of K messages in one window to a raw TCP subscriber in fewer reads than K', async () => {
    const { port, wsUrl } = await startServer({ writeBatchMs: MAX_WRITE_BATCH_MS, writeBatchAbove: 0, messageRate: 1_000, messageBurst: 1_000 });
    const raw = await openRawSocket(port);
    raw.socket.write(upgradeRequest());
    await until(() => raw.received().includes('\r\n\r\n'));
    const handshake = raw.received();
    const counter = frameCounter();
    counter.push(handshake.subarray(handshake.indexOf('\r\n\r\n') + 4));
    raw.socket.on('data', (chunk: Buffer) => counter.push(chunk));
    raw.socket.write(clientFrame(0x1, Buffer.from(JSON.stringify({ type: 'join', room: 'r' }))));
    await until(() => counter.texts.some((text) => text.includes('"joined"')));

    const publisher = await connect(wsUrl);
    await publisher.join('r');
    const K = 12;
    // Each message in a TCP write of its own, a turn apart: without the window, a write each.
    for (let i = 0; i < K; i += 1) {
      publisher.send({ type: 'chat', room: 'r', text: `m${i}` });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // The publisher's own copies prove the server accepted all K; the first went out at once.
    const first = await publisher.next();
    expect(first).toMatchObject({ type: 'chat', text: 'm0' });
    // An error is a direct message to the publisher: the held run goes out before it.
    publisher.send({ type: 'chat', room: 'not-joined', text: 'x' });
    const copies: ServerMessage[] = [];
    for (let i = 1; i <= K; i += 1) copies.push(await publisher.next());
    expect(copies.slice(0, K - 1).map((m) => (m.type === 'chat' ? m.text : m.type))).toEqual(Array.from({ length: K - 1 }, (_, i) => `m${i + 1}`));
    expect(copies[K - 1]).toMatchObject({ type: 'error', code: 'NOT_IN_ROOM' });

    const chats = (): string[] => counter.texts.filter((text) => text.includes('"chat"'));
    await until(() => chats().length === K);
    expect(chats().map((text) => (JSON.parse(text) as { text: string }).text)).toEqual(Array.from({ length: K }, (_, i) => `m${i}`));
    const start = counter.texts.findIndex((text) => text.includes('"chat"'));
    let seen = 0;
    let chunksWithChats = 0;
    for (const frames of counter.framesPerChunk) {
      const before = seen;
      seen += frames;
      if (seen > start && before < start + K && frames > 0) chunksWithChats += 1;
    }
    // m0 at the end of its tick, m1..m11 in the one write the flush made: 2 reads unless TCP split them.
    expect(chunksWithChats).toBeLessThan(K);
  });

  it('writes the held messages before membership changes: a member who leaves mid-window gets what came before', async () => {
    const { server, wsUrl } = await startServer({ writeBatchMs: MAX_WRITE_BATCH_MS, writeBatchAbove: 0 });
    const a = await connect(wsUrl);
    const b = await connect(wsUrl);
    await a.join('r');
    await b.join('r');
    a.send({ type: 'chat', room: 'r', text: 'one' });
    expect(await b.next()).toMatchObject({ type: 'chat', text: 'one' });
    expect(await a.next()).toMatchObject({ type: 'chat', text: 'one' });

    // Accepted by the server before b's leave can arrive: publish() is synchronous.
    server.chat.publish('r', 'two');
    server.chat.publish('r', 'three');
    b.send({ type: 'leave', room: 'r' });
    expect(await b.next()).toMatchObject({ type: 'chat', text: 'two' });
    expect(await b.next()).toMatchObject({ type: 'chat', text: 'three' });
    expect(await b.next()).toMatchObject({ type: 'left', room: 'r' });
    expect(await a.next()).toMatchObject({ type: 'chat', text: 'two' });
    expect(await a.next()).toMatchObject({ type: 'chat', text: 'three' });
  });

  it('writes the held messages before membership changes: a member who joins mid-window gets nothing from before it joined', async () => {
    const { server, wsUrl } = await startServer({ writeBatchMs: MAX_WRITE_BATCH_MS, writeBatchAbove: 0 });
    const a = await connect(wsUrl);
    const c = await connect(wsUrl);
    await a.join('r');
    server.chat.publish('r', 'one');
    expect(await a.next()).toMatchObject({ type: 'chat', text: 'one' });

    // Held for the window when c's join arrives: c must get its 'joined' and 'three' only.
    server.chat.publish('r', 'two');
    c.send({ type: 'join', room: 'r' });
    expect(await c.next()).toMatchObject({ type: 'joined', room: 'r' });
    server.chat.publish('r', 'three');
    expect(await c.next()).toMatchObject({ type: 'chat', text: 'three' });
    expect(await a.next()).toMatchObject({ type: 'chat', text: 'two' });
    expect(await a.next()).toMatchObject({ type: 'chat', text: 'three' });
    expect(c.pending).toBe(0);
  });

  it('delivers every message accepted in a window before stop() closes the connections', async () => {
    const { server, wsUrl } = await startServer({ writeBatchMs: MAX_WRITE_BATCH_MS, writeBatchAbove: 0 });
    const clients = await Promise.all([connect(wsUrl), connect(wsUrl), connect(wsUrl)]);
    for (const client of clients) await client.join('r');
    const N = 25;
    server.chat.publish('r', 'm0');
    for (const client of clients) expect(await client.next()).toMatchObject({ type: 'chat', text: 'm0' });
    for (let i = 1; i < N; i += 1) server.chat.publish('r', `m${i}`);
    await server.stop();
    for (const client of clients) {
      for (let i = 1; i < N; i += 1) expect(await client.next()).toMatchObject({ type: 'chat', text: `m${i}` });
      expect(await client.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    }
  });

  it('leaves no timer behind after stop() mid-window: the process exits by itself with every message delivered', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/fixtures/stop-mid-window.ts'], { cwd: root, timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ code: 1001, texts: Array.from({ length: 10 }, (_, i) => `m${i}`), timeouts: 0 });
  }, 30_000);
});
