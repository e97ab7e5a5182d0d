import { spawn } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The redis-server `bench --redis` runs: $REDIS_SERVER, or the first on PATH; undefined if none. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.REDIS_SERVER ? [env.REDIS_SERVER] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'redis-server'));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface BenchRedis {
  readonly url: string;
  /** Clients connected to it now (INFO clients): how the harness sees that a starter really uses it. */
  connectedClients(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One command over a plain socket (RESP inline), its reply as text. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error(`redis-server did not answer ${line}`)));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      // A simple reply is one line; a bulk reply ($len) is complete once its body is in.
      const bulk = /^\$(\d+)\r\n/.exec(reply);
      if ((bulk === null && reply.includes('\r\n')) || (bulk !== null && reply.length >= bulk[0].length + Number(bulk[1]) + 2)) {
        socket.end();
        resolve(reply);
      }
    });
  });
}

/**
 * redis-server on a free loopback port for one bench run, without persistence (a benchmark
 * stream needs none, and disk writes would measure the disk), stopped at the end.
 */
export async function startBenchRedis(binary: string): Promise<BenchRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-bench-redis-'));
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => {});
  // The orchestrator leaves by process.exit() when the CLI goes away (a SIGTERM or SIGINT to the
  // CLI alone: child-protocol.ts's disconnect handler), and a spawned redis-server does not die
  // with its parent: without this it kept its port, its memory and its folder after the run.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pong = await command(port, 'PING').catch(() => '');
    if (pong.startsWith('+PONG')) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    // Minus the connection that asks.
    connectedClients: async () => Number(/connected_clients:(\d+)/.exec(await command(port, 'INFO clients'))?.[1] ?? 1) - 1,
    stop,
  };
}
