import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectSseSubscriber } from '../../bench/harness/clients/sse.js';

/**
 * The sse starter tells a reader that fell further behind than its replay buffer which events it
 * skipped (`event: reset`). The bench counts those events as lost either way; the subscriber also
 * reports each reset, so the report can say why they were lost (before, a run with a stalled
 * client worker showed 515 lost and no reason).
 */

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('the SSE bench subscriber', () => {
  it('reports every reset event it reads, even one cut across two chunks, beside the events it hands on', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('retry: 3000\n\nid: 5\nevent: bench\ndata: "B|1|0|100|xx"\n\n');
      res.write('id: 9\nevent: re');
      setTimeout(() => res.write('set\ndata: {"reason":"expired","missed":3}\n\nid: 10\nevent: bench\ndata: "B|1|4|200|xx"\n\n'), 50);
      // One without an id line, starting its block.
      setTimeout(() => res.write('event: reset\ndata: {"reason":"expired","missed":9}\n\n'), 100);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const texts: string[] = [];
    let resets = 0;
    const subscriber = await connectSseSubscriber((server.address() as AddressInfo).port, 's', { onText: (text) => texts.push(text), onStamp: () => {}, onClose: () => {}, onReset: () => (resets += 1) }, '');
    const deadline = Date.now() + 5_000;
    while (resets < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    subscriber.close();
    expect(resets).toBe(2);
    expect(texts.join('')).toContain('B|1|4|200|');
  });
});
