import { isUtf8 } from 'node:buffer';
import { connect } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/errors.js';
import { validateRecord } from '../../src/record-schema.js';
import { allRecords, get, startServer } from '../helpers.js';
import { MIB, report } from './report.js';

const MAX_LINE = 256;
const SEED = Number(process.env.CAMPAIGN_SEED ?? 20261203);

/** One NDJSON line, as bytes: valid and invalid records, other JSON, garbage, bad UTF-8, long lines. */
const lineBytes = fc.oneof(
  fc
    .record({ type: fc.string({ maxLength: 120 }), value: fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 5 })) }, { requiredKeys: ['type'] })
    .map((record) => Buffer.from(JSON.stringify(record))),
  fc.record({ type: fc.constant('ok'), value: fc.integer() }).map((record) => Buffer.from(JSON.stringify(record))),
  fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.string({ unit: 'binary', maxLength: 40 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 0x0a))),
  // Invalid UTF-8 inside an otherwise valid record: Latin-1, a lone continuation byte, an
  // overlong "/", an encoded surrogate, a truncated 4-byte sequence.
  fc
    .constantFrom([0xe9], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x8c])
    .map((bad) => Buffer.concat([Buffer.from('{"type":"'), Buffer.from(bad), Buffer.from('","value":1}')])),
  fc.integer({ min: MAX_LINE - 2, max: MAX_LINE * 4 }).map((length) => Buffer.from(`{"type":"${'x'.repeat(length)}","value":1}`)),
  fc.constantFrom(Buffer.from(''), Buffer.from('   '), Buffer.from('\r')),
);

const body = fc.record({
  lines: fc.array(lineBytes, { maxLength: 12 }),
  finalNewline: fc.boolean(),
  crlf: fc.boolean(),
});

type Expected = { ok: true; accepted: number; rejectedLines: number[] } | { ok: false; codes: Set<ErrorCode> };

/**
 * What the server must answer, from the documented rules. When several lines are bad, the
 * server may report any of them (it checks length and UTF-8 as bytes arrive, JSON per line).
 */
function expected(lines: Buffer[]): Expected {
  const codes = new Set<ErrorCode>();
  let accepted = 0;
  const rejectedLines: number[] = [];
  for (const [index, bytes] of lines.entries()) {
    if (bytes.length > MAX_LINE) {
      codes.add('LINE_TOO_LONG');
      continue;
    }
    const withoutCr = bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes;
    if (!isUtf8(bytes)) {
      codes.add('INVALID_UTF8');
      continue;
    }
    const text = withoutCr.toString('utf8');
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      codes.add('MALFORMED_JSON');
      continue;
    }
    if (validateRecord(value).ok) accepted += 1;
    else rejectedLines.push(index + 1);
  }
  return codes.size > 0 ? { ok: false, codes } : { ok: true, accepted, rejectedLines };
}

