import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addressKey } from './address-key.js';
import { BodyReader, tooLarge } from './body-reader.js';
import { bodyFormat, type BodyFormat } from './content-type.js';
import { HttpError } from './errors.js';
import { declaredLength, sendJson } from './http-io.js';
import { IDEMPOTENCY_HEADER, InFlightKeys, REPLAYED_HEADER, parseIdempotencyKey } from './idempotency.js';
import { InvalidUtf8Error, LineSplitter, LineTooLongError } from './line-splitter.js';
import type { Limits } from './options.js';
import { validateRecord, type IngestRecord } from './record-schema.js';
import type { RecordStore, StoreTransaction, StoredAnswer } from './record-store.js';

/** The 202 body. `line` is the NDJSON line number, or the 1-based position in a JSON array. */
export interface IngestAnswer {
  accepted: number;
  rejected: Array<{ line: number; error: string }>;
  rejectedOmitted: number;
}

export interface IngestContext {
  store: RecordStore;
  limits: Limits;
  inFlightKeys: InFlightKeys;
  /** Ingests running now; compared with limits.maxConcurrentIngests. */
  active: { count: number };
  /** Ingests running now per remote address; compared with limits.maxConcurrentIngestsPerIp. */
  activeByAddress: Map<string, number>;
  /** Called once the headers passed every check, right before the body is read. */
  beforeBody: (res: ServerResponse) => void;
  /** Aborted by stop() when the grace period ends: uploads still arriving get 503 SHUTTING_DOWN. */
  shutdown: AbortSignal;
}

const APPEND_BATCH = 1000;

/** POST /ingest: validate headers, replay or run the upload as one store transaction. */
export async function handleIngest(req: IncomingMessage, res: ServerResponse, context: IngestContext): Promise<void> {
  const { limits } = context;
  const format = bodyFormat(req.headers['content-type'], req.headers['content-encoding']);
  const maxBytes = format === 'json' ? Math.min(limits.maxBodyBytes, limits.maxJsonBodyBytes) : limits.maxBodyBytes;
  const declared = declaredLength(req);
  if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
  const key = parseIdempotencyKey(req.headers[IDEMPOTENCY_HEADER]);

  if (key !== undefined) context.inFlightKeys.acquire(key);
  try {
    const remembered = key === undefined ? undefined : await context.store.findAnswer(key);
    if (remembered !== undefined && remembered.bodyBytes === undefined) {
      // Stored before answers carried a fingerprint: replay unchecked, without reading.
      sendJson(req, res, remembered.status, remembered.body, { [REPLAYED_HEADER]: 'true' });
      return;
    }
    // A different length is a different request: answer before reading a byte of it.
    if (remembered !== undefined && declared !== undefined && declared !== remembered.bodyBytes) throw reused();
    // Checked first: a single client over its share is told so, not that the server is full.
    // One client is an IPv4 address or an IPv6 /64 (a host is often given a whole /64).
    const address = addressKey(req.socket.remoteAddress);
    const mine = context.activeByAddress.get(address) ?? 0;
    if (mine >= limits.maxConcurrentIngestsPerIp) {
      throw new HttpError('CLIENT_BUSY', `this address already runs ${mine} uploads`, { headers: { 'Retry-After': '1' } });
    }
    if (context.active.count >= limits.maxConcurrentIngests) {
      throw new HttpError('BUSY', 'too many uploads in progress', { headers: { 'Retry-After': '1' } });
    }
    context.active.count += 1;
    context.activeByAddress.set(address, mine + 1);
    try {
      const reader = (max: number, tooLargeError?: (max: number) => HttpError) =>
        new BodyReader(req, {
          maxBytes: max,
          tooLarge: tooLargeError,
          idleTimeoutMs: limits.bodyIdleTimeoutMs,
          minBytesPerSecond: limits.minBodyBytesPerSecond,
          signal: context.shutdown,
          fingerprintPrefix: format,
        });
      if (remembered !== undefined) {
        context.beforeBody(res);
        await expectSameBody(reader(remembered.bodyBytes ?? 0, reused), remembered);
        sendJson(req, res, remembered.status, remembered.body, { [REPLAYED_HEADER]: 'true' });
        return;
      }
      const transaction = await context.store.begin();
      try {
        // Only now does a client that sent "Expect: 100-continue" start the upload.
        context.beforeBody(res);
        const body = reader(maxBytes);
        const answer = await readInto(transaction, body, format, limits);
        // An answer that stored nothing is not remembered: the client fixes the body and
        // retries with the same key, and that retry must run.
        const remember =
          key !== undefined && answer.accepted > 0
            ? { key, status: 202, body: answer, fingerprint: body.fingerprint(), bodyBytes: body.bytes }
            : undefined;
        await transaction.commit(remember);
        sendJson(req, res, 202, answer);
      } catch (error) {
        await transaction.abort();
        throw isDiskFull(error)
          ? new HttpError('STORAGE_FULL', 'the disk is full; nothing from this upload was stored, retry later', {
              cause: error,
            })
          : error;
      }
    } finally {
      context.active.count -= 1;
      const left = (context.activeByAddress.get(address) ?? 1) - 1;
      if (left === 0) context.activeByAddress.delete(address);
      else context.activeByAddress.set(address, left);
    }
  } finally {
    if (key !== undefined) context.inFlightKeys.release(key);
  }
}

