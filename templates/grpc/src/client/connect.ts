import { readFileSync } from 'node:fs';
import { credentials, Metadata, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { CLIENT_CHANNEL_OPTIONS } from '../channel-options.js';
import type { StockServiceClient } from '../gen/grpc-js/stock/v1/StockService.js';
import { stockProto } from '../proto.js';

/**
 * Where the client scripts connect: GRPC_TARGET (default 127.0.0.1:50051, any gRPC target
 * such as dns:///stocks.internal:443). With TLS_CA (a PEM file) the connection uses TLS and
 * trusts that CA; TLS_CLIENT_CERT + TLS_CLIENT_KEY add a client certificate (mTLS).
 */
export function createStockClient(env: NodeJS.ProcessEnv = process.env): StockServiceClient {
  const target = env['GRPC_TARGET'] ?? '127.0.0.1:50051';
  return new stockProto.StockService(target, clientCredentials(env), CLIENT_CHANNEL_OPTIONS);
}

function clientCredentials(env: NodeJS.ProcessEnv): ChannelCredentials {
  const ca = env['TLS_CA'];
  if (ca === undefined || ca === '') return credentials.createInsecure();
  const cert = env['TLS_CLIENT_CERT'];
  const key = env['TLS_CLIENT_KEY'];
  return credentials.createSsl(
    readFileSync(ca),
    key ? readFileSync(key) : null,
    cert ? readFileSync(cert) : null,
  );
}

/** A deadline `ms` from now, as grpc-js call options take it. */
export function deadlineIn(ms: number): { deadline: Date } {
  return { deadline: new Date(Date.now() + ms) };
}

/** Request metadata, with `authorization: Bearer $AUTH_TOKEN` when AUTH_TOKEN is set. */
export function metadata(entries: Record<string, string> = {}, env: NodeJS.ProcessEnv = process.env): Metadata {
  const md = new Metadata();
  const token = env['AUTH_TOKEN'];
  if (token) md.set('authorization', `Bearer ${token}`);
  for (const [key, value] of Object.entries(entries)) md.set(key, value);
  return md;
}

/** "INVALID_ARGUMENT: symbols[0]: ..." for a gRPC error, the message for anything else. */
export function describeError(error: unknown): string {
  const { code, details, message } = error as Partial<ServiceError>;
  if (typeof code === 'number') return `${status[code] ?? code}: ${details ?? message ?? ''}`;
  return error instanceof Error ? error.message : String(error);
}
