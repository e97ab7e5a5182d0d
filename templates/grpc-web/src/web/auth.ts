import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { bearerToken } from '../auth.js';

/**
 * The gateway's side of AUTH_TOKEN: every RPC needs `Authorization: Bearer <token>`, checked by
 * the same function as the gRPC port's interceptor (src/auth.ts), so one port cannot be open
 * while the other is closed. Refused calls end with UNAUTHENTICATED before a handler runs.
 * /healthz and the page stay open; the page's calls carry the token the user enters.
 */
export function bearerTokenInterceptor(isValid: (token: string) => boolean): Interceptor {
  return (next) => async (request) => {
    if (!isValid(bearerToken(request.header.get('authorization')))) {
      throw new ConnectError('missing or invalid bearer token', Code.Unauthenticated);
    }
    return next(request);
  };
}
