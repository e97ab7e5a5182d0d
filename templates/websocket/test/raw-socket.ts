import { connect, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface RawSocket {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): Buffer;
  /** Resolves when the connection closes, with everything received. */
  readonly closed: Promise<Buffer>;
}

/**
 * A plain TCP connection, for bytes a WebSocket or fetch client would never send (or would
 * normalise); to `host` from `localAddress` when given (any 127.x.y.z is a distinct loopback client).
 */
export async function openRawSocket(port: number, host = '127.0.0.1', localAddress?: string): Promise<RawSocket> {
  const socket = connect({ port, host, ...(localAddress === undefined ? {} : { localAddress }) });
  onTestFinished(() => {
    socket.destroy();
  });
  socket.on('error', () => {});
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const received = (): Buffer => Buffer.concat(chunks);
  const closed = new Promise<Buffer>((resolve) => socket.once('close', () => resolve(received())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received, closed };
}

/** The handshake request of a WebSocket client, as raw text. */
export function upgradeRequest(path = '/ws', headers: Record<string, string> = {}): string {
  const lines = [
    `GET ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** One masked client frame (RFC 6455 §5.2): clients must mask, servers must refuse unmasked ones. */
export function clientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | length])
      : length < 65_536
        ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, length >> 8, length & 0xff])
        : (() => {
            const h = Buffer.alloc(10);
            h[0] = (fin ? 0x80 : 0) | opcode;
            h[1] = 0x80 | 127;
            h.writeBigUInt64BE(BigInt(length), 2);
            return h;
          })();
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i += 1) masked[i]! ^= mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}
