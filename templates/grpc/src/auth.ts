import { timingSafeEqual } from 'node:crypto';
import { ServerInterceptingCall, status, type Metadata, type ServerInterceptor } from '@grpc/grpc-js';

/** Methods that stay open without credentials: probes and tooling must reach them. */
const PUBLIC_PREFIXES = ['/grpc.health.v1.Health/', '/grpc.reflection.'];

/**
 * A server interceptor that requires `authorization: Bearer <token>` request metadata on
 * every call except health checks and reflection. Rejected calls end with UNAUTHENTICATED
 * before any handler runs. Use it only over TLS: metadata is plain text on the wire.
 *
 * A shared token is the smallest useful example; swap `isValid` for JWT or OAuth
 * verification, or use mTLS (TLS_CLIENT_CA) and read the peer certificate instead.
 */
export function bearerTokenInterceptor(isValid: (token: string) => boolean): ServerInterceptor {
  return (method, call) =>
    new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            if (PUBLIC_PREFIXES.some((prefix) => method.path.startsWith(prefix)) || isValid(bearer(metadata))) {
              nextMetadata(metadata);
            } else {
              call.sendStatus({ code: status.UNAUTHENTICATED, details: 'missing or invalid bearer token' });
            }
          },
        });
      },
    });
}

/** Compares in constant time, so response timing does not leak how much of a guess matched. */
export function sameToken(expected: string): (token: string) => boolean {
  const want = Buffer.from(expected);
  return (token) => {
    const got = Buffer.from(token);
    return got.length === want.length && timingSafeEqual(got, want);
  };
}

function bearer(metadata: Metadata): string {
  return bearerToken(metadata.get('authorization')[0]);
}

/** The token of an `authorization: Bearer <token>` value (gRPC metadata or an HTTP header); '' if none. */
export function bearerToken(value: unknown): string {
  const match = typeof value === 'string' ? /^Bearer (.+)$/i.exec(value) : null;
  return match?.[1] ?? '';
}
