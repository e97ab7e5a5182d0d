import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** The gRPC starter's own contract, loaded the way it loads it, for the raw server and the clients. */
export function loadStockService(root: string): grpc.ServiceClientConstructor {
  const definition = protoLoader.loadSync(join(root, 'templates', 'grpc', 'proto', 'stock.proto'), {
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as { stock: { v1: { StockService: grpc.ServiceClientConstructor } } };
  return loaded.stock.v1.StockService;
}

/** Each client on its own HTTP/2 connection: grpc-js otherwise shares one per target in a process. */
export const OWN_CONNECTION: grpc.ChannelOptions = { 'grpc.use_local_subchannel_pool': 1 };
