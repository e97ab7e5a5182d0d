import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the gateway accepts instead, for the Accept-Post header and the message. */
const ACCEPTED = ['application/grpc-web+proto', 'application/grpc-web+json', 'application/proto', 'application/json'];

const MESSAGE =
  'application/grpc-web-text (base64) is not supported by this gateway; use binary gRPC-Web ' +
  '(application/grpc-web+proto, e.g. @connectrpc/connect-web createGrpcWebTransport, or grpc-web ' +
  'generated with mode=grpcweb) or the Connect protocol';

/** gRPC-Web's base64 "text" mode, which Google's grpc-web client uses by default (mode=grpcwebtext). */
export function isGrpcWebText(req: IncomingMessage): boolean {
  return /^application\/grpc-web-text\b/i.test(req.headers['content-type'] ?? '');
}

/**
 * connect-node speaks binary gRPC-Web only and answers the text mode with a bare 415 that a
 * gRPC-Web client turns into an unexplained error. This answer says why in both languages:
 * HTTP 415 with Accept-Post for HTTP tooling, and grpc-status 12 (UNIMPLEMENTED) with a
 * grpc-message in the headers (a trailers-only gRPC-Web response) for gRPC-Web clients.
 */
export function refuseGrpcWebText(res: ServerResponse): void {
  res.writeHead(415, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Accept-Post': ACCEPTED.join(', '),
    'grpc-status': '12',
    'grpc-message': encodeURIComponent(MESSAGE),
  });
  res.end(`${MESSAGE}\n`);
}
