import { connect, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface RawSocket {
  readonly socket: Socket;
  /** Everything received so far, as text. */
  received(): string;
  /** Resolves when the server closes the connection (or it errors), with what was received. */
  readonly closed: Promise<string>;
  write(text: string | Buffer): void;
}

/**
 * A plain TCP connection, for requests a fetch client would normalise, finish or never send;
 * from `localAddress` when given (any 127.x.y.z is a distinct loopback client).
 */
export async function openRawSocket(url: string, localAddress?: string): Promise<RawSocket> {
  const { port, hostname } = new URL(url);
  const socket = connect({ port: Number(port), host: hostname.replace(/^\[|\]$/g, ''), ...(localAddress === undefined ? {} : { localAddress }) });
  onTestFinished(() => {
    socket.destroy();
  });
  socket.on('error', () => {});
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const received = (): string => Buffer.concat(chunks).toString('utf8');
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received, closed, write: (text) => socket.write(text) };
}
