import type { SseStream } from './sse-stream.js';

/** The open streams of one kind, so that keep-alives and shutdown reach every one of them. */
export class StreamSet {
  private readonly streams = new Set<SseStream>();

  get size(): number {
    return this.streams.size;
  }

  add(stream: SseStream): void {
    this.streams.add(stream);
    void stream.whenClosed().then(() => this.streams.delete(stream));
  }

  /** Writes the same frame to every stream that has room; a stream waiting for 'drain' skips it. */
  sendToWritable(frame: Buffer): void {
    for (const stream of this.streams) {
      if (stream.writable) stream.send(frame);
    }
  }

  /**
   * Ends every stream properly, with `lastFrame` first if given, and resolves once all have
   * closed. Streams that cannot flush within `graceMs` (their client stopped reading) are
   * destroyed, so this always settles.
   */
  async endAll(graceMs: number, lastFrame?: Buffer): Promise<void> {
    const streams = [...this.streams];
    for (const stream of streams) stream.end(lastFrame);
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
