import { describe, expect, it } from 'vitest';
import { connect, delay, startServer } from './helpers.js';

describe('limits', () => {
  it('closes with 1009 when a message exceeds maxPayload', async () => {
    const { wsUrl, server } = await startServer({ maxPayload: 4 * 1024, maxTextLength: 1_000 });
    const client = await connect(wsUrl);
    client.send({ type: 'chat', room: 'lobby', text: 'x'.repeat(4 * 1024) });
    expect((await client.closed).code).toBe(1009);
    await expect.poll(() => server.chat.stats().clients).toBe(0);
  });

  it('closes a client that stops reading with 1013 once it passes maxBufferedBytes', async () => {
    const maxBufferedBytes = 64 * 1024;
    const { wsUrl, server } = await startServer({
      maxBufferedBytes,
      maxTextLength: 16_000,
      messageRate: 1_000_000,
      messageBurst: 1_000_000,
    });
    const fast = await connect(wsUrl);
    const slow = await connect(wsUrl);
    await fast.join('lobby');
    await slow.join('lobby');
    slow.ws.pause(); // stops reading the TCP socket: the kernel buffers fill, then the server's

    const text = 'x'.repeat(16_000);
    let sent = 0;
    // Kernel socket buffers absorb several MB first; keep sending (in acknowledged batches, so
    // the fast client is never the one falling behind) until the server gives up on `slow`.
    while (server.chat.stats().slowClosed === 0) {
      for (let i = 0; i < 50; i += 1) fast.send({ type: 'chat', room: 'lobby', text });
      for (let i = 0; i < 50; i += 1) await fast.next();
      sent += 50;
      if (sent > 20_000) throw new Error('slow client was never closed');
    }
    expect(server.chat.stats().slowClosed).toBe(1);
    // No longer in the room: later messages are not queued for it.
    fast.send({ type: 'chat', room: 'lobby', text: 'after' });
    expect(await fast.next()).toMatchObject({ text: 'after' });

    slow.ws.resume(); // reads what was buffered, then the close frame
    expect((await slow.closed).code).toBe(1013);
    expect(fast.ws.readyState).toBe(fast.ws.OPEN);
  });

  it('terminates a client that does not answer pings and keeps one that does', async () => {
    // Long enough that the healthy client's pong (same process, busy machine) is never late.
    const heartbeatMs = 200;
    const { wsUrl, server } = await startServer({ heartbeatMs });
    const healthy = await connect(wsUrl);
    const silent = await connect(wsUrl, { autoPong: false });
    let pings = 0;
    healthy.ws.on('ping', () => (pings += 1));

    const { code } = await silent.closed;
    expect(code).toBe(1006); // terminated: no close frame
    expect(server.chat.stats().heartbeatTerminated).toBe(1);
    await delay(2 * heartbeatMs + 50);
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    expect(server.chat.stats()).toMatchObject({ clients: 1, heartbeatTerminated: 1 });
  });
});
