/**
 * Decodes gRPC-Web and Connect streaming bodies for the "On the wire" panel: each message is an
 * envelope of 1 flag byte and a 4-byte big-endian length, then the payload. gRPC-Web marks its
 * trailers (grpc-status, grpc-message) with flag 0x80; Connect marks its end-of-stream JSON with
 * 0x02. Payloads of PriceUpdate are decoded from protobuf by hand, field by field, to show the
 * bytes for what they are.
 */
export interface Envelope {
  flags: number;
  payload: Uint8Array;
}

export function createEnvelopeReader(onEnvelope: (envelope: Envelope) => void) {
  let buffer = new Uint8Array(0);
  return (chunk: Uint8Array): void => {
    const joined = new Uint8Array(buffer.length + chunk.length);
    joined.set(buffer);
    joined.set(chunk, buffer.length);
    buffer = joined;
    while (buffer.length >= 5) {
      const length = new DataView(buffer.buffer, buffer.byteOffset + 1, 4).getUint32(0);
      if (buffer.length < 5 + length) return;
      onEnvelope({ flags: buffer[0] ?? 0, payload: buffer.slice(5, 5 + length) });
      buffer = buffer.slice(5 + length);
    }
  };
}

const WIRE_TYPES = ['varint', 'i64', 'len', 'sgroup', 'egroup', 'i32'];

/** Protobuf fields of a message, each as `#n type=value` (PriceUpdate: 1 symbol, 2 price, 3 timestamp). */
export function describeProtobuf(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new RangeError('truncated varint');
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
  };
  try {
    while (at < bytes.length) {
      const key = varint();
      const field = Math.floor(key / 8);
      const wireType = key % 8;
      if (wireType === 0) parts.push(`#${field} varint=${varint()}`);
      else if (wireType === 1) {
        parts.push(`#${field} double=${view.getFloat64(at, true)}`);
        at += 8;
      } else if (wireType === 2) {
        const length = varint();
        parts.push(`#${field} len=${length} "${new TextDecoder().decode(bytes.subarray(at, at + length))}"`);
        at += length;
      } else if (wireType === 5) {
        parts.push(`#${field} float=${view.getFloat32(at, true)}`);
        at += 4;
      } else return `${parts.join(' ')} (unsupported wire type ${WIRE_TYPES[wireType] ?? wireType})`;
    }
  } catch {
    parts.push('(truncated)');
  }
  return parts.join('  ');
}

export function hex(bytes: Uint8Array, max = 12): string {
  const shown = Array.from(bytes.subarray(0, max), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} …` : shown;
}
