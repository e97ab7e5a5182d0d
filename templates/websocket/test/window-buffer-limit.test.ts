import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { connect, startServer } from './helpers.js';

// maxBufferedBytes bounds what a client leaves unread. A run held for the write window can
// carry more than that in one write while every member reads at once: such a member is not
// slow, and must not be closed 1013 because the window gathered several turns' events.
describe('the buffer limit while broadcasts wait for the write window', () => {
  it('keeps members that read everything when one window holds more than maxBufferedBytes', async () => {
    const { server, wsUrl } = await startServer({ writeBatchMs: 1_000, writeBatchAbove: 0, maxBufferedBytes: 8 * 1024 });
    const a = await connect(wsUrl);
    const b = await connect(wsUrl);
    await a.join('r');
    await b.join('r');
    server.chat.publish('r', 'open the window');
    expect(await a.next()).toMatchObject({ text: 'open the window' });
    expect(await b.next()).toMatchObject({ text: 'open the window' });

    // 16 events of ~1 KiB, one per turn: each alone is far under the limit, as a tick's run
    // without the window would be; together (16 KiB) they are over it.
    const N = 16;
    for (let i = 0; i < N; i += 1) {
      server.chat.publish('r', `${i} ${'x'.repeat(1_000)}`);
      await nextTurn();
    }
    for (const client of [a, b]) {
      for (let i = 0; i < N; i += 1) expect(await client.next(3_000)).toMatchObject({ type: 'chat', text: `${i} ${'x'.repeat(1_000)}` });
    }
    expect(server.chat.stats()).toMatchObject({ slowClosed: 0 });
  });
});
