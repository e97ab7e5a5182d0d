import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { connectWsSubscriber } from '../../bench/harness/clients/ws-subscriber.js';
import { encodeClientFrame, FrameError, FrameReader, OPCODE_PING, OPCODE_TEXT } from '../../bench/harness/clients/ws-frames.js';
import { encodeStamp, type Stamp } from '../../bench/harness/payload.js';

function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65_536) {
    head[0] = (fin ? 0x80 : 0) | opcode;
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    head[0] = (fin ? 0x80 : 0) | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

function collect(): { reader: FrameReader; messages: string[]; pings: string[]; closes: number[] } {
  const messages: string[] = [];
  const pings: string[] = [];
  const closes: number[] = [];
  const reader = new FrameReader({
    onMessage: (buffer, start, end) => messages.push(buffer.toString('latin1', start, end)),
    onPing: (payload) => pings.push(payload.toString()),
    onClose: () => closes.push(1),
  });
  return { reader, messages, pings, closes };
}

describe('the bare websocket frame reader', () => {
  it('reads frames of every length form, however the chunks cut them', () => {
    const texts = ['short', 'm'.repeat(300), 'l'.repeat(70_000)];
    const bytes = Buffer.concat([...texts.map((t) => serverFrame(OPCODE_TEXT, Buffer.from(t))), serverFrame(OPCODE_PING, Buffer.from('p'))]);
    // Byte by byte over the small frames; coarser over the 70 kB one (its tail is copied per chunk).
    const small = Buffer.concat(texts.slice(0, 2).map((t) => serverFrame(OPCODE_TEXT, Buffer.from(t))));
    for (const [input, expected, sizes] of [[small, texts.slice(0, 2), [1, 3]], [bytes, texts, [13, 1000, bytes.length]]] as const) {
      for (const size of sizes) {
        const { reader, messages } = collect();
        for (let at = 0; at < input.length; at += size) reader.push(input.subarray(at, at + size));
        expect(messages, `chunks of ${size}`).toEqual(expected);
      }
    }
    const { reader, pings } = collect();
    reader.push(bytes);
    expect(pings).toEqual(['p']);
  });

  it('joins a fragmented message and refuses what a server may not send', () => {
    const { reader, messages } = collect();
    reader.push(Buffer.concat([serverFrame(OPCODE_TEXT, Buffer.from('ab'), false), serverFrame(0, Buffer.from('cd'))]));
    expect(messages).toEqual(['abcd']);
    expect(() => collect().reader.push(Buffer.from([0x81, 0x81, 0, 0, 0, 0, 0x41]))).toThrow(FrameError);
    expect(() => collect().reader.push(Buffer.from([0x83, 0x00]))).toThrow(FrameError);
  });

  it('masks what the client sends, as RFC 6455 requires', () => {
    const frame = encodeClientFrame(OPCODE_TEXT, Buffer.from('hello'));
    expect(frame[0]).toBe(0x81);
    expect(frame[1]).toBe(0x80 | 5);
    const mask = frame.subarray(2, 6);
    expect(Buffer.from(frame.subarray(6).map((byte, i) => byte ^ mask[i & 3]!)).toString()).toBe('hello');
  });
});

describe('the bare websocket subscriber', () => {
  let http: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve())));

  it('handshakes with a real ws server, joins, answers pings and reads every stamp', async () => {
    http = createServer();
    const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
    const pongs: string[] = [];
    wss.on('connection', (ws) => {
      ws.on('pong', (data) => pongs.push(String(data)));
      ws.on('message', (data) => {
        if (!String(data).includes('"join"')) return;
        ws.send(JSON.stringify({ type: 'joined', room: 'bench' }));
        ws.ping('still-there');
        for (let seq = 0; seq < 50; seq++) ws.send(JSON.stringify({ type: 'chat', text: encodeStamp({ run: 7, seq, intendedUs: 1000 + seq }, 100) }));
      });
    });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', () => resolve()));
    const port = (http.address() as { port: number }).port;
    const stamps: Stamp[] = [];
    let closed = 0;
    const subscriber = await connectWsSubscriber(port, 'a b', { onText: () => {}, onStamp: (stamp) => stamp && stamps.push(stamp), onClose: () => (closed += 1) }, '');
    await expect.poll(() => stamps.length).toBe(50);
    expect(stamps.map((s) => s.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await expect.poll(() => pongs).toEqual(['still-there']);
    for (const ws of wss.clients) ws.close();
    await expect.poll(() => closed).toBe(1);
    subscriber.close();
    wss.close();
  });
});