describe('campaign: fuzzed input (fast-check)', () => {
  it('NDJSON bodies: every answer is the documented one, nothing else is stored, the server stays healthy', async () => {
    const logged: unknown[] = [];
    const { url } = await startServer({
      limits: { maxLineBytes: MAX_LINE, maxRejected: 5 },
      logError: (_, error) => logged.push(error),
    });
    let storedSoFar = 0;
    const statuses: Record<string, number> = {};
    const heapBefore = process.memoryUsage().heapUsed;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(body, async ({ lines, finalNewline, crlf }) => {
        runs += 1;
        const separator = Buffer.from(crlf ? '\r\n' : '\n');
        const parts = lines.flatMap((line, index) => (index < lines.length - 1 || finalNewline ? [line, separator] : [line]));
        // With CRLF, each line's bytes as the server sees them include the "\r".
        const seen = crlf ? lines.map((line, index) => (index < lines.length - 1 || finalNewline ? Buffer.concat([line, Buffer.from('\r')]) : line)) : lines;
        const response = await fetch(`${url}/ingest`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-ndjson' },
          body: Buffer.concat(parts),
        });
        const answer = (await response.json()) as {
          accepted?: number;
          rejected?: Array<{ line: number }>;
          rejectedOmitted?: number;
          error?: { code: ErrorCode };
        };
        const want = expected(seen);
        const label = answer.error ? `${response.status} ${answer.error.code}` : String(response.status);
        statuses[label] = (statuses[label] ?? 0) + 1;
        if (want.ok) {
          expect(response.status).toBe(202);
          expect(answer.accepted).toBe(want.accepted);
          expect(answer.rejected?.map((rejection) => rejection.line)).toEqual(want.rejectedLines.slice(0, 5));
          expect(answer.rejectedOmitted).toBe(Math.max(0, want.rejectedLines.length - 5));
          storedSoFar += want.accepted;
        } else {
          expect(want.codes).toContain(answer.error?.code);
          expect(response.status).toBe(ERROR_CODES[answer.error!.code].status);
        }
      }),
      { numRuns: 300, seed: SEED },
    );
    expect(logged).toEqual([]); // no 500 INTERNAL
    expect(await allRecords(url)).toHaveLength(storedSoFar);
    expect((await get(`${url}/healthz`)).status).toBe(200);
    report('fuzz-ndjson', {
      seed: SEED,
      inputsTried: runs,
      statuses,
      recordsStored: storedSoFar,
      testProcessHeapMiB: { before: Math.round(heapBefore / MIB), after: Math.round(process.memoryUsage().heapUsed / MIB) },
    });
  }, 120_000);

  it('headers sent raw: every request gets a complete documented answer, none is a 500, the server stays healthy', async () => {
    const logged: unknown[] = [];
    const { url, server } = await startServer({
      limits: { bodyIdleTimeoutMs: 300, minBodyBytesPerSecond: 0, maxBodyBytes: 4096 },
      logError: (_, error) => logged.push(error),
    });
    const port = Number(new URL(url).port);
    // Any byte but CR and LF (those end a header: that is framing, not a value).
    const headerValue = fc.string({ unit: 'binary', maxLength: 80 }).map((text) => text.replace(/[\r\n]/g, ''));
    const request = fc.record({
      contentType: fc.oneof(
        fc.constantFrom('application/x-ndjson', 'application/json', 'application/json; charset=latin1', 'text/plain', 'APPLICATION/X-NDJSON ; charset="UTF-8"'),
        headerValue,
      ),
      contentEncoding: fc.option(fc.oneof(fc.constantFrom('gzip', 'identity', ''), headerValue)),
      key: fc.option(fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), headerValue, fc.constantFrom('k-1', 'k-2'))),
      length: fc.oneof(fc.constant('exact'), fc.constant('none'), fc.constantFrom('-1', '1e3', '99999999999999999999', ' 12', '0x10', ''), fc.nat({ max: 5000 }).map(String)),
      chunked: fc.boolean(),
      body: fc.constantFrom('{"type":"h","value":1}\n', '', '{"type":"h","value":2}\n{"type":"h","value":3}\n'),
    });
    const statuses: Record<string, number> = {};
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        runs += 1;
        const lines = ['POST /ingest HTTP/1.1', 'Host: fuzz', 'Connection: close', `Content-Type: ${input.contentType}`];
        if (input.contentEncoding !== null) lines.push(`Content-Encoding: ${input.contentEncoding}`);
        if (input.key !== null) lines.push(`Idempotency-Key: ${input.key}`);
        let payload = Buffer.from(input.body);
        if (input.chunked) {
          lines.push('Transfer-Encoding: chunked');
          payload = Buffer.from(`${payload.length.toString(16)}\r\n${input.body}\r\n0\r\n\r\n`);
        } else if (input.length === 'exact') lines.push(`Content-Length: ${payload.length}`);
        else if (input.length !== 'none') lines.push(`Content-Length: ${input.length}`);
        const raw = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
        const reply = await rawExchange(port, raw);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]);
        const code = /"code":"([A-Z_]+)"/.exec(reply)?.[1] as ErrorCode | undefined;
        statuses[code ? `${status} ${code}` : String(status)] = (statuses[code ? `${status} ${code}` : String(status)] ?? 0) + 1;
        // 400 without a code is Node's HTTP parser refusing a malformed request (documented).
        expect([202, 400, 408, 409, 413, 415, 422]).toContain(status);
        if (code !== undefined) expect(ERROR_CODES[code].status).toBe(status);
        else expect([202, 400]).toContain(status);
      }),
      { numRuns: 250, seed: SEED },
    );
    expect(logged).toEqual([]);
    expect((await get(`${url}/healthz`)).status).toBe(200);
    report('fuzz-headers', { seed: SEED, inputsTried: runs, statuses });
  }, 120_000);
});

/** Sends raw bytes and returns everything the server wrote before closing (10 s at most). */
function rawExchange(port: number, raw: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within 10 s to ${JSON.stringify(raw.toString('latin1'))}`));
    }, 10_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.end(raw);
  });
}
