import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriceSource } from '../src/price-source.js';
import { createGateway, type Gateway } from '../src/web/gateway.js';
import { waitFor } from './helpers.js';

/**
 * Hostile request bodies for the browser gateway, in every protocol and encoding it speaks.
 * Each must get an answer within its deadline, with an HTTP status from the documented set
 * (README.web.md, "Bad input"), and the gateway must end up with nothing running. The one 5xx
 * is connect-node's own answer to a body it cannot decode (`internal`, "parse binary: ..." or
 * "parse json: ..."), like grpc-js's INTERNAL: it is allowed only with that message, so a crash
 * in a handler still fails the test.
 */
const DOCUMENTED_HTTP = new Set([
  200, // gRPC-Web (status in the trailers) and Connect streams (status in the end-of-stream message); valid Connect unary
  404, // no such method (or UploadTrades/TradeChat, not offered to browsers, over Connect)
  400, // Connect unary: invalid_argument (undecodable body, bad symbols)
  408, // Connect unary: deadline_exceeded
  415, // a content type the gateway does not speak (application/grpc-web-text included)
  429, // Connect unary: resource_exhausted (body above 64 KiB)
  500, // Connect unary: internal, only for an undecodable body (checked below)
]);
const GRPC_WEB_STATUSES = new Set(['0', '3', '4', '8', '12', '13']);

const contentTypes = [
  'application/json',
  'application/proto',
  'application/connect+json',
  'application/connect+proto',
  'application/grpc-web+proto',
  'application/grpc-web+json',
  'application/grpc-web-text',
  'text/plain',
] as const;

const jsonish = fc.oneof(
  fc.json().map((text) => new TextEncoder().encode(text)),
  fc.record({ symbols: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }) }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
);
const body = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 3, arbitrary: jsonish },
  // Enveloped (5-byte prefix) like the streaming protocols, with a length that may lie.
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.nat(200_000), fc.uint8Array({ maxLength: 100 })).map(([flags, length, rest]) => {
    const head = new Uint8Array(5);
    new DataView(head.buffer).setUint8(0, flags);
    new DataView(head.buffer).setUint32(1, length);
    return new Uint8Array([...head, ...rest]);
  }) },
  // Above readMaxBytes (64 KiB): a size, made into bytes in the property so a failure prints short.
  { weight: 1, arbitrary: fc.integer({ min: 64 * 1024 + 1, max: 70_000 }) },
);
const request = fc.record({
  method: fc.constantFrom('GetPrice', 'StreamPrices', 'UploadTrades', 'NoSuchMethod'),
  contentType: fc.constantFrom(...contentTypes),
  body,
});

let gateway: Gateway;
let url: string;
beforeAll(async () => {
  gateway = createGateway({ prices: createPriceSource(), port: 0, limits: { priceIntervalMs: 50 }, shutdownGraceMs: 200 });
  url = (await gateway.start()).url;
});
afterAll(() => gateway.stop());

describe('campaign: fuzzed gateway request bodies', () => {
  it('answers each with a documented status (a 5xx only for an undecodable body) and leaves nothing running', async () => {
    const seen = new Map<string, number>();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ method, contentType, body: spec }) => {
        runs++;
        const bytes = typeof spec === 'number' ? new Uint8Array(spec).fill(0x41) : spec;
        const response = await fetch(`${url}/stock.v1.StockService/${method}`, {
          method: 'POST',
          headers: {
            'content-type': contentType,
            'connect-protocol-version': '1',
            // Valid streams would run forever: both protocols' deadlines end them.
            'connect-timeout-ms': '300',
            'grpc-timeout': '300m',
            'x-grpc-web': '1',
          },
          body: bytes,
          signal: AbortSignal.timeout(10_000),
        });
        const text = Buffer.from(await response.arrayBuffer()).toString('latin1');
        const grpcStatus = response.headers.get('grpc-status') ?? /grpc-status: ?(\d+)/.exec(text)?.[1];
        const key = `${contentType} ${response.status}${grpcStatus === undefined ? '' : ` grpc-status ${grpcStatus}`}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        expect(DOCUMENTED_HTTP.has(response.status)).toBe(true);
        if (response.status === 500) {
          expect(JSON.parse(text)).toMatchObject({ code: 'internal', message: expect.stringMatching(/^parse (binary|json)/) });
        }
        if (contentType.startsWith('application/grpc-web') && response.status === 200) {
          expect(GRPC_WEB_STATUSES.has(grpcStatus ?? '')).toBe(true);
        }
      }),
      { numRuns: 250, seed: 20261203 },
    );
    await waitFor(() => gateway.stats().activePriceStreams === 0, 5_000, 'every fuzzed stream to end');
    expect(gateway.stats().activeTimers).toBe(0);
    const healthy = await fetch(`${url}/stock.v1.StockService/GetPrice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbols: ['AAPL'] }),
    });
    expect(healthy.status).toBe(200);
    console.log(`gateway fuzz: ${runs} requests, seed 20261203; outcomes ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
  }, 120_000);
});
