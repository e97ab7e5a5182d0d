import * as grpc from '@grpc/grpc-js';
import { loadStockService, OWN_CONNECTION } from '../servers/grpc-proto.js';
import { withTimeout, type ConnectPublisher, type ConnectSubscriber } from './client-api.js';

const CONNECT_TIMEOUT_MS = 10_000;
let StockService: grpc.ServiceClientConstructor | undefined;

interface Chat {
  client: grpc.Client;
  call: grpc.ClientDuplexStream<{ text: string }, { text: string }>;
}

/** Joins TradeChat on a connection of its own; resolves when the server's response headers arrive. */
function joinChat(port: number, name: string, root: string): Promise<Chat> {
  StockService ??= loadStockService(root);
  const client = new StockService(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), OWN_CONNECTION);
  const metadata = new grpc.Metadata();
  metadata.set('x-participant', name);
  const call = (client as unknown as { TradeChat(m: grpc.Metadata): Chat['call'] }).TradeChat(metadata);
  const joined = new Promise<Chat>((resolve, reject) => {
    call.once('error', reject);
    call.once('metadata', () => {
      call.removeListener('error', reject);
      resolve({ client, call });
    });
  });
  return withTimeout(joined, CONNECT_TIMEOUT_MS, `TradeChat ${name} did not join within ${CONNECT_TIMEOUT_MS} ms`).catch((error: unknown) => {
    call.cancel();
    client.close();
    throw error;
  });
}

export const connectGrpcSubscriber: ConnectSubscriber = async (port, name, handlers, root) => {
  const { client, call } = await joinChat(port, name, root);
  call.on('data', (message: { text: string }) => handlers.onText(message.text));
  call.on('error', () => {});
  // 'status' comes once at the end of every call, whichever side ended it.
  call.once('status', () => handlers.onClose());
  return {
    close() {
      call.cancel();
      client.close();
    },
  };
};

export const connectGrpcPublisher: ConnectPublisher = async (port, root) => {
  const { client, call } = await joinChat(port, 'publisher', root);
  let failures = 0;
  let open = true;
  call.on('error', () => (open = false));
  call.on('data', () => {});
  return {
    publish(text) {
      if (!open) {
        failures += 1;
        return;
      }
      call.write({ text });
    },
    get failures() {
      return failures;
    },
    outstanding: 0,
    async close() {
      call.cancel();
      client.close();
    },
  };
};