async function readInto(
  transaction: StoreTransaction,
  body: BodyReader,
  format: BodyFormat,
  limits: Limits,
): Promise<IngestAnswer> {
  const collector = new Collector(transaction, limits.maxRejected);
  if (format === 'json') {
    const chunks: Buffer[] = [];
    for await (const chunk of body.chunks()) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    // toString() would turn invalid bytes into U+FFFD and store them as if they were sent.
    if (!isUtf8(bytes)) throw new HttpError('INVALID_UTF8', 'the body is not valid UTF-8');
    const text = bytes.toString('utf8');
    const document = parseJson(text, (error) => lineOfJsonError(text, error));
    const items: unknown[] = Array.isArray(document) ? document : [document];
    for (const [index, item] of items.entries()) {
      collector.add(index + 1, item);
      await collector.flushIfFull();
    }
    return collector.finish();
  }

  const splitter = new LineSplitter(limits.maxLineBytes, { strictUtf8: true });
  const take = (line: { no: number; text: string }) => {
    if (line.text.trim() === '') return;
    collector.add(
      line.no,
      parseJson(line.text, () => line.no),
    );
  };
  try {
    for await (const chunk of body.chunks()) {
      for (const line of splitter.push(chunk)) take(line);
      // Not reading the next chunk until the store has taken this batch is the backpressure.
      await collector.flushIfFull();
    }
    const last = splitter.end();
    if (last) take(last);
  } catch (error) {
    if (error instanceof LineTooLongError) {
      throw new HttpError('LINE_TOO_LONG', `line ${error.line} is longer than ${error.maxLineBytes} bytes`, {
        line: error.line,
      });
    }
    if (error instanceof InvalidUtf8Error) {
      throw new HttpError('INVALID_UTF8', `line ${error.line} is not valid UTF-8`, { line: error.line });
    }
    throw error;
  }
  return collector.finish();
}

/**
 * A retry must be the same request as the first: reading its body (nothing is stored) and
 * comparing fingerprints is how the server knows. Longer than the first body fails early.
 */
async function expectSameBody(body: BodyReader, remembered: StoredAnswer): Promise<void> {
  for await (const chunk of body.chunks()) void chunk;
  if (body.bytes !== remembered.bodyBytes || body.fingerprint() !== remembered.fingerprint) throw reused();
}

/** No space (ENOSPC), over a quota (EDQUOT) or over RLIMIT_FSIZE (EFBIG), in the log or a spool file. */
function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
}

function reused(): HttpError {
  return new HttpError(
    'IDEMPOTENCY_KEY_REUSED',
    'this Idempotency-Key was first used with a different body or Content-Type; use a new key for a new upload',
  );
}

/** Validates records, hands them to the store in batches, and keeps a capped list of rejects. */
class Collector {
  readonly #transaction: StoreTransaction;
  readonly #maxRejected: number;
  #batch: IngestRecord[] = [];
  #accepted = 0;
  #rejected: IngestAnswer['rejected'] = [];
  #rejectedOmitted = 0;

  constructor(transaction: StoreTransaction, maxRejected: number) {
    this.#transaction = transaction;
    this.#maxRejected = maxRejected;
  }

  add(line: number, value: unknown): void {
    const result = validateRecord(value);
    if (result.ok) {
      this.#batch.push(result.record);
      this.#accepted += 1;
    } else if (this.#rejected.length < this.#maxRejected) {
      this.#rejected.push({ line, error: result.error });
    } else {
      this.#rejectedOmitted += 1;
    }
  }

  async flushIfFull(): Promise<void> {
    if (this.#batch.length >= APPEND_BATCH) await this.#flush();
  }

  async finish(): Promise<IngestAnswer> {
    await this.#flush();
    return { accepted: this.#accepted, rejected: this.#rejected, rejectedOmitted: this.#rejectedOmitted };
  }

  async #flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    await this.#transaction.append(batch);
  }
}

function parseJson(text: string, lineOf: (error: unknown) => number | undefined): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const line = lineOf(error);
    const reason = error instanceof Error ? error.message : String(error);
    const where = line === undefined ? '' : `line ${line}: `;
    return throwMalformed(`${where}${truncate(reason, 200)}`, line);
  }
}

function throwMalformed(message: string, line: number | undefined): never {
  throw new HttpError('MALFORMED_JSON', message, line === undefined ? {} : { line });
}

/** V8 reports a character position for most JSON errors; turn it into a line number. */
function lineOfJsonError(text: string, error: unknown): number | undefined {
  const match = error instanceof Error ? /at position (\d+)/.exec(error.message) : null;
  if (!match) return text.includes('\n') ? undefined : 1;
  const position = Number(match[1]);
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) {
    line += 1;
  }
  return line;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
