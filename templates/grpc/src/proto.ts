import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './gen/grpc-js/stock.js';

/** Absolute path of the contract. src/ and dist/ both sit one level below the project root. */
export const PROTO_PATH = fileURLToPath(new URL('../proto/stock.proto', import.meta.url));

/**
 * How protobuf values map to JavaScript. These must match the flags of
 * `npm run generate:grpc-js` (proto-loader-gen-types), or the generated types lie.
 * int64 -> number is exact up to 2^53 - 1: ample for timestamps, and UploadTrades refuses
 * quantities beyond it.
 */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The parsed contract: used to build clients, the service definition and reflection. */
export const packageDefinition = protoLoader.loadSync(PROTO_PATH, LOADER_OPTIONS);

/** Typed view of the loaded package (`stock.v1.StockService`, its messages). */
export const stockProto = (grpc.loadPackageDefinition(packageDefinition) as unknown as ProtoGrpcType).stock.v1;

/** The fully qualified service name, as used by health checks and reflection. */
export const STOCK_SERVICE_NAME = 'stock.v1.StockService';
