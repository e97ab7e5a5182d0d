import { describe, expect, it } from 'vitest';
import { encodeStamp, findStamp, findStampInBytes, forEachStamp, type Stamp } from '../../bench/harness/payload.js';

describe('event stamps', () => {
  const stamp: Stamp = { run: 3, seq: 41, intendedUs: 123_456_789_012 };

  it('pads to the payload size and reads back from inside any message shape', () => {
    const text = encodeStamp(stamp, 100);
    expect(text).toHaveLength(100);
    expect(findStamp(`{"type":"chat","room":"bench","text":${JSON.stringify(text)}}`)).toEqual(stamp);
  });

  it('finds every stamp in an SSE chunk that carries several events', () => {
    const events = [0, 1, 2].map((seq) => `event: bench\ndata: ${JSON.stringify(encodeStamp({ ...stamp, seq }, 40))}\n\n`).join('');
    const seen: number[] = [];
    forEachStamp(events, (s) => seen.push(s.seq));
    expect(seen).toEqual([0, 1, 2]);
  });

  it('ignores a stamp that is cut or malformed', () => {
    expect(findStamp('B|3|41|')).toBeUndefined();
    expect(findStamp('B|3|x|5|')).toBeUndefined();
    expect(findStamp('no stamp here')).toBeUndefined();
  });

  it('reads a stamp from bytes, only inside the range it is given', () => {
    const message = Buffer.from(`{"type":"heartbeat"}{"type":"chat","text":${JSON.stringify(encodeStamp(stamp, 60))}}`);
    const split = message.indexOf('}') + 1;
    expect(findStampInBytes(message, 0, split)).toBeUndefined();
    expect(findStampInBytes(message, split, message.length)).toEqual(stamp);
    // Cut inside the stamp: not a whole one.
    expect(findStampInBytes(message, split, message.indexOf('B|') + 8)).toBeUndefined();
    expect(findStampInBytes(Buffer.from('B|3|x|5|B|3|41|123456789012|'), 0, 28)).toEqual(stamp);
  });
});
