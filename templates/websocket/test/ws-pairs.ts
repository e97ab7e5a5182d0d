import type { AddressInfo, Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { type PerMessageDeflateOptions, WebSocket, WebSocketServer } from 'ws';

export interface Pair {
  /** The server's side of the connection, what a broadcaster writes to. */
  server: WebSocket;
  /** Its TCP socket: bytesWritten counts what was handed to it, written or still queued. */
  socket: Socket;
  client: WebSocket;
  received: { text: string; binary: boolean }[];
}

/** A ws server on an ephemeral port and `count` connected clients, paired with their server sockets. */
export async function pairs(count: number, deflate: boolean | PerMessageDeflateOptions = false): Promise<Pair[]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: deflate });
  await new Promise((resolve) => wss.once('listening', resolve));
  onTestFinished(() => {
    for (const ws of wss.clients) ws.terminate();
    return new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  const { port } = wss.address() as AddressInfo;
  const result: Pair[] = [];
  for (let i = 0; i < count; i += 1) {
    const serverSide = new Promise<[WebSocket, Socket]>((resolve) => wss.once('connection', (ws, req) => resolve([ws, req.socket])));
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: deflate !== false });
    const received: Pair['received'] = [];
    client.on('message', (data, binary) => received.push({ text: data.toString(), binary }));
    await new Promise((resolve) => client.once('open', resolve));
    const [server, socket] = await serverSide;
    result.push({ server, socket, client, received });
  }
  return result;
}
