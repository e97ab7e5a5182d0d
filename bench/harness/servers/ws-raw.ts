import { WebSocket, WebSocketServer } from 'ws';
import type { BenchServer } from './server-setup.js';

/**
 * The raw baseline: what a user writes by hand with `ws` (the article's broadcastToRoom). The
 * same wire messages as the starter, serialised once per event, then `client.send` per client,
 * which encodes and frames the string again for every one of them.
 */
export async function startWsRaw(): Promise<BenchServer> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws, req) => {
    const user = new URL(req.url ?? '/', 'http://x').searchParams.get('name') ?? 'guest';
    ws.on('error', () => {});
    ws.on('close', () => rooms.forEach((members) => members.delete(ws)));
    ws.send(JSON.stringify({ type: 'welcome', user }));
    ws.on('message', (data) => {
      let message: { type?: unknown; room?: unknown; text?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      if (typeof message.room !== 'string') return;
      if (message.type === 'join') {
        let members = rooms.get(message.room);
        if (!members) rooms.set(message.room, (members = new Set()));
        members.add(ws);
        ws.send(JSON.stringify({ type: 'joined', room: message.room }));
        return;
      }
      if (message.type === 'chat') {
        const out = JSON.stringify({ type: 'chat', room: message.room, from: user, text: message.text, timestamp: Date.now() });
        for (const member of rooms.get(message.room) ?? []) if (member.readyState === WebSocket.OPEN) member.send(out);
      }
    });
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as { port: number }).port;
  return {
    port,
    notes: ['raw ws: a bare ws server, JSON.stringify once per event then client.send() per client, compression off'],
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
