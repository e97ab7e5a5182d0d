// npm run client:chat -- alice
// Joins TradeChat as "alice" (sent as x-participant metadata). Type a line to send it;
// start it with a symbol and a colon ("AAPL: looks cheap") to tag the message.
// Reconnects with backoff when the server is unavailable; Ctrl-D or Ctrl-C leaves.
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import type { TradeMessage, TradeMessage__Output } from '../gen/grpc-js/stock/v1/TradeMessage.js';
import { PARTICIPANT_METADATA_KEY } from '../service/trade-chat.js';
import { backoffDelay, isUnavailable } from './backoff.js';
import { createStockClient, describeError, metadata } from './connect.js';

const name = process.argv[2] ?? `trader-${process.pid}`;
const client = createStockClient();
const input = createInterface({ input: process.stdin });
let call: ClientDuplexStream<TradeMessage, TradeMessage__Output> | undefined;
const leaving = new AbortController();

input.on('line', (line) => {
  const match = /^([A-Z.]{1,10}):\s*(.+)$/.exec(line);
  const message: TradeMessage = match ? { symbol: match[1], text: match[2] } : { text: line };
  if (message.text === '') return;
  if (call) call.write(message);
  else console.error('(not connected; message dropped)');
});
input.on('close', leave);
process.once('SIGINT', leave);

function leave(): void {
  leaving.abort();
  call?.end();
}

let attempt = 0;
while (!leaving.signal.aborted) {
  try {
    await chatOnce();
    break;
  } catch (error) {
    if (!isUnavailable(error) || leaving.signal.aborted) {
      console.error(describeError(error));
      process.exitCode = 1;
      break;
    }
    const delay = backoffDelay(attempt++);
    console.error(`${describeError(error)}; reconnecting in ${delay} ms`);
    // Leaving during the wait ends it at once.
    await sleep(delay, undefined, { signal: leaving.signal }).catch(() => undefined);
  }
}
input.close();
client.close();

function chatOnce(): Promise<void> {
  return new Promise((resolve, reject) => {
    const current = client.tradeChat(metadata({ [PARTICIPANT_METADATA_KEY]: name }));
    call = current;
    current.on('metadata', () => {
      attempt = 0;
      console.error(`joined as ${name}`);
    });
    current.on('data', (message: TradeMessage__Output) => {
      const about = message.symbol ? ` [${message.symbol}]` : '';
      console.log(`${new Date(message.timestamp).toLocaleTimeString()} ${message.sender}${about}: ${message.text}`);
    });
    current.on('error', (error: ServiceError) => {
      call = undefined;
      reject(error);
    });
    current.on('end', () => {
      call = undefined;
      resolve();
    });
  });
}
