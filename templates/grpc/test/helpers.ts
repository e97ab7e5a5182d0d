import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { StockServiceClient } from '../src/gen/grpc-js/stock/v1/StockService.js';
import { stockProto } from '../src/proto.js';
import { createServer, type ServerOptions, type StockServer } from '../src/server.js';

export interface Running {
  server: StockServer;
  address: string;
  client: StockServiceClient;
  /**
   * Another client. grpc-js shares one connection between clients with the same options;
   * pass `{ 'grpc.use_local_subchannel_pool': 1 }` for a connection of its own.
   */
  newClient(options?: grpc.ChannelOptions): StockServiceClient;
  close(): Promise<void>;
}

/** A real server on an ephemeral port and a real grpc-js client. */
export async function startServer(options: ServerOptions = {}): Promise<Running> {
  const server = createServer({ port: 0, shutdownGraceMs: 500, ...options });
  const { address } = await server.start();
  const clients: grpc.Client[] = [];
  const newClient = (channelOptions: grpc.ChannelOptions = {}): StockServiceClient => {
    const client = new stockProto.StockService(address, grpc.credentials.createInsecure(), channelOptions);
    clients.push(client);
    return client;
  };
  return {
    server,
    address,
    client: newClient(),
    newClient,
    async close() {
      for (const client of clients) client.close();
      await server.stop();
    },
  };
}

/** Polls until `check` returns true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 2_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the call's error (the test expects one), rejects if it ends without. */
export function callError(call: NodeJS.EventEmitter): Promise<grpc.ServiceError> {
  return new Promise((resolve, reject) => {
    call.on('data', () => undefined);
    call.once('error', resolve);
    call.once('end', () => reject(new Error('call ended without an error')));
  });
}

/** Ignores the call's later error (e.g. CANCELLED after the test cancels it). */
export function quiet<T extends NodeJS.EventEmitter>(call: T): T {
  call.on('error', () => undefined);
  return call;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The next `count` messages of a readable call. */
export function take<T>(call: NodeJS.ReadableStream & NodeJS.EventEmitter, count: number): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const seen: T[] = [];
    const onData = (message: T): void => {
      seen.push(message);
      if (seen.length === count) {
        call.off('data', onData);
        call.off('error', reject);
        quiet(call);
        resolve(seen);
      }
    };
    call.on('data', onData);
    call.once('error', reject);
  });
}

/** Promise form of a unary call. */
export function unary<Req, Res>(
  method: (request: Req, options: grpc.CallOptions, callback: grpc.requestCallback<Res>) => unknown,
  request: Req,
  options: grpc.CallOptions = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, options, (error, response) => (error || response === undefined ? reject(error) : resolve(response)));
  });
}

type AnyClientConstructor = new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client;

function load(path: string, service: string, includeDirs: string[] = []): AnyClientConstructor {
  const definition = protoLoader.loadSync(path, { keepCase: true, longs: String, enums: String, defaults: true, includeDirs });
  let node: unknown = grpc.loadPackageDefinition(definition);
  for (const part of service.split('.')) node = (node as Record<string, unknown>)[part];
  return node as AnyClientConstructor;
}

/** A grpc.health.v1.Health client (untyped: only tests use it). */
export function healthClient(address: string): grpc.Client & Record<string, (...args: unknown[]) => unknown> {
  const Health = load(healthProtoPath, 'grpc.health.v1.Health');
  return new Health(address, grpc.credentials.createInsecure()) as grpc.Client &
    Record<string, (...args: unknown[]) => unknown>;
}

/** A grpc.reflection.v1.ServerReflection client, from the proto shipped with @grpc/reflection. */
export function reflectionClient(address: string): grpc.Client & Record<string, (...args: unknown[]) => unknown> {
  const require = createRequire(import.meta.url);
  const protoDir = join(dirname(require.resolve('@grpc/reflection')), '..', 'proto');
  const Reflection = load(join(protoDir, 'grpc/reflection/v1/reflection.proto'), 'grpc.reflection.v1.ServerReflection', [
    protoDir,
  ]);
  return new Reflection(address, grpc.credentials.createInsecure()) as grpc.Client &
    Record<string, (...args: unknown[]) => unknown>;
}
