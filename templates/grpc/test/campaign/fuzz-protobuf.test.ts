import { connect, type ClientHttp2Session } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, unary, waitFor, type Running } from '../helpers.js';

/**
 * Hostile protobuf over a raw HTTP/2 connection: no grpc-js client to tidy the input up.
 * Every call must end with one of the statuses the README documents for bad input, within
 * its deadline, and the server must stay healthy with nothing left running.
 */
const MAX_MESSAGE_BYTES = 64 * 1024;
const METHODS = ['GetPrice', 'StreamPrices', 'UploadTrades', 'TradeChat'] as const;
/** The documented answers to bad input (README, "Hostile input"). */
const DOCUMENTED = new Set([
  grpc.status.OK, // the bytes happened to decode to something valid
  grpc.status.INVALID_ARGUMENT, // decoded, but not a valid request (no symbol, bad symbol, bad trade...)
  grpc.status.INTERNAL, // not decodable as the method's message (grpc-js: "Error deserializing request")
  grpc.status.RESOURCE_EXHAUSTED, // larger than MAX_MESSAGE_BYTES
  grpc.status.UNIMPLEMENTED, // zero or two messages where the method takes one; compressed without an encoding
  grpc.status.DEADLINE_EXCEEDED, // a valid stream that ran until the caller's deadline
]);

/** Protobuf wire format, by hand, so fields can carry the wrong wire type on purpose. */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return bytes;
}

type Field =
  | { field: number; kind: 'varint'; value: number }
  | { field: number; kind: 'bytes'; value: Uint8Array }
  | { field: number; kind: 'fixed64'; value: Uint8Array }
  | { field: number; kind: 'fixed32'; value: Uint8Array };

function encode(fields: Field[]): Buffer {
  const out: number[] = [];
  for (const f of fields) {
    const wire = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 }[f.kind];
    out.push(...varint((f.field << 3) | wire));
    if (f.kind === 'varint') out.push(...varint(f.value));
    else if (f.kind === 'bytes') out.push(...varint(f.value.length), ...f.value);
    else out.push(...f.value);
  }
  return Buffer.from(out);
}

const field: fc.Arbitrary<Field> = fc.oneof(
  fc.record({ field: fc.integer({ min: 1, max: 6 }), kind: fc.constant('varint' as const), value: fc.nat() }),
  fc.record({
    field: fc.integer({ min: 1, max: 6 }),
    kind: fc.constant('bytes' as const),
    value: fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.stringMatching(/^[A-Z.]{1,12}$/).map((s) => new TextEncoder().encode(s))),
  }),
  fc.record({ field: fc.integer({ min: 1, max: 6 }), kind: fc.constant('fixed64' as const), value: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
  fc.record({ field: fc.integer({ min: 1, max: 6 }), kind: fc.constant('fixed32' as const), value: fc.uint8Array({ minLength: 4, maxLength: 4 }) }),
);

/** One request message: random bytes, fields of any (wrong) type, or one oversized string. */
const message: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b)) },
  { weight: 6, arbitrary: fc.array(field, { maxLength: 6 }).map(encode) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: MAX_MESSAGE_BYTES + 1, max: MAX_MESSAGE_BYTES + 4_096 }).map((size) => encode([{ field: 1, kind: 'bytes', value: new Uint8Array(size).fill(65) }])),
  },
);

const call = fc.record({
  method: fc.constantFrom(...METHODS),
  messages: fc.array(
    fc.record({
      // Now and then the compressed flag, without a grpc-encoding header.
      compressed: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      body: message,
    }),
    { maxLength: 3 },
  ),
});

function frame(body: Buffer, compressed: boolean): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(compressed ? 1 : 0, 0);
  header.writeUInt32BE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** Sends one call and resolves with its grpc-status (from the trailers or a trailers-only answer). */
function rawCall(session: ClientHttp2Session, method: string, frames: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': `/stock.v1.StockService/${method}`,
      'content-type': 'application/grpc',
      te: 'trailers',
      // Streams that are valid would run forever: the deadline ends them.
      'grpc-timeout': '300m',
      'x-participant': 'fuzzer',
    });
    let code: number | undefined;
    const read = (headers: Record<string, unknown>): void => {
      const value = headers['grpc-status'];
      if (value !== undefined) code = Number(value);
    };
    stream.on('response', read);
    stream.on('trailers', read);
    stream.on('data', () => undefined);
    stream.on('error', reject);
    stream.on('close', () => (code === undefined ? reject(new Error(`no grpc-status (rst ${stream.rstCode})`)) : resolve(code)));
    for (const f of frames) stream.write(f);
    stream.end();
  });
}

let running: Running;
let session: ClientHttp2Session;
beforeAll(async () => {
  running = await startServer({ priceIntervalMs: 50, maxMessageBytes: MAX_MESSAGE_BYTES });
  session = connect(`http://${running.address}`);
  session.on('error', () => undefined);
});
afterAll(async () => {
  session.close();
  await running.close();
});

describe('campaign: fuzzed protobuf messages', () => {
  it('answers each with a documented status, and stays healthy with nothing left running', async () => {
    const seen = new Map<string, number>();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(call, async ({ method, messages }) => {
        runs++;
        const code = await rawCall(session, method, messages.map((m) => frame(m.body, m.compressed)));
        const key = `${method} ${grpc.status[code] ?? code}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        expect(DOCUMENTED.has(code)).toBe(true);
        // An oversized first message is refused as such, before it is decoded.
        if (messages[0] !== undefined && messages[0].body.length > MAX_MESSAGE_BYTES) {
          expect(code).toBe(grpc.status.RESOURCE_EXHAUSTED);
        }
      }),
      { numRuns: 300, seed: 20261203 },
    );
    const server = running.server;
    await waitFor(() => server.stats().activeCalls === 0, 5_000, 'every fuzzed call to end');
    expect(server.stats()).toMatchObject({ activePriceStreams: 0, chatParticipants: 0, activeTimers: 0 });
    const healthy = await unary(running.client.getPrice.bind(running.client) as never, { symbols: ['AAPL'] });
    expect(healthy).toMatchObject({ symbol: 'AAPL' });
    console.log(`protobuf fuzz: ${runs} calls, seed 20261203; outcomes ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
  }, 120_000);
});
