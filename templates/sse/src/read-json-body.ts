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
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  // A second read while one is in flight shares it (the listeners are attached once, and there
  // is one reader per request): it gets its own copy of the value, under its own limit.
  const pending = (req as BodyRequest)[kBody];
  if (pending !== undefined) {
    return pending.promise.then((value) => {
      if (pending.size > maxBytes) throw tooLarge(maxBytes);
      return structuredClone(value);
    });
  }
  let reader!: BodyReader;
  const promise = new Promise<unknown>((resolve, reject) => {
    reader = new BodyReader(maxBytes, resolve, reject);
    (req as BodyRequest)[kBody] = reader;
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onGone);
    req.once('close', onGone);
  });
  reader.promise = promise;
  return promise;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`, { Connection: 'close' });
}

const kBody = Symbol('JsonBody');
type BodyRequest = IncomingMessage & { [kBody]?: BodyReader };

/** One body being read: its chunks so far, and how the read ends. */
class BodyReader {
  readonly chunks: Buffer[] = [];
  size = 0;
  /** What readJsonBody returned for this read. */
  promise!: Promise<unknown>;
  constructor(
    readonly maxBytes: number,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: Error) => void,
  ) {}
}

// The listeners are these module-level functions, shared by every request (the reader hangs
// on the request): a publisher sending one event per request makes thousands of requests a
// second, and a set of closures for each was measurable (issue 16).

function onData(this: BodyRequest, chunk: Buffer): void {
  const reader = this[kBody];
  if (reader === undefined) return;
  reader.size += chunk.length;
  if (reader.size > reader.maxBytes) {
    finish(this);
    this.pause();
    reader.reject(tooLarge(reader.maxBytes));
    return;
  }
  reader.chunks.push(chunk);
}

function onEnd(this: BodyRequest): void {
  const reader = finish(this);
  if (reader === undefined) return;
  const text = Buffer.concat(reader.chunks, reader.size).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    reader.reject(new HttpError('invalid_json'));
    return;
  }
  reader.resolve(value);
}

// A request stream errors or closes before its end only when its connection fails mid-body
// ("aborted", a reset): the client is gone, which is not a bug here.
function onGone(this: BodyRequest): void {
  finish(this)?.reject(new RequestAbortedError());
}

/** Detaches the reader and its listeners: the read is settled, whichever way. */
function finish(req: BodyRequest): BodyReader | undefined {
  const reader = req[kBody];
  if (reader === undefined) return undefined;
  req[kBody] = undefined;
  req.removeListener('data', onData);
  req.removeListener('end', onEnd);
  req.removeListener('error', onGone);
  req.removeListener('close', onGone);
  return reader;
}
