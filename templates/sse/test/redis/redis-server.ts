import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** SIGKILL: no shutdown, no save; what an OOM kill or a lost VM looks like. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** One inline command (`SET key value`), its first reply line. */
  command(line: string): Promise<string>;
  /** SIGSTOP / SIGCONT: a Redis that hangs with its sockets open (swapping, a stuck disk). */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** A free loopback port, found by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Debian's redis-server in the foreground on a free loopback port, never the default one.
 * Without persistence by default; `durable` turns on the append-only file with an fsync per
 * write, so that a SIGKILL loses nothing Redis acknowledged (what the restart test relies on,
 * and what the README asks of a production Redis in this mode).
 */
export async function startRedis({ durable = false, binary = process.env['REDIS_SERVER'] ?? 'redis-server' } = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'sse-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--loglevel', 'warning'];
  args.push(...(durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const started = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const failed = new Promise<never>((_resolve, reject) => {
      started.once('error', (error) => reject(new Error(`cannot run ${binary}: ${error.message} (apt-get install -y redis-server)`)));
      started.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
    failed.catch(() => {});
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (await answersPing(port)) return;
      if (started.exitCode !== null || Date.now() > deadline) await Promise.race([failed, Promise.reject(new Error(`redis-server did not start: ${output}`))]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const kill = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: launch,
    command: (line) => sendLine(port, line),
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** PING over a plain socket: no client library in the helper that tests the one in the starter. */
async function answersPing(port: number): Promise<boolean> {
  return (await sendLine(port, 'PING').catch(() => '')).startsWith('+PONG');
}

function sendLine(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.once('error', reject);
    socket.setTimeout(1000, () => socket.destroy(new Error(`no reply to ${line}`)));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (!reply.includes('\r\n')) return;
      socket.destroy();
      resolve(reply.slice(0, reply.indexOf('\r\n')));
    });
    socket.once('connect', () => socket.write(`${line}\r\n`));
  });
}
