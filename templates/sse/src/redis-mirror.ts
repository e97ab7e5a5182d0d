import { RESET_EVENT } from './publish-rules.js';
import { RingBuffer } from './ring-buffer.js';
import { formatEvent } from './sse-format.js';
import { STREAM_START, type StreamPosition } from './redis-stream-id.js';

/** One stream entry as this instance received it, encoded once for every local subscriber. */
export interface MirrorEntry extends StreamPosition {
  /** This instance's running count: a local position, never sent to clients. */
  readonly seq: number;
  readonly frame: Buffer;
  /**
   * A loss marker, not a stream entry: Redis no longer holds the entry at this position (it
   * restarted without persistence, or trimmed past this instance while it was cut off), so
   * whatever came after it may be gone. Its frame is an `event: reset` for every subscriber
   * that reaches it; it has the key of the entry before it.
   */
  readonly lost?: true;
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
  /** The base is an evicted loss marker: a cursor at its key must hear the reset from Redis. */
  private baseLost = false;
  private lastPosition: StreamPosition;
  private nextSeq = 1;

  private readonly maxBytes: number;
  private bytes = 0;

  /**
   * `capacity` events and `maxBytes` bytes of frames, whichever comes first (the newest entry is
   * always kept): as in-process mode bounds its replay buffer (REPLAY_BUFFER, REPLAY_BUFFER_BYTES).
   * A count alone would let a thousand 1 MiB events hold a gigabyte.
   */
  constructor(capacity: number, head: StreamPosition = STREAM_START, maxBytes = Number.POSITIVE_INFINITY) {
    this.buffer = new RingBuffer<MirrorEntry>(capacity);
    this.basePosition = head;
    this.lastPosition = head;
    this.maxBytes = maxBytes;
  }

  /** Bytes of frames held now. */
  get bufferedBytes(): number {
    return this.bytes;
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
    this.push({ ...position, seq: this.nextSeq, frame: formatEvent({ id: position.id, event, data: json }) });
    this.lastPosition = position;
  }

  private push(entry: MirrorEntry): void {
    while (this.buffer.length > 0 && (this.buffer.length === this.buffer.capacity || this.bytes + entry.frame.length > this.maxBytes)) {
      const evicted = this.buffer.shift()!;
      this.bytes -= evicted.frame.length;
      this.basePosition = evicted;
      this.baseLost = evicted.lost === true;
    }
    this.buffer.push(entry);
    this.bytes += entry.frame.length;
    this.nextSeq += 1;
  }

  /**
   * Records that Redis lost what followed the newest entry (see MirrorEntry.lost): every
   * subscriber at or before it is sent a reset at this point, encoded once, before newer entries.
   */
  markLoss(): void {
    const at = this.lastPosition;
    const frame = formatEvent({ id: at.id, event: RESET_EVENT, data: JSON.stringify({ reason: 'expired', missed: null, lastEventId: at.id }) });
    this.push({ ...at, seq: this.nextSeq, frame, lost: true });
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
    if (this.isBefore(key)) return 'gap';
    let low = this.firstSeq;
    let high = this.nextSeq;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const entry = this.get(middle)!;
      // A loss marker counts as after its own key: a cursor there has not heard it yet.
      if (entry.key < key || (entry.key === key && entry.lost !== true)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Whether `key` is a position this instance knows the stream had: the base, the newest entry
   * read, or an entry held. False says nothing (an entry skipped or evicted): ask Redis.
   */
  has(key: bigint): boolean {
    if (key === this.basePosition.key || key === this.lastPosition.key) return true;
    const seq = this.seqAfter(key);
    if (seq === 'gap') return false;
    const before = this.get(seq - 1);
    return before !== undefined && before.key === key && before.lost !== true;
  }

  /** Whether entries after `key` may be older than the mirror (or behind an evicted loss marker). */
  isBefore(key: bigint): boolean {
    return key < this.basePosition.key || (this.baseLost && key === this.basePosition.key);
  }

  /** The local position of the oldest entry held (lastSeq + 1 when empty). */
  get firstSeq(): number {
    return this.nextSeq - this.buffer.length;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
