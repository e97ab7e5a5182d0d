import { createHash } from 'node:crypto';
import { link, open, realpath, stat, unlink } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Another live process holds DATA_DIR; main.ts prints the message and exits 1. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';

  constructor(
    readonly dataDir: string,
    readonly holder: string,
  ) {
    super(
      `${dataDir} is in use by another ingest server (${holder}); two writers on one log lose ` +
        'acknowledged records, so this one will not start. Stop the other process, or give this one its own DATA_DIR.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** DATA_DIR's lock socket path does not fit in a socket address; main.ts prints it, exits 1. */
export class DataDirPathTooLongError extends Error {
  readonly code = 'DATA_DIR_PATH_TOO_LONG';

  constructor(
    readonly dataDir: string,
    readonly socketPath: string,
  ) {
    super(
      `${dataDir}: the writer lock ${socketPath} is ${Buffer.byteLength(socketPath)} bytes, over the ${MAX_SOCKET_PATH}-byte ` +
        'limit of a Unix socket path (108 on Linux, 104 on macOS, NUL included). A lock anywhere else (such as /tmp) ' +
        'would not be seen by another container sharing this volume, so this server will not start: use a shorter DATA_DIR path.',
    );
    this.name = 'DataDirPathTooLongError';
  }
}

export const LOCK_SOCKET = 'writer.lock.sock';
// A takeover guard older than this belongs to a process that died while taking over.
const GUARD_STALE_MS = 5000;
const MAX_TRIES = 50;
// sun_path is 108 bytes on Linux and 104 on macOS, NUL included.
const MAX_SOCKET_PATH = 100;

/**
 * The single-writer lock on DATA_DIR: a Unix socket (a named pipe on Windows) that the holder
 * listens on for as long as it runs.
 *
 * Why a socket and not a pid file: whether the holder is alive is answered by the kernel, not
 * guessed. A connect() to the socket succeeds while the holder's process exists (even if it is
 * frozen), and fails with ECONNREFUSED once it has died, however it died (SIGKILL, OOM, power
 * cut: the file stays, its listener does not). So a stale lock never blocks a restart and never
 * waits for a timeout, and pid reuse (every container's server is pid 1) cannot fool it.
 *
 * Removing a stale socket and binding a new one are two steps; a guard file created with O_EXCL
 * makes sure only one starting process does them at a time, and the liveness check is repeated
 * under the guard. Scope: one machine (containers sharing a volume included). A DATA_DIR on a
 * network file system shared by several machines is not protected: do not do that.
 */
export class DataDirLock {
  readonly #server: Server;
  readonly path: string;
  /** dev+ino of the socket file we bound (undefined on Windows: a pipe has no file). */
  readonly #identity: string | undefined;

  private constructor(server: Server, path: string, identity: string | undefined) {
    this.#server = server;
    this.path = path;
    this.#identity = identity;
  }

  static async #held(server: Server, path: string): Promise<DataDirLock> {
    if (process.platform === 'win32') return new DataDirLock(server, path, undefined);
    return new DataDirLock(server, path, await fileIdentity(path));
  }

  /**
   * Why this process no longer holds the lock, or undefined while it does. One stat, run
   * before each commit: if someone deleted the socket file, a second writer can bind a new
   * one there and start; from then on only that one may commit (issue 15).
   */
  async lost(): Promise<string | undefined> {
    if (this.#identity === undefined) return undefined;
    const now = await fileIdentity(this.path);
    if (now === this.#identity) return undefined;
    return (
      `${this.path}: the writer lock socket was ${now === undefined ? 'deleted' : 'replaced by another process'}; ` +
      'another writer may be running on this DATA_DIR, so this one refuses commits. Stop both, then restart one.'
    );
  }

  /** Takes the lock or throws DataDirLockedError. `dataDir` must exist. */
  static async acquire(dataDir: string): Promise<DataDirLock> {
    const path = await socketPath(dataDir);
    const identity = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
    for (let tries = 0; tries < MAX_TRIES; tries += 1) {
      const server = await listen(path, identity);
      if (server) return DataDirLock.#held(server, path);
      const holder = await probe(path);
      if (holder !== undefined) throw new DataDirLockedError(dataDir, holder);
      if (process.platform === 'win32') continue; // a pipe vanishes with its process: just retry
      // A dead holder's socket file: remove it, but only one process at a time.
      const guard = `${path}.takeover`;
      const handle = await open(guard, 'wx').catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        return undefined;
      });
      if (handle === undefined) {
        const age = await stat(guard).then((info) => Date.now() - info.mtimeMs, () => 0);
        if (age > GUARD_STALE_MS) await unlink(guard).catch(() => undefined);
        else await delay(20);
        continue;
      }
      try {
        await handle.close();
        const again = await probe(path);
        if (again !== undefined) throw new DataDirLockedError(dataDir, again);
        await unlink(path).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        const server = await listen(path, identity);
        if (server) return DataDirLock.#held(server, path);
      } finally {
        await unlink(guard).catch(() => undefined);
      }
    }
    throw new Error(`${dataDir}: could not take the writer lock at ${path} after ${MAX_TRIES} tries`);
  }

  /**
   * Releases the lock. Closing the server unlinks the socket path (libuv does, by name), which
   * would delete ANOTHER writer's socket if ours was replaced: then that socket is kept under
   * a second hard link and linked back (link, unlike rename, never overwrites a newer one).
   */
  async release(): Promise<void> {
    const other = this.#identity !== undefined && (await this.lost()) !== undefined;
    const keep = `${this.path}.keep-${process.pid}`;
    const kept = other && (await link(this.path, keep).then(() => true, () => false));
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (!kept) return;
    await link(keep, this.path).catch(() => undefined);
    await unlink(keep).catch(() => undefined);
  }
}

/** "dev:ino" of the file at path, undefined when there is none. */
function fileIdentity(path: string): Promise<string | undefined> {
  return stat(path, { bigint: true }).then(
    (info) => `${info.dev}:${info.ino}`,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
}

/** Listens on the lock socket; undefined when the address is taken (live or stale). */
function listen(path: string, identity: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end(`${identity}\n`);
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(undefined);
      else reject(new Error(`cannot create the DATA_DIR writer lock at ${path}: ${error.message}`, { cause: error }));
    });
    server.listen(path, () => {
      // The lock must never keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

/** Who holds the lock ("pid 42 since …"), or undefined when nobody listens on it. */
function probe(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let text = '';
    let connected = false;
    let failure: string | undefined;
    const timer = setTimeout(() => socket.destroy(), 2000);
    socket.setEncoding('utf8');
    socket.on('connect', () => (connected = true));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (failure = error.code));
    socket.on('close', () => {
      clearTimeout(timer);
      // Only these two mean "nobody listens"; anything else (EAGAIN on a full backlog, a
      // timeout) is treated as a live holder: wrongly refusing beats two writers.
      if (!connected && (failure === 'ECONNREFUSED' || failure === 'ENOENT')) return resolve(undefined);
      resolve(describeHolder(text));
    });
  });
}

function describeHolder(text: string): string {
  try {
    const { pid, since } = JSON.parse(text) as { pid?: unknown; since?: unknown };
    if (typeof pid === 'number') return `pid ${pid}${typeof since === 'string' ? `, running since ${since}` : ''}`;
  } catch {
    // A holder that accepted but said nothing yet (frozen, overloaded): still alive.
  }
  return 'a live process';
}

/**
 * The lock's address: always inside DATA_DIR, so that every process that can see the
 * directory (any container on the host) sees the lock. No fallback elsewhere: each container
 * has its own /tmp, so a lock there would let two writers in (issue 15).
 */
async function socketPath(dataDir: string): Promise<string> {
  const real = await realpath(dataDir);
  if (process.platform === 'win32') {
    const hash = createHash('sha256').update(real).digest('hex').slice(0, 24);
    return `\\\\?\\pipe\\http-starter-${hash}`;
  }
  const inside = join(real, LOCK_SOCKET);
  if (Buffer.byteLength(inside) > MAX_SOCKET_PATH) throw new DataDirPathTooLongError(dataDir, inside);
  return inside;
}
