import { readFileSync } from 'node:fs';
import { credentials, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { PriceUpdate__Output } from '../src/gen/grpc-js/stock/v1/PriceUpdate.js';
import { stockProto } from '../src/proto.js';
import { createServer, type StockServer } from '../src/server.js';
import { unary } from './helpers.js';

/**
 * Throwaway self-signed EC certificates for localhost and 127.0.0.1, made once with
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
 *     -subj /CN=<name> -addext subjectAltName=DNS:localhost,IP:127.0.0.1
 * and kept as fixtures so the tests need no openssl. Test-only: never deploy them.
 */
function fixture(name: 'localhost' | 'trader'): { cert: Buffer; key: Buffer } {
  const dir = new URL('./fixtures/', import.meta.url);
  return { cert: readFileSync(new URL(`${name}.crt`, dir)), key: readFileSync(new URL(`${name}.key`, dir)) };
}

async function getPrice(address: string, creds: ReturnType<typeof credentials.createInsecure>): Promise<PriceUpdate__Output> {
  // Check the certificate as "localhost" (it names both): an IP address is not a valid TLS server
  // name (RFC 6066), and Node warns when asked to send one.
  const client = new stockProto.StockService(address, creds, { 'grpc.ssl_target_name_override': 'localhost' });
  try {
    return await unary(client.getPrice.bind(client) as never, { symbols: ['AAPL'] }, { deadline: Date.now() + 2_000 });
  } finally {
    client.close();
  }
}

async function withServer(options: Parameters<typeof createServer>[0], test: (address: string) => Promise<void>) {
  const server: StockServer = createServer({ port: 0, shutdownGraceMs: 200, ...options });
  const { address } = await server.start();
  try {
    await test(address);
  } finally {
    await server.stop();
  }
}

it('refuses to start with key material that is not a certificate', async () => {
  const server = createServer({ port: 0, tls: { cert: Buffer.from('not a cert'), key: Buffer.from('not a key') } });
  await expect(server.start()).rejects.toThrow();
  await server.stop();
});

describe('TLS', () => {
  it('serves TLS to a client that trusts the certificate, and refuses plaintext', async () => {
    const server = fixture('localhost');
    await withServer({ tls: server }, async (address) => {
      expect((await getPrice(address, credentials.createSsl(server.cert))).symbol).toBe('AAPL');
      await expect(getPrice(address, credentials.createInsecure())).rejects.toMatchObject({ code: status.UNAVAILABLE });
    });
  });

  it('requires a client certificate signed by TLS_CLIENT_CA (mTLS)', async () => {
    const server = fixture('localhost');
    const client = fixture('trader');
    await withServer({ tls: { ...server, clientCa: client.cert } }, async (address) => {
      const withCert = credentials.createSsl(server.cert, client.key, client.cert);
      expect((await getPrice(address, withCert)).symbol).toBe('AAPL');
      await expect(getPrice(address, credentials.createSsl(server.cert))).rejects.toMatchObject({
        code: status.UNAVAILABLE,
      });
    });
  });
});
