import { connect, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { startServer } from './helpers.js';
import { upgradeRequest } from './raw-socket.js';

// connection-limits gives a slot back under the address it reads again at close (it keeps
// none per connection). Connections that end every way a client can end one, the abrupt ways
// included (RST after the upgrade, RST before a byte, a handshake never finished, refused
// upgrades), must each give their slot back, and the cap must still hold afterwards, on IPv4
// and IPv6 alike.
const CAP = 3;
const TOKEN = 'churn-token-0123456789';
const good = { Origin: 'https://chat.example', Authorization: `Bearer ${TOKEN}` };

function open(port: number, host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    socket.on('error', () => {});
    socket.resume();
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

const closed = (socket: Socket): Promise<void> =>
  new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

const endings: ((socket: Socket) => Promise<void>)[] = [
  // Upgraded, then reset.
  async (socket) => {
    socket.write(upgradeRequest('/ws', good));
    await new Promise((resolve) => socket.once('data', resolve));
    socket.resetAndDestroy();
  },
  // Reset before a byte.
  async (socket) => void socket.resetAndDestroy(),
  // Closed before a byte.
  async (socket) => void socket.destroy(),
  // Half a handshake, then reset.
  async (socket) => {
    socket.write('GET /ws HTTP/1.1\r\nHost: x\r\n');
    await new Promise((resolve) => setImmediate(resolve));
    socket.resetAndDestroy();
  },
  // The upgrade and a reset in one go (the server may not have read the request yet).
  async (socket) => {
    socket.write(upgradeRequest('/ws', good));
    socket.resetAndDestroy();
  },
  // Refused by the token check (401), then by the origin check (403): the server closes.
  async (socket) => void socket.write(upgradeRequest('/ws', { Origin: good.Origin })),
  async (socket) => void socket.write(upgradeRequest('/ws', { ...good, Origin: 'https://evil.example' })),
];

describe('per-address slots under churn', () => {
  it('every way a connection ends gives its slot back, and the cap still holds (IPv4 and IPv6)', async () => {
    const { server, port } = await startServer({ host: '::', allowedOrigins: [good.Origin], authToken: TOKEN, maxConnectionsPerIp: CAP });
    const hosts = ['127.0.0.1', '::1'];
    let next = 0;
    const cycles = 280;
    // CAP - 1 at a time per run: never over the cap, so nothing is refused during the churn.
    const worker = async (): Promise<void> => {
      while (next < cycles) {
        const n = next++;
        const socket = await open(port, hosts[n % hosts.length] ?? '127.0.0.1');
        await endings[n % endings.length]?.(socket);
        await closed(socket);
      }
    };
    await Promise.all(Array.from({ length: CAP - 1 }, worker));
    await vi.waitFor(() => expect(server.connections().open).toBe(0), { timeout: 10_000 });
    expect(server.connections().refused).toBe(0);
    expect(server.chat.stats().clients).toBe(0);

    for (const host of hosts) {
      const held = await Promise.all(Array.from({ length: CAP }, () => open(port, host)));
      await vi.waitFor(() => expect(server.connections().open).toBe(CAP));
      const refusedBefore = server.connections().refused;
      const extra = await open(port, host);
      await closed(extra);
      expect(server.connections().refused).toBe(refusedBefore + 1);
      expect(held.every((socket) => !socket.destroyed)).toBe(true);
      for (const socket of held) socket.destroy();
      await vi.waitFor(() => expect(server.connections().open).toBe(0));
    }
  }, 60_000);
});
