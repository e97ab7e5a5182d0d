import { WebSocket } from 'ws';
import { BENCH_ROOM } from '../servers/server-setup.js';
import { withTimeout, type ConnectPublisher } from './client-api.js';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens a connection to /ws, joins the bench room and resolves once the server says joined. The
 * publisher uses `ws` as a user's client would: it is one connection, so its cost is small (the
 * subscribers use the bare client in ws-subscriber.ts).
 */
function joinRoom(port: number, name: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?name=${name}`, { perMessageDeflate: false });
  const joined = new Promise<WebSocket>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed with ${code} before joining`)));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'join', room: BENCH_ROOM })));
    const onJoin = (data: Buffer): void => {
      if (!String(data).startsWith('{"type":"joined"')) return;
      ws.off('message', onJoin);
      ws.removeAllListeners('error');
      ws.removeAllListeners('close');
      ws.on('error', () => {});
      resolve(ws);
    };
    ws.on('message', onJoin);
  });
  return withTimeout(joined, CONNECT_TIMEOUT_MS, `websocket ${name} did not join within ${CONNECT_TIMEOUT_MS} ms`).catch((error: unknown) => {
    ws.terminate();
    throw error;
  });
}

export const connectWsPublisher: ConnectPublisher = async (port) => {
  const ws = await joinRoom(port, 'publisher');
  let failures = 0;
  // The starter echoes every event to its sender: read and drop it (an unread socket would
  // fill up and get the publisher closed as a slow client). Refusals come back as errors.
  ws.on('message', (data: Buffer) => {
    if (data.length < 200 && String(data).startsWith('{"type":"error"')) failures += 1;
  });
  const prefix = `{"type":"chat","room":"${BENCH_ROOM}","text":`;
  return {
    publish(text) {
      if (ws.readyState !== WebSocket.OPEN) {
        failures += 1;
        return;
      }
      ws.send(`${prefix}${JSON.stringify(text)}}`);
    },
    get failures() {
      return failures;
    },
    outstanding: 0,
    close: async () => ws.terminate(),
  };
};
