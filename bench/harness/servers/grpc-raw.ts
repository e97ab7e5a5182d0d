import * as grpc from '@grpc/grpc-js';
import { loadStockService } from './grpc-proto.js';
import type { BenchServer, ServerSetup } from './server-setup.js';

interface TradeMessage {
  sender: string;
  text: string;
  symbol: string;
  timestamp: number;
}

/**
 * The raw baseline: a bare grpc-js server with the starter's TradeChat contract, written the
 * obvious way: every message relayed with call.write() per participant (encoded per write).
 */
export async function startGrpcRaw(setup: ServerSetup): Promise<BenchServer> {
  const StockService = loadStockService(setup.root);
  const server = new grpc.Server();
  const room = new Set<grpc.ServerDuplexStream<TradeMessage, TradeMessage>>();
  const unimplemented = (_call: unknown, callback?: grpc.sendUnaryData<unknown>): void =>
    callback?.({ code: grpc.status.UNIMPLEMENTED, details: 'not in the baseline' }, null);
  server.addService(StockService.service, {
    GetPrice: unimplemented,
    StreamPrices: (call: grpc.ServerWritableStream<unknown, unknown>) => call.emit('error', { code: grpc.status.UNIMPLEMENTED }),
    UploadTrades: unimplemented,
    TradeChat: (call: grpc.ServerDuplexStream<TradeMessage, TradeMessage>) => {
      const sender = String(call.metadata.get('x-participant')[0] ?? 'anonymous');
      room.add(call);
      call.sendMetadata(new grpc.Metadata());
      const leave = (): void => void room.delete(call);
      call.on('data', (message: TradeMessage) => {
        for (const other of room) {
          if (other !== call) other.write({ sender, text: message.text, symbol: message.symbol, timestamp: Date.now() });
        }
      });
      call.on('end', () => {
        leave();
        call.end();
      });
      call.on('cancelled', leave);
      call.on('error', leave);
      call.on('close', leave);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    port,
    notes: ['raw grpc: a bare grpc-js server, same TradeChat contract, call.write() per participant'],
    stop: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 500);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
