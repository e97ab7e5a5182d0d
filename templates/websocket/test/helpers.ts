import { onTestFinished } from 'vitest';
import { type ClientOptions, WebSocket } from 'ws';
import { type ChatServer, createServer, type ServerMessage, type ServerOptions } from '../src/server.js';

export interface Started {
  server: ChatServer;
  url: string;
  wsUrl: string;
  port: number;
}

/** A server on an ephemeral port, stopped when the test ends. */
export async function startServer(options: ServerOptions = {}): Promise<Started> {
  const server = createServer({ host: '127.0.0.1', port: 0, ...options });
  const { url, port } = await server.start();
  onTestFinished(() => server.stop());
  return { server, url, port, wsUrl: `ws://127.0.0.1:${port}/ws` };
}

export interface CloseEvent {
  code: number;
  reason: string;
}

/** A real ws client that queues what it receives, so tests can await messages in order. */
export class TestClient {
  readonly closed: Promise<CloseEvent>;
  private readonly queue: ServerMessage[] = [];
  private readonly waiters: ((message: ServerMessage) => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.queue.push(message);
    });
    ws.on('error', () => {});
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  /** The next message; fails the test after `timeoutMs`. */
  next(timeoutMs = 2_000): Promise<ServerMessage> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (message: ServerMessage): void => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push(waiter);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Joins and waits for the server's acknowledgement. */
  async join(room: string): Promise<void> {
    this.send({ type: 'join', room });
    const ack = await this.next();
    if (ack.type !== 'joined' || ack.room !== room) throw new Error(`expected joined ${room}, got ${JSON.stringify(ack)}`);
  }

  get pending(): number {
    return this.queue.length;
  }
}

/** Connects and consumes the welcome message. */
export async function connect(url: string, options?: ClientOptions): Promise<TestClient & { user: string }> {
  const ws = new WebSocket(url, options);
  const client = new TestClient(ws);
  onTestFinished(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const welcome = await client.next();
  if (welcome.type !== 'welcome') throw new Error(`expected welcome, got ${JSON.stringify(welcome)}`);
  return Object.assign(client, { user: welcome.user });
}

/** Tries to connect and returns the HTTP status the handshake was refused with. */
export function refusedStatus(url: string, options?: ClientOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('handshake unexpectedly succeeded'));
    });
    ws.on('error', () => {});
  });
}

export function opened(url: string, options?: ClientOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => {
      resolve(true);
      ws.terminate();
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(false);
      ws.terminate();
    });
    ws.on('error', () => resolve(false));
  });
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
