import type { IncomingMessage } from 'node:http';
import { HttpError, RequestAbortedError } from './errors.js';

/**
 * Only `application/json` (any parameters, e.g. charset) is accepted; anything else is a 415.
 * Besides keeping the parser honest, this makes every cross-origin POST need a CORS preflight,
 * which this server never grants: another site cannot make a visitor's browser start a chat
 * stream (and spend model tokens) with a "simple" text/plain or form POST.
 */
export function requireJsonContentType(req: IncomingMessage): void {
  const mediaType = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') throw new HttpError('unsupported_media_type');
}

/**
 * Reads and parses a JSON body of at most `maxBytes`. A declared Content-Length over the limit is
 * refused before reading a byte; a chunked body is refused as soon as it crosses the limit. The
 * 413 asks for `Connection: close`, since the rest of that body is never read.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = () =>
    new HttpError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`, {
      Connection: 'close',
    });

  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;

    const cleanUp = () => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanUp();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      const text = Buffer.concat(chunks, size).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError('invalid_json'));
      }
    };
    // A request stream errors only when its connection fails mid-body ("aborted", a reset):
    // the client is gone, which is not a bug here.
    const onError = () => {
      cleanUp();
      reject(new RequestAbortedError());
    };
    const onClose = () => {
      cleanUp();
      reject(new RequestAbortedError());
    };

    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}
