import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEnvironment, libraryVersions } from '../../bench/harness/environment.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A clone's layout on disk: package.json files where Node would resolve each library from. */
async function clone(packages: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'cp-bench-env-'));
  dirs.push(root);
  for (const [path, version] of Object.entries(packages)) {
    const file = join(root, path, 'package.json');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ version }));
  }
  return root;
}

describe('the environment block', () => {
  it('names both versions, and who ran each, when a starter loads another version than the raw baseline', async () => {
    // templates/websocket after its own npm install: the starter's ws is not the clone's.
    const root = await clone({
      'node_modules/ws': '8.23.0',
      'templates/websocket/node_modules/ws': '8.23.1',
      'node_modules/@grpc/grpc-js': '1.14.7',
      'node_modules/@grpc/proto-loader': '0.8.1',
      'node_modules/hdr-histogram-js': '3.0.1',
      'node_modules/tsx': '4.21.0',
    });
    expect(libraryVersions(root)).toEqual({
      'ws (websocket starter)': '8.23.1',
      'ws (raw baseline, clients)': '8.23.0',
      '@grpc/grpc-js': '1.14.7',
      '@grpc/proto-loader': '0.8.1',
      'hdr-histogram-js': '3.0.1',
      tsx: '4.21.0',
    });
  });

  it('describes this clone and this machine', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const env = describeEnvironment(root, 'choose-protocol bench');
    expect(env.cores).toBeGreaterThan(0);
    expect(env.node).toBe(process.version);
    expect(Object.keys(env.libraries)).toEqual(expect.arrayContaining(['hdr-histogram-js', 'tsx']));
    expect(Object.values(env.libraries)).not.toContain('not found');
  });

  it('leaves out the transport lines and libraries of protocols the run does not measure', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const all = describeEnvironment(root, 'choose-protocol bench');
    const ws = describeEnvironment(root, 'choose-protocol bench --protocols ws', ['ws']);
    expect(all.transport.some((t) => t.startsWith('SSE:'))).toBe(true);
    expect(all.transport.some((t) => t.startsWith('gRPC:'))).toBe(true);
    expect(ws.transport.some((t) => t.startsWith('WebSocket:'))).toBe(true);
    expect(ws.transport.filter((t) => t.startsWith('SSE:') || t.startsWith('gRPC:'))).toEqual([]);
    // What every run shares stays: where it ran, how latency and loss are counted.
    expect(ws.transport.filter((t) => t.startsWith('loopback') || t.startsWith('latency:') || t.startsWith('lost:'))).toHaveLength(3);
    expect(Object.keys(ws.libraries).some((name) => name.startsWith('@grpc/'))).toBe(false);
    expect(Object.keys(ws.libraries)).toEqual(expect.arrayContaining(['hdr-histogram-js', 'tsx']));
    expect(Object.keys(ws.libraries).some((name) => name === 'ws' || name.startsWith('ws ('))).toBe(true);
  });
});
