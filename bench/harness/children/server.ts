import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { nowUs } from '../clock.js';
import { readIo, type IoCounters } from '../proc-stats.js';
import { startGrpcRaw } from '../servers/grpc-raw.js';
import { startGrpcStarter } from '../servers/grpc-starter.js';
import type { BenchServer, ServerSetup } from '../servers/server-setup.js';
import { startSseRawH2, startSseStarterH2 } from '../servers/sse-h2.js';
import { startSseRaw } from '../servers/sse-raw.js';
import { startSseStarter, startSseStarterBatch, startSseStarterInProcess } from '../servers/sse-starter.js';
import { startWsRaw } from '../servers/ws-raw.js';
import { startWsStarter } from '../servers/ws-starter.js';
import type { Subject } from '../subjects.js';
import { serveRequests } from './child-protocol.js';
import { publisherHandlers } from './publisher-handlers.js';

/** One subject's server, alone in this process, so its CPU and memory are its own. */

export interface ServerSnapshot {
  /** When the server took it, by its own clock (clock.ts's nowUs(): the machine's monotonic clock). */
  atUs: number;
  cpuUs: number;
  elu: EventLoopUtilization;
  io: IoCounters | null;
}

export interface ServerMemory {
  heapUsed: number;
  rss: number;
  /** V8's external memory (arrayBuffers included): Buffers live here, not in heapUsed. */
  external: number;
}

const starters: Record<Subject['id'], (setup: ServerSetup) => Promise<BenchServer>> = {
  'ws-starter': startWsStarter,
  'ws-raw': startWsRaw,
  'sse-starter': startSseStarter,
  'sse-raw': startSseRaw,
  'sse-starter-batch': startSseStarterBatch,
  'sse-starter-in-process': startSseStarterInProcess,
  'sse-starter-h2': startSseStarterH2,
  'sse-raw-h2': startSseRawH2,
  'grpc-starter': startGrpcStarter,
  'grpc-raw': startGrpcRaw,
  // Redis mode: the same factories; the setup carries the redisUrl.
  'ws-starter-redis': startWsStarter,
  'sse-starter-redis': startSseStarter,
};

let server: BenchServer | undefined;

serveRequests({
  // The in-process subject's publisher runs here, against server.publish().
  ...publisherHandlers(async () => {
    const target = server;
    if (!target?.publish) throw new Error('this server cannot publish in-process');
    const publish = target.publish.bind(target);
    return { publish, failures: 0, outstanding: 0, close: async () => {} };
  }),
  async start(request) {
    const subject = request.subject as Subject['id'];
    server = await starters[subject](request.setup as ServerSetup);
    return { port: server.port, notes: server.notes };
  },
  snapshot(): ServerSnapshot {
    const cpu = process.cpuUsage();
    return { atUs: nowUs(), cpuUs: cpu.user + cpu.system, elu: performance.eventLoopUtilization(), io: readIo() ?? null };
  },
  stats() {
    return server?.stats?.() ?? null;
  },
  async memory(): Promise<ServerMemory> {
    // Twice, with a turn between: the first collection's finalisers free more for the second.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('the server process needs --expose-gc');
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const memory = process.memoryUsage();
    return { heapUsed: memory.heapUsed, rss: memory.rss, external: memory.external };
  },
  /** bench/heap-diff.ts: a heap snapshot after a full collection; answers the file written. */
  async heapSnapshot(request) {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
    gc?.();
    return writeHeapSnapshot(request.file as string);
  },
  async stop() {
    await server?.stop();
    setImmediate(() => process.exit(0));
  },
});
