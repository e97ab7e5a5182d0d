// A minimal gRPC-Web codec for the tests, written from the protocol spec (not from the gateway),
// so the test checks the gateway's bytes rather than agreeing with its library:
// each message is an envelope of 1 flag byte (0x80 = trailers) and a 4-byte big-endian length.

/** PriceRequest { repeated string symbols = 1; } */
export function encodePriceRequest(symbols: readonly string[]): Buffer {
  const parts = symbols.map((symbol) => {
    const bytes = Buffer.from(symbol, 'utf8');
    return Buffer.concat([Buffer.from([0x0a, bytes.length]), bytes]);
  });
  return Buffer.concat(parts);
}

export function envelope(message: Buffer, flags = 0): Buffer {
  const head = Buffer.alloc(5);
  head[0] = flags;
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

export interface Frame {
  flags: number;
  payload: Buffer;
}

export function splitEnvelopes(body: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let at = 0;
  while (body.length - at >= 5) {
    const length = body.readUInt32BE(at + 1);
    if (body.length - at < 5 + length) break;
    frames.push({ flags: body[at]!, payload: body.subarray(at + 5, at + 5 + length) });
    at += 5 + length;
  }
  return { frames, rest: body.subarray(at) };
}

/** PriceUpdate { string symbol = 1; double price = 2; int64 timestamp = 3; } */
export function decodePriceUpdate(bytes: Buffer): { symbol: string; price: number; timestamp: number } {
  const out = { symbol: '', price: 0, timestamp: 0 };
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const field = key >> 3;
    const type = key & 7;
    if (type === 2) {
      const length = varint();
      if (field === 1) out.symbol = bytes.toString('utf8', at, at + length);
      at += length;
    } else if (type === 1) {
      if (field === 2) out.price = bytes.readDoubleLE(at);
      at += 8;
    } else if (type === 0) {
      const value = varint();
      if (field === 3) out.timestamp = value;
    } else throw new Error(`unexpected wire type ${type}`);
  }
  return out;
}
