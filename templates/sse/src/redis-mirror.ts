import { RingBuffer } from './ring-buffer.js';
import { formatEvent } from './sse-format.js';
import { STREAM_START, type StreamPosition } from './redis-stream-id.js';

/** One stream entry as this instance received it, encoded once for every local subscriber. */
export interface MirrorEntry extends StreamPosition {
  /** This instance's running count: a local position, never sent to clients. */
  readonly seq: number;
  readonly frame: Buffer;
}

/**
 * The recent tail of the Redis Stream as this instance's one reader received it: a ring buffer
 * of encoded frames. Live subscribers read from it by local position (frame once, as in
 * memory mode); what is older than it is read from Redis itself.
 *
 * It is contiguous: it holds every stream entry after `base` up to `last`, because the reader
 * asks Redis for everything after the last id it got. `base` is the position just before the
 * oldest entry kept (where the reader started, or the newest entry evicted).
 */
export class RedisMirror {
  private readonly buffer: RingBuffer<MirrorEntry>;
  private readonly listeners = new Set<() => void>();
  private basePosition: StreamPosition;
  private lastPosition: StreamPosition;
  private nextSeq = 1;

  constructor(capacity: number, head: StreamPosition = STREAM_START) {
    this.buffer = new RingBuffer<MirrorEntry>(capacity);
    this.basePosition = head;
    this.lastPosition = head;
  }

  get base(): StreamPosition {
    return this.basePosition;
  }

  get last(): StreamPosition {
    return this.lastPosition;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  get length(): number {
    return this.buffer.length;
  }

  /** Appends the entry the reader got next; ids that do not move forward are ignored. */
  append(position: StreamPosition, event: string, json: string): void {
    if (position.key <= this.lastPosition.key) return;
    const entry: MirrorEntry = { ...position, seq: this.nextSeq, frame: formatEvent({ id: position.id, event, data: json }) };
    if (this.buffer.length === this.buffer.capacity) this.basePosition = this.buffer.shift()!;
    this.buffer.push(entry);
    this.nextSeq += 1;
    this.lastPosition = position;
  }

  /** Moves past an entry that cannot be sent (not written by this starter: no safe event name or data). */
  skip(position: StreamPosition): void {
    // Nobody is sent it (from here or from Redis), so the mirror stays contiguous in what it serves.
    if (position.key > this.lastPosition.key) this.lastPosition = position;
  }

  /** Wakes every subscriber once after a batch of appends. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** The entry at this local position, or undefined when evicted or not there yet. */
  get(seq: number): MirrorEntry | undefined {
    const first = this.nextSeq - this.buffer.length;
    return this.buffer.at(seq - first);
  }

  /**
   * The local position of the first entry after `key`: 'gap' when entries after `key` may be
   * older than the mirror (read them from Redis), lastSeq + 1 when there is none yet.
   */
  seqAfter(key: bigint): number | 'gap' {
    if (key < this.basePosition.key) return 'gap';
    let low = this.nextSeq - this.buffer.length;
    let high = this.nextSeq;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (this.get(middle)!.key <= key) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
