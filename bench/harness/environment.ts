import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { Environment } from './results.js';

/** The version of `name` that code in `from` resolves to (the nearest node_modules up the tree). */
function versionFrom(from: string, name: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'not found';
  }
}

/** The machine and the run are part of the result. */
export function describeEnvironment(root: string, command: string): Environment {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    command,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    libraries: {
      ws: versionFrom(join(root, 'templates', 'websocket'), 'ws'),
      '@grpc/grpc-js': versionFrom(join(root, 'templates', 'grpc'), '@grpc/grpc-js'),
      '@grpc/proto-loader': versionFrom(join(root, 'templates', 'grpc'), '@grpc/proto-loader'),
      'hdr-histogram-js': versionFrom(root, 'hdr-histogram-js'),
    },
    transport: [
      'loopback (127.0.0.1), each server in its own process, subscribers spread over client worker processes, the publisher in another',
      'WebSocket: permessage-deflate off on both ends',
      'SSE: HTTP/1.1, one connection per subscriber; events published by POST /publish pipelined on one keep-alive connection, one event per request (and, in the batch row, the events due in one publisher tick per request)',
      'gRPC: plaintext HTTP/2, each subscriber on its own connection (grpc.use_local_subchannel_pool), no compression',
      'latency: from each event\'s intended send time (open loop) to its arrival, on the shared monotonic clock; HDR histograms, 3 significant digits',
      'lost: a window event a subscriber had not received when the drain ended (2 s, or twice the SLO, after the last send), or never will (its connection closed)',
    ],
  };
}
