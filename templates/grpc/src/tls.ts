import { ServerCredentials } from '@grpc/grpc-js';

/** PEM-encoded material for TLS. With `clientCa`, clients must present a certificate it signed (mTLS). */
export interface TlsOptions {
  cert: Buffer;
  key: Buffer;
  clientCa?: Buffer;
}

/** Plaintext (h2c) without TLS options: fine on localhost or behind a TLS-terminating proxy, nowhere else. */
export function serverCredentials(tls: TlsOptions | undefined): ServerCredentials {
  if (tls === undefined) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    tls.clientCa ?? null,
    [{ cert_chain: tls.cert, private_key: tls.key }],
    tls.clientCa !== undefined,
  );
}
