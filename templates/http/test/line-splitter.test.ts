import { describe, expect, it } from 'vitest';
import { LineSplitter, LineTooLongError } from '../src/line-splitter.js';

const texts = (lines: Array<{ text: string }>) => lines.map((line) => line.text);

describe('LineSplitter', () => {
  it('joins lines split across chunks and numbers them from 1', () => {
    const splitter = new LineSplitter(100);
    expect(texts(splitter.push(Buffer.from('{"a":1}\n{"b"')))).toEqual(['{"a":1}']);
    expect(splitter.push(Buffer.from(':2'))).toEqual([]);
    const lines = splitter.push(Buffer.from('}\n\n'));
    expect(lines).toEqual([
      { no: 2, text: '{"b":2}', end: 16 },
      { no: 3, text: '', end: 17 },
    ]);
  });

  it('strips \\r from CRLF lines and returns an unterminated last line at the end', () => {
    const splitter = new LineSplitter(100);
    expect(texts(splitter.push(Buffer.from('one\r\ntwo')))).toEqual(['one']);
    expect(splitter.pendingBytes).toBe(3);
    expect(splitter.end()).toEqual({ no: 2, text: 'two', end: 8 });
    expect(splitter.end()).toBeUndefined();
  });

  it('decodes a multi-byte character split between chunks', () => {
    const bytes = Buffer.from('é€😀\n');
    const splitter = new LineSplitter(100);
    const lines = [
      ...splitter.push(bytes.subarray(0, 1)),
      ...splitter.push(bytes.subarray(1, 5)),
      ...splitter.push(bytes.subarray(5)),
    ];
    expect(texts(lines)).toEqual(['é€😀']);
  });

  it('throws as soon as a line outgrows the limit, before its newline arrives', () => {
    const splitter = new LineSplitter(8);
    splitter.push(Buffer.from('ok\n12345'));
    expect(() => splitter.push(Buffer.from('6789'))).toThrow(LineTooLongError);
    expect(() => new LineSplitter(4).push(Buffer.from('a\nbb\nccccc\n'))).toThrow(
      expect.objectContaining({ line: 3, maxLineBytes: 4 }),
    );
  });
});
