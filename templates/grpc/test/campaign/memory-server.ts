// A StockService in its own process, so a test measures the server's memory and not its
// clients'. Started with fork() by slow-consumers.test.ts; answers 'memory' and 'stop' over IPC.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createServer } from '../../src/server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const send = (message: unknown): void => {
  process.send?.(message);
};

// The talker floods on purpose (this is about readers); the sending limit has its own test (test/service/trade-chat-rate.test.ts).
const server = createServer({ port: 0, priceIntervalMs: 1, maxSymbols: 50, chatBacklog: 64, chatStallMs: 200, chatDropGraceMs: 1_000, shutdownGraceMs: 200, chatMessageRate: 1_000_000, chatMessageBurst: 1_000_000 });
const { address } = await server.start();
send({ address });
process.on('message', (message) => {
  if (message === 'memory') {
    gc();
    gc();
    // V8's young generation: sized by V8 itself (Node 24 grows it to tens of MiB under this
    // load), resident once used, and not memory the server keeps.
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    send({ memory: process.memoryUsage(), young, stats: server.stats() });
  } else if (message === 'stop') {
    void server.stop().then(() => process.exit(0));
  }
});
