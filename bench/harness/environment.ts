import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { Environment } from './results.js';
import type { Protocol } from './subjects.js';

/** The version of `name` that code in `from` resolves to (the nearest node_modules up the tree). */
function versionFrom(from: string, name: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'not found';
  }
}

/**
 * Each library's version where the run loads it. A starter imports its libraries from its own
 * folder (templates/<name>/node_modules when its own `npm install` has run, else the clone's),
 * while the raw baselines and the clients in bench/harness load the clone's: after an install in
 * templates/websocket the starter ran ws 8.23.1 and the raw baseline 8.23.0, and the report named
 * only the first. Where the two differ, both are listed, each with who loaded it.
 */
export function libraryVersions(root: string): Record<string, string> {
  const harness = join(root, 'bench', 'harness');
  const libraries: Record<string, string> = {};
  for (const [name, template, starter] of [
    ['ws', 'websocket', 'websocket starter'],
    ['@grpc/grpc-js', 'grpc', 'grpc starter'],
    ['@grpc/proto-loader', 'grpc', 'grpc starter'],
  ] as const) {
    const started = versionFrom(join(root, 'templates', template), name);
    const raw = versionFrom(harness, name);
    if (started === raw) libraries[name] = started;
    else {
      libraries[`${name} (${starter})`] = started;
      libraries[`${name} (raw baseline, clients)`] = raw;
    }
  }
  libraries['hdr-histogram-js'] = versionFrom(harness, 'hdr-histogram-js');
  // Every process runs its TypeScript through tsx (esbuild): its version changes what runs.
  libraries.tsx = versionFrom(harness, 'tsx');
  return libraries;
}

/** Which protocol a transport line or a library is about (undefined: every run's). */
const aboutProtocol = (text: string): Protocol | undefined =>
  text.startsWith('WebSocket:') || text === 'ws' || text.startsWith('ws (') ? 'ws' : text.startsWith('SSE:') ? 'sse' : text.startsWith('gRPC:') || text.startsWith('@grpc/') ? 'grpc' : undefined;

/**
 * The machine and the run are part of the result. With `protocols`, the transport lines and
 * library versions of protocols the run did not measure are left out (a run of ws alone listed
 * grpc-js and described how SSE publishers post).
 */
export function describeEnvironment(root: string, command: string, protocols?: readonly Protocol[]): Environment {
  const measured = (text: string): boolean => {
    const protocol = aboutProtocol(text);
    return protocols === undefined || protocol === undefined || protocols.includes(protocol);
  };
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
    libraries: Object.fromEntries(Object.entries(libraryVersions(root)).filter(([name]) => measured(name))),
    transport: [
      'loopback (127.0.0.1), each server in its own process, subscribers spread over client worker processes, the publisher in another',
      'WebSocket: permessage-deflate off on both ends',
      'SSE: HTTP/1.1, one connection per subscriber; events published by POST /publish pipelined on one keep-alive connection, one event per request (and, in the batch row, the events due in one publisher tick per request)',
      'gRPC: plaintext HTTP/2, each subscriber on its own connection (grpc.use_local_subchannel_pool), no compression',
      'latency: from each event\'s intended send time (open loop) to its arrival, on the shared monotonic clock; HDR histograms, 3 significant digits',
      'lost: a window event a subscriber had not received when the drain ended (2 s, or twice the SLO, after the last send), or never will (its connection closed)',
    ].filter(measured),
  };
}
