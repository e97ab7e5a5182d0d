import { connect } from 'node:net';

export interface RawAnswer {
  /** The status code from the first status line, 0 when none arrived. */
  status: number;
  /** Everything before the blank line (status line and headers). */
  head: string;
  body: string;
  /** The socket's error code (EPIPE, ECONNRESET…), if it had one. */
  error: string | undefined;
  /** The server closed its side in order (FIN), rather than resetting or timing out. */
  ended: boolean;
}

/**
 * One HTTP/1.1 request over a raw socket, so nothing (fetch, undici) normalises, retries or
 * hides a reset: `head` is written as given, then `body` in one write, and the answer is read
 * until the server closes the connection.
 */
export function rawRequest(port: number, head: string, body?: Buffer, options: { localAddress?: string; timeoutMs?: number } = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let ended = false;
    const timer = setTimeout(() => {
      error ??= 'timeout';
      socket.destroy();
    }, options.timeoutMs ?? 15_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      ended = true;
      socket.end();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const headText = split === -1 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headText)?.[1] ?? 0);
      resolve({ status, head: headText, body: split === -1 ? '' : text.slice(split + 4), error, ended });
    });
    socket.write(head);
    if (body) socket.write(body);
  });
}

/** Request head for a POST with a declared length (or chunked when `length` is undefined). */
export function postHead(path: string, length: number | undefined, contentType = 'application/json'): string {
  const framing = length === undefined ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`;
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\n${framing}\r\n\r\n`;
}

/** One chunk of `size` bytes and the last chunk, for a chunked body. */
export function chunked(size: number, fill = 0x20): Buffer {
  return Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, fill), Buffer.from('\r\n0\r\n\r\n')]);
}
