import { get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from './demo-process.js';

/** More refused sockets than REFUSAL_HEADROOM (256) plus DEMO_MAX_SOCKETS leave room for. */
const FLOOD = 300;

/** Opens a socket and resolves once it is connected or has failed; it sends nothing and never closes itself. */
function openQuiet(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    socket.once('connect', () => resolve(socket));
    socket.once('close', () => resolve(socket));
  });
}

/** GET /demos/health from another loopback address (127.0.0.2): another client. */
function healthFromElsewhere(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/demos/health', localAddress: '127.0.0.2', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
  });
}

describe('one address flooding refused sockets does not lock other addresses out', () => {
  let demo: RunningDemo;
  let port: number;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_SOCKETS_PER_IP: '4', DEMO_MAX_SOCKETS: '8' });
    port = Number(new URL(demo.url).port);
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it(`${FLOOD} sockets over one address's cap that never close: another address is still served`, async () => {
    // Every refused socket used to linger (REFUSED_LINGER_MS) waiting for its client to close,
    // and Node's maxConnections (DEMO_MAX_SOCKETS + 256) counts them: one address that opens
    // refused sockets faster than they expire filled it, and Node then dropped every new
    // connection from anyone, unanswered (ECONNRESET here before the fix).
    const flood: Socket[] = [];
    try {
      for (let i = 0; i < FLOOD; i++) flood.push(await openQuiet(port));
      expect(await healthFromElsewhere(port)).toBe(200);
    } finally {
      for (const socket of flood) socket.destroy();
    }
  });
});
