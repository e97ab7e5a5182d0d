import type { Server } from 'node:http';
import { addressKey } from '../../templates/sse/src/address-key.js';
import type { Socket } from 'node:net';
import { type DemoLimits, REFUSAL_HEADROOM } from './limits.js';

/**
 * Caps on TCP sockets, below HTTP: per client address (socketsPerIp) and in total (maxSockets).
 * Streams are counted again, more finely, by the connection registry; this layer bounds what
 * the registry never sees (idle keep-alive sockets, slow or silent connections), so one address
 * cannot exhaust the process's file descriptors.
 *
 * A socket over a cap is told why before it is closed: the refusal is written as soon as it is
 * accepted (an HTTP/1.1 client reads it as the answer to the request it sends), with
 * `Connection: close`, then the server half-closes. The request that arrives is read and
 * ignored, so closing never resets the connection under the client's feet (a reset can discard
 * the answer before the client reads it). A refused socket that does not close within
 * REFUSED_LINGER_MS is destroyed. Beyond maxSockets + REFUSAL_HEADROOM, Node's own
 * `maxConnections` closes new sockets at once, with no answer: the last line against fd exhaustion.
 */
export interface SocketLimiter {
  /** True for a socket that was refused: its requests get no handler. */
  refused(socket: Socket): boolean;
  /** Open sockets now (admitted ones), and how many were refused per cap since start. */
  stats(): { open: number; addresses: number; refusedPerIp: number; refusedTotal: number };
}

export const REFUSED_LINGER_MS = 2_000;
/**
 * Refused sockets linger until their client closes (or REFUSED_LINGER_MS), and Node's
 * maxConnections counts them: refused sockets from one address, opened faster than they expire
 * and never closed, once filled it, and Node then dropped every other address's new connections
 * unanswered. So once open and lingering sockets come within HEADROOM_RESERVE of
 * maxConnections, an address that already has LINGERING_REFUSALS_PER_IP lingering gets its next
 * ones closed at once, unanswered (it has been told why that many times), and the reserve stays
 * for everyone else. Below that, every refused socket gets its answer, however many one address
 * opens (a burst of 500 at once from one address is still answered 429 each).
 */
export const LINGERING_REFUSALS_PER_IP = 16;
const HEADROOM_RESERVE = 32;

function refusal(status: 429 | 503, limit: 'socketsPerIp' | 'maxSockets', message: string): string {
  const body = JSON.stringify({ error: { code: 'demo_limit', limit, message } });
  const reason = status === 429 ? 'Too Many Requests' : 'Service Unavailable';
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nRetry-After: 10\r\nConnection: close\r\n\r\n${body}`
  );
}

export function limitSockets(server: Server, limits: Pick<DemoLimits, 'socketsPerIp' | 'maxSockets'>): SocketLimiter {
  const perIp = new Map<string, number>();
  const lingeringPerIp = new Map<string, number>();
  let lingeringTotal = 0;
  const refusedSockets = new WeakSet<Socket>();
  let open = 0;
  let refusedPerIp = 0;
  let refusedTotal = 0;
  const perIpAnswer = refusal(429, 'socketsPerIp', `at most ${limits.socketsPerIp} open connections per address; close some tabs or wait`);
  const totalAnswer = refusal(503, 'maxSockets', `the demo server is full (${limits.maxSockets} connections); try again in a minute`);

  server.maxConnections = limits.maxSockets + REFUSAL_HEADROOM;

  function refuse(socket: Socket, ip: string, answer: string): void {
    refusedSockets.add(socket);
    socket.on('error', () => socket.destroy());
    const lingering = lingeringPerIp.get(ip) ?? 0;
    if (open + lingeringTotal >= server.maxConnections - HEADROOM_RESERVE && lingering >= LINGERING_REFUSALS_PER_IP) {
      socket.destroy();
      return;
    }
    lingeringTotal += 1;
    lingeringPerIp.set(ip, lingering + 1);
    socket.end(answer);
    const timer = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      lingeringTotal -= 1;
      const left = (lingeringPerIp.get(ip) ?? 1) - 1;
      if (left <= 0) lingeringPerIp.delete(ip);
      else lingeringPerIp.set(ip, left);
    });
  }

  // Prepended: it runs before node:http's own connection listener, so the refusal is the first
  // byte on the wire. That listener still attaches its parser (it cannot be skipped), which
  // reads the request the client sends; the server's handlers ignore refused sockets.
  server.prependListener('connection', (socket: Socket) => {
    // An IPv6 client by its /64, as the starters' own per-address limits count it: one host is
    // routinely given a whole /64, so full addresses would give it 2^64 shares of the cap.
    const ip = addressKey(socket.remoteAddress);
    const held = perIp.get(ip) ?? 0;
    if (held >= limits.socketsPerIp) {
      refusedPerIp += 1;
      return refuse(socket, ip, perIpAnswer);
    }
    if (open >= limits.maxSockets) {
      refusedTotal += 1;
      return refuse(socket, ip, totalAnswer);
    }
    perIp.set(ip, held + 1);
    open += 1;
    socket.once('close', () => {
      open -= 1;
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left <= 0) perIp.delete(ip);
      else perIp.set(ip, left);
    });
  });

  return {
    refused: (socket) => refusedSockets.has(socket),
    stats: () => ({ open, addresses: perIp.size, refusedPerIp, refusedTotal }),
  };
}
