import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { nowUs } from '../clock.js';
import { findStampInBytes } from '../payload.js';
import { BENCH_ROOM } from '../servers/server-setup.js';
import { withTimeout, type ConnectSubscriber } from './client-api.js';
import { encodeClientFrame, FrameReader, OPCODE_CLOSE, OPCODE_PONG, OPCODE_TEXT } from './ws-frames.js';

const CONNECT_TIMEOUT_MS = 10_000;
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const JOINED = Buffer.from('{"type":"joined"');

function startsWith(buffer: Buffer, start: number, end: number, prefix: Buffer): boolean {
  return end - start >= prefix.length && buffer.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0;
}

/**
 * A WebSocket subscriber on a bare TCP socket: it does the opening handshake itself (checking
 * Sec-WebSocket-Accept), joins the bench room, answers pings, and for every message reads the
 * stamp straight from the frame's bytes. Everything the server sends is still read and framed
 * correctly, so the server does exactly the work it does for a browser.
 */
export const connectWsSubscriber: ConnectSubscriber = (port, name, handlers) => {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
  let joined = false;
  let closed = false;
  // Every message of a chunk arrived when the chunk was read: one clock read per chunk.
  let chunkUs = 0;
  const joinedPromise = new Promise<void>((resolve, reject) => {
    const fail = (error: Error): void => {
      if (!joined) reject(error);
    };
    const reader = new FrameReader({
      onMessage(buffer, start, end) {
        if (joined) {
          handlers.onStamp(findStampInBytes(buffer, start, end), chunkUs);
        } else if (startsWith(buffer, start, end, JOINED)) {
          joined = true;
          resolve();
        }
      },
      onPing(payload) {
        if (!socket.destroyed) socket.write(encodeClientFrame(OPCODE_PONG, payload));
      },
      onClose() {
        socket.end(encodeClientFrame(OPCODE_CLOSE, Buffer.alloc(0)));
        fail(new Error(`websocket ${name} was closed before joining`));
      },
    });
    let response: Buffer | undefined = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (response !== undefined) {
        response = Buffer.concat([response, chunk]);
        const headEnd = response.indexOf('\r\n\r\n');
        if (headEnd === -1) return;
        const head = response.subarray(0, headEnd).toString('latin1');
        const rest = response.subarray(headEnd + 4);
        response = undefined;
        const lines = head.split('\r\n');
        const accepted = lines.some((line) => line.toLowerCase().startsWith('sec-websocket-accept:') && line.slice(21).trim() === accept);
        if (!lines[0]!.startsWith('HTTP/1.1 101') || !accepted) {
          socket.destroy();
          fail(new Error(`websocket ${name}: handshake refused (${lines[0]})`));
          return;
        }
        socket.write(encodeClientFrame(OPCODE_TEXT, Buffer.from(JSON.stringify({ type: 'join', room: BENCH_ROOM }))));
        chunk = rest;
        if (chunk.length === 0) return;
      }
      chunkUs = nowUs();
      try {
        reader.push(chunk);
      } catch (error) {
        socket.destroy();
        fail(error as Error);
      }
    });
    socket.on('error', (error) => fail(error));
    socket.on('close', () => {
      fail(new Error(`websocket ${name} closed before joining`));
      if (joined && !closed) handlers.onClose();
      closed = true;
    });
    socket.write(
      `GET /ws?name=${encodeURIComponent(name)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  const close = (): void => {
    closed = true;
    socket.destroy();
  };
  return withTimeout(joinedPromise, CONNECT_TIMEOUT_MS, `websocket ${name} did not join within ${CONNECT_TIMEOUT_MS} ms`).then(
    () => ({ close }),
    (error: unknown) => {
      close();
      throw error;
    },
  );
};
