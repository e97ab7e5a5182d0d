import { isUtf8 } from 'node:buffer';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface Line {
  /** 1-based line number. */
  no: number;
  /** The line without its "\n" (or "\r\n"), decoded as UTF-8. */
  text: string;
  /** Byte offset just past this line's newline, counted from the first byte pushed. */
  end: number;
  /** Set (with an empty text) instead of throwing, when the splitter skips over-long lines. */
  tooLong?: boolean;
  /** The line's bytes without its "\n", with keepBytes; valid until the next push(). */
  bytes?: Buffer;
}

export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly maxLineBytes: number,
  ) {
    super(`line ${line} is longer than ${maxLineBytes} bytes`);
    this.name = 'LineTooLongError';
  }
}

export class InvalidUtf8Error extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is not valid UTF-8`);
    this.name = 'InvalidUtf8Error';
  }
}

/**
 * Splits a byte stream into lines, holding at most one partial line (bounded by
 * maxLineBytes) between chunks. Push chunks as they arrive; the caller decides when to read
 * the next one, so backpressure stays with the caller.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  #partial: Buffer[] = [];
  #partialBytes = 0;
  #lineNo = 0;
  #position = 0;

  readonly #strictUtf8: boolean;
  readonly #skipLongLines: boolean;
  readonly #keepBytes: boolean;
  /** In skip mode: inside an over-long line, dropping bytes until its newline. */
  #skipping = false;

  /**
   * strictUtf8: a line that is not valid UTF-8 throws InvalidUtf8Error instead of decoding
   * to U+FFFD. skipLongLines: an over-long line is reported as `{ tooLong: true, text: '' }`
   * when its newline arrives, instead of throwing (memory stays bounded either way).
   */
  constructor(maxLineBytes: number, options: { strictUtf8?: boolean; skipLongLines?: boolean; keepBytes?: boolean } = {}) {
    this.#maxLineBytes = maxLineBytes;
    this.#strictUtf8 = options.strictUtf8 ?? false;
    this.#skipLongLines = options.skipLongLines ?? false;
    this.#keepBytes = options.keepBytes ?? false;
  }

  /** Lines completed by this chunk. Throws LineTooLongError as soon as a line is too long. */
  push(chunk: Buffer): Line[] {
    const lines: Line[] = [];
    let start = 0;
    let newline = chunk.indexOf(NEWLINE, start);
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline);
      this.#position += piece.length + 1;
      if (this.#skipping || this.#tooLong(this.#partialBytes + piece.length)) {
        this.#skipping = false;
        this.#lineNo += 1;
        lines.push({ no: this.#lineNo, text: '', end: this.#position, tooLong: true });
      } else {
        const bytes = this.#partialBytes === 0 ? piece : Buffer.concat([...this.#partial, piece]);
        lines.push(this.#line(bytes));
      }
      this.#partial = [];
      this.#partialBytes = 0;
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#position += rest.length;
      if (this.#skipping || this.#tooLong(this.#partialBytes + rest.length)) {
        this.#skipping = true;
        this.#partial = [];
        this.#partialBytes = 0;
      } else {
        // Copy: the caller may reuse its read buffer.
        this.#partial.push(Buffer.from(rest));
        this.#partialBytes += rest.length;
      }
    }
    return lines;
  }

  /** The unterminated last line, if any (an upload need not end with "\n"). */
  end(): Line | undefined {
    if (this.#skipping) {
      this.#skipping = false;
      this.#lineNo += 1;
      return { no: this.#lineNo, text: '', end: this.#position, tooLong: true };
    }
    if (this.#partialBytes === 0) return undefined;
    const line = this.#line(Buffer.concat(this.#partial));
    this.#partial = [];
    this.#partialBytes = 0;
    return line;
  }

  /** Bytes of an unterminated line held so far (a torn tail when reading a log). */
  get pendingBytes(): number {
    return this.#partialBytes;
  }

  /** True when a line of `bytes` is over the limit and is to be skipped; throws when not skipping. */
  #tooLong(bytes: number): boolean {
    if (bytes <= this.#maxLineBytes) return false;
    if (!this.#skipLongLines) throw new LineTooLongError(this.#lineNo + 1, this.#maxLineBytes);
    return true;
  }

  #line(bytes: Buffer): Line {
    this.#lineNo += 1;
    if (this.#strictUtf8 && !isUtf8(bytes)) throw new InvalidUtf8Error(this.#lineNo);
    const length = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
    const line: Line = { no: this.#lineNo, text: bytes.toString('utf8', 0, length), end: this.#position };
    if (this.#keepBytes) line.bytes = bytes;
    return line;
  }
}
