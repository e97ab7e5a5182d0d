import type { SseStream } from './sse-stream.js';

/** The open streams of one kind, so that keep-alives and shutdown reach every one of them. */
export class StreamSet {
  /** Each stream with how it ends at shutdown; undefined means at once. */
  private readonly streams = new Map<SseStream, (() => void) | undefined>();
  /** One close listener for every stream of the set, not a closure per stream. */
  private readonly forget = (stream: SseStream): void => void this.streams.delete(stream);
  /** Places held by requests that are still arriving (see reserve()). */
  private reserved = 0;

  /** Open streams plus reserved places: what a capacity check must count. */
  get size(): number {
    return this.streams.size + this.reserved;
  }

  /**
   * Holds a place for a stream that will open once its request has arrived, so that requests
   * still uploading count against the cap: checked only after the body, a cap lets any number
   * of slow uploads in. Returns the release function (idempotent); call it in the same turn as
   * add() so the count never dips between the two.
   */
  reserve(): () => void {
    this.reserved += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= 1;
    };
  }

  /**
   * `finish`, if given, is how endAll() ends this stream: it must end it properly once it has
   * written what it still owes (an event subscriber catching up to the last id).
   */
  add(stream: SseStream, finish?: () => void): void {
    this.streams.set(stream, finish);
    stream.onClose(this.forget);
  }

  /** Writes the same frame to every stream that has room; a stream waiting for 'drain' skips it. */
  sendToWritable(frame: Buffer): void {
    for (const stream of this.streams.keys()) {
      if (stream.writable) stream.send(frame);
    }
  }

  /**
   * Ends every stream properly (by its `finish`, or at once with `lastFrame` first if given),
   * and resolves once all have closed. Streams that cannot flush within `graceMs` (their client
   * stopped reading) are destroyed, so this always settles.
   */
  async endAll(graceMs: number, lastFrame?: Buffer): Promise<void> {
    const streams = [...this.streams.keys()];
    for (const [stream, finish] of [...this.streams]) {
      if (finish) finish();
      else stream.end(lastFrame);
    }
    const closed = Promise.all(streams.map((stream) => stream.whenClosed()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([closed, deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const stream of streams) stream.destroy();
      await closed;
    }
  }
}
