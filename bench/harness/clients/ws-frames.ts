import { randomBytes } from 'node:crypto';

/**
 * The least of RFC 6455 a benchmark subscriber needs, so that reading a delivery costs the
 * client a header parse and a few bytes of scanning instead of `ws`'s full receive path
 * (per-message Buffer, UTF-8 validation, an event, a string). Measured on 2 shared cores, the
 * `ws` subscribers used more CPU per delivery than the server they measured; the point of the
 * harness is the server's ceiling, not the clients'.
 */

export const OPCODE_CONTINUATION = 0x0;
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
export const OPCODE_CLOSE = 0x8;
export const OPCODE_PING = 0x9;
export const OPCODE_PONG = 0xa;

export interface FrameSink {
  /** A whole text or binary message: its payload is `buffer[start, end)` (valid during the call only). */
  onMessage(buffer: Buffer, start: number, end: number): void;
  onPing(payload: Buffer): void;
  onClose(): void;
}

/** Thrown for bytes no server may send (a masked frame, a reserved opcode, a huge length). */
export class FrameError extends Error {}

/** A frame bigger than this is a protocol fault here (events are kilobytes at most). */
const MAX_FRAME = 16 * 1024 * 1024;

/**
 * Splits a server's byte stream into frames. Chunks may cut frames anywhere; the unfinished
 * tail waits for the next chunk. Fragmented messages are joined (servers may fragment, though
 * neither `ws` nor the starters do for text this small).
 */
export class FrameReader {
  private tail: Buffer | undefined;
  private fragments: Buffer[] | undefined;

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Buffer): void {
    const buffer = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    let at = 0;
    while (buffer.length - at >= 2) {
      const b0 = buffer[at]!;
      const b1 = buffer[at + 1]!;
      if ((b1 & 0x80) !== 0) throw new FrameError('the server sent a masked frame');
      if ((b0 & 0x70) !== 0) throw new FrameError('a reserved bit is set (compression is off)');
      let length = b1 & 0x7f;
      let head = 2;
      if (length === 126) {
        if (buffer.length - at < 4) break;
        length = buffer.readUInt16BE(at + 2);
        head = 4;
      } else if (length === 127) {
        if (buffer.length - at < 10) break;
        const big = buffer.readBigUInt64BE(at + 2);
        if (big > BigInt(MAX_FRAME)) throw new FrameError(`a frame of ${big} bytes`);
        length = Number(big);
        head = 10;
      }
      if (length > MAX_FRAME) throw new FrameError(`a frame of ${length} bytes`);
      if (buffer.length - at < head + length) break;
      this.dispatch(b0, buffer, at + head, at + head + length);
      at += head + length;
    }
    this.tail = at < buffer.length ? buffer.subarray(at) : undefined;
  }

  private dispatch(b0: number, buffer: Buffer, start: number, end: number): void {
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    switch (opcode) {
      case OPCODE_TEXT:
      case OPCODE_BINARY:
        if (this.fragments) throw new FrameError('a new message inside a fragmented one');
        if (fin) this.sink.onMessage(buffer, start, end);
        else this.fragments = [Buffer.from(buffer.subarray(start, end))];
        return;
      case OPCODE_CONTINUATION: {
        if (!this.fragments) throw new FrameError('a continuation frame without a message');
        this.fragments.push(Buffer.from(buffer.subarray(start, end)));
        if (!fin) return;
        const whole = Buffer.concat(this.fragments);
        this.fragments = undefined;
        this.sink.onMessage(whole, 0, whole.length);
        return;
      }
      case OPCODE_PING:
        this.sink.onPing(Buffer.from(buffer.subarray(start, end)));
        return;
      case OPCODE_PONG:
        return;
      case OPCODE_CLOSE:
        this.sink.onClose();
        return;
      default:
        throw new FrameError(`reserved opcode ${opcode}`);
    }
  }
}

/** One client-to-server frame: FIN set, masked with a fresh key as RFC 6455 requires of clients. */
export function encodeClientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + 4 + length);
  frame[0] = 0x80 | opcode;
  if (head === 2) frame[1] = 0x80 | length;
  else if (head === 4) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, head);
  for (let i = 0; i < length; i++) frame[head + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}
