import { Socket } from 'node:net';
import * as wsModule from 'ws';
import { WebSocket } from 'ws';
import { WindowGate } from './window-gate.js';
import { CHAT_DEFAULTS } from './options.js';

// Fan-out is the hot path of a chat: one message to a room of N members is N deliveries.
//
// The article's broadcastToRoom() stringified once but then called ws.send(data) per client,
// and ws.send re-encodes the string to UTF-8 and builds a new frame header for every client:
// the same bytes are produced N times. Measured on a 2-core machine that tops out near
// 100k deliveries/s. Here the message is serialised once (by the caller) and framed once.
//
// Then per tick, not per message: the broadcasts of one tick to the same audience (one room,
// the same `except`) are kept as one run, and at the end of the tick the run's frames are
// joined into one Buffer that is written to each member with one socket.write. Measured at
// 5,000 events/s x 100 clients, one write per socket per tick is set by how many events arrive
// per turn, and each socket.write costs the same however many frames it carries, while writing
// every frame separately (corked, one writev per socket) cost another ~0.3-0.5 µs of CPU per
// delivery in Node's stream code (per-chunk bookkeeping, the writev array) on top of that.
//
// Then per window, not per tick, while the server is busy (writeBatchMs, 5 ms by default). One
// write(2) to a loopback socket costs ~7 µs of CPU on a small VM whatever its size (a few KB),
// so CPU per delivery is set by how many events share a write: a publisher ticking every 1 ms
// at 5,000 events/s brings ~6.6 events per I/O turn, one write per ~6.6 deliveries, ~1.3 µs per
// delivery. A run that starts within writeBatchMs of the previous write therefore waits for a
// timer at previous write + writeBatchMs: each socket is written at most once per window while
// events keep coming, and no event waits longer than the window (plus timer slack). A run on a
// quiet server (nothing written in the last window) still goes out at the end of its tick, so
// an isolated message pays no added latency. 0 turns the window off (every run at its tick's end).
//
// And only while the broadcasts ask for at least writeBatchAbove deliveries a second (50,000 by
// default; src/window-gate.ts measures it over the last ~100 ms, and lowers the line to 80% of
// the rate where the loop stayed saturated, should a slower machine saturate below it). Below it,
// every run goes out at the end of its tick, as with no window. The window merges runs of one
// audience only (a broadcast to another flushes the run): a busy server with many rooms gains
// less from it than one busy room does. Why: "written in the last window" alone held the
// window at a few hundred events a second, where a 2-core VM writes every tick with CPU to spare
// (40,000 deliveries/s: the starter's median latency 4.8 ms against raw ws's 1.5 ms, its p99
// 11.1 ms against 6.9-10.0 ms), and latency is what a real-time server is for. At 50,000 a
// second, one write per delivery cost about a third of a core on the 2-core VM we measured on
// (~7 µs a write; a figure for that machine, not a law); above it the window is what keeps the
// CPU per delivery under 1 µs. 0: the window holds at any rate.
// A run also goes out at once when it reaches maxRunBytes, so a window never holds without bound.
//
// The run is written before anything that could come after it on the wire: a sendTo (a direct
// message between two broadcasts goes out between them), a broadcast to another audience, and
// flush(), which the chat calls before a membership change (a member who joins mid-tick must
// not get the tick's earlier events; one who leaves still gets them) and before it closes a
// connection. Code that writes to a member's socket around the broadcaster (ws.send, ws.close)
// calls flush() first.
//
// Writing pre-framed bytes straight to the socket is only correct when ws itself would have
// written them there right now, in the same order. So a client falls back to ws.send when
//  - permessage-deflate was negotiated (frames must be compressed per connection, RSV1 set),
//  - ws's Sender has queued data (it queues behind a pending compression or Blob read; jumping
//    that queue would reorder messages), or
//  - ws internals are not where this version of ws keeps them (future-proofing).
// The server never sends fragmented messages, so there is no half-sent message to interleave.
//
// The article also never looked at bufferedAmount: a client that stops reading made the server
// buffer every message for it, without bound. Here a client over maxBufferedBytes is handed to
// onOverflow (the chat closes it with 1013) and nothing more is queued for it. The check is per
// message, as if each had been written on its own: against the bytes really left unsent (in the
// socket and ws) before each message of a run, so a burst cannot carry a client that stopped
// reading past the limit, and a client that reads cannot be pushed over it by a burst the kernel took.

interface SenderInternals {
  _bufferedBytes: number;
  _queue: unknown[];
  _state: number;
}

interface WebSocketInternals {
  _socket?: Socket | null;
  _sender?: SenderInternals | null;
}

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}

type FrameFunction = (data: Buffer, options: FrameOptions) => Buffer[];

// ws exports its Sender class (lib/sender.js) as `Sender` from its ESM entry and as
// `WebSocket.Sender` from its CommonJS one; @types/ws declares neither.
type SenderClass = { frame?: FrameFunction } | undefined;
const Sender =
  (wsModule as unknown as { Sender?: SenderClass }).Sender ??
  (WebSocket as unknown as { Sender?: SenderClass }).Sender;
const frame: FrameFunction | undefined = Sender?.frame?.bind(Sender);

const TEXT_OPCODE = 0x1;

/** One unmasked, final text frame (RFC 6455 §5.2) carrying `text`: header and payload in one Buffer. */
export function frameText(text: string): Buffer {
  if (frame === undefined) throw new Error('ws no longer exposes Sender.frame');
  const parts = frame(Buffer.from(text, 'utf8'), {
    fin: true,
    opcode: TEXT_OPCODE,
    mask: false,
    readOnly: false,
    rsv1: false,
  });
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/**
 * The client's socket if pre-framed bytes may be written to it now, else undefined. Every
 * private field is checked for its type before use: a ws release that renames or reshapes one
 * makes this answer undefined (ws.send, always correct) instead of throwing in the hot path.
 */
function rawSocketOf(ws: WebSocket): Socket | undefined {
  if (frame === undefined || ws.extensions !== '') return undefined;
  const { _socket: socket, _sender: sender } = ws as unknown as Partial<Record<keyof WebSocketInternals, unknown>>;
  if (!(socket instanceof Socket) || typeof sender !== 'object' || sender === null) return undefined;
  const { _bufferedBytes: buffered, _queue: queue, _state: state } = sender as Partial<Record<keyof SenderInternals, unknown>>;
  if (typeof buffered !== 'number' || !Array.isArray(queue) || typeof state !== 'number') return undefined;
  if (buffered > 0 || queue.length > 0 || state !== 0) return undefined;
  return socket.writable ? socket : undefined;
}

export interface BroadcasterOptions {
  /** Unsent bytes a client may have before onOverflow is called instead of sending. */
  maxBufferedBytes: number;
  /** Called once per send attempt to a client that is over maxBufferedBytes. */
  onOverflow(ws: WebSocket): void;
  /**
   * Busy server: the shortest time between two writes of broadcasts to a socket, in ms (see
   * the header). 0: every tick's broadcasts are written at its end. Default: CHAT_DEFAULTS'.
   */
  writeBatchMs?: number | undefined;
  /**
   * The window holds only while broadcasts ask for at least this many deliveries (messages x
   * members) a second (see the header). 0: at any rate. Default: CHAT_DEFAULTS'.
   */
  writeBatchAbove?: number | undefined;
  /** A run reaching this many framed bytes is written at once instead of waiting. Default 64 KiB. */
  maxRunBytes?: number | undefined;
}

/** See maxRunBytes: a few dozen chat messages, well under any sane maxBufferedBytes. */
export const DEFAULT_MAX_RUN_BYTES = 64 * 1024;

/** Iterated twice (counted now, written when the run is): a Set or an array, not a one-shot iterator. */
export type Recipients = ReadonlySet<WebSocket> | readonly WebSocket[];

export interface Broadcaster {
  /**
   * Sends `text` (already serialised) to every open client in `recipients` except `except`, at
   * the end of this tick, or within writeBatchMs of the last write on a busy server (or at the
   * next flush/sendTo), in call order. Returns the number of
   * open clients it was queued for; one found over maxBufferedBytes when it is written goes to
   * onOverflow instead.
   */
  broadcast(recipients: Recipients, text: string, except?: WebSocket): number;
  /** Sends `text` to one client now, after the pending broadcasts, with the same buffer bound. */
  sendTo(ws: WebSocket, text: string): boolean;
  /**
   * Writes the pending broadcasts now (and cancels the window's timer): before writing to a
   * member's socket by other means, before a membership change and before closing.
   */
  flush(): void;
}

/** The pending broadcasts to one audience: written together, one Buffer per member. */
interface Run {
  recipients: Recipients;
  except: WebSocket | undefined;
  texts: string[];
  frames: Buffer[];
  bytes: number;
}

export function createBroadcaster({
  maxBufferedBytes,
  onOverflow,
  writeBatchMs = CHAT_DEFAULTS.writeBatchMs,
  writeBatchAbove = CHAT_DEFAULTS.writeBatchAbove,
  maxRunBytes = DEFAULT_MAX_RUN_BYTES,
}: BroadcasterOptions): Broadcaster {
  if (!Number.isSafeInteger(writeBatchMs) || writeBatchMs < 0) throw new RangeError(`writeBatchMs must be a non-negative integer, got ${String(writeBatchMs)}`);
  if (!Number.isSafeInteger(writeBatchAbove) || writeBatchAbove < 0) throw new RangeError(`writeBatchAbove must be a non-negative integer, got ${String(writeBatchAbove)}`);
  if (!Number.isSafeInteger(maxRunBytes) || maxRunBytes < 1) throw new RangeError(`maxRunBytes must be a positive integer, got ${String(maxRunBytes)}`);
  const corked = new Set<Socket>();
  let run: Run | undefined;
  let endOfTickScheduled = false;
  /** performance.now() when a run was last written; read only when a run starts. */
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Set while the pending run waits for the window to end: one timer per broadcaster. */
  let windowTimer: NodeJS.Timeout | undefined;
  /** Deliveries asked for, per second: the window holds only at writeBatchAbove or more (or the line the gate learned). */
  const gated = writeBatchMs > 0 && writeBatchAbove > 0;
  const gate = new WindowGate(writeBatchAbove, writeBatchMs);

  function uncorkAll(): void {
    for (const socket of corked) socket.uncork();
    corked.clear();
  }

  function endOfTick(): void {
    endOfTickScheduled = false;
    // A run waiting for its window stays; a sendTo in between would have written it first.
    if (windowTimer === undefined) flushRun();
    uncorkAll();
  }

  function onWindowEnd(): void {
    windowTimer = undefined;
    flushRun();
  }

  /** A run has just started: written at the end of the tick, or when the window since the last write ends. */
  function scheduleRun(): void {
    if (writeBatchMs === 0) {
      scheduleEndOfTick();
      return;
    }
    const now = performance.now();
    // Read at every run start, so that each interval of the rate is about as long as it says.
    const slow = gated && !gate.holds(now);
    const wait = lastWriteAt + writeBatchMs - now;
    if (slow || wait <= 0) scheduleEndOfTick();
    else windowTimer = setTimeout(onWindowEnd, Math.ceil(wait));
  }

  function scheduleEndOfTick(): void {
    if (endOfTickScheduled) return;
    endOfTickScheduled = true;
    process.nextTick(endOfTick);
  }

  /** Corked until the end of the tick, so that everything sent to it in this tick leaves in one writev(). */
  function writeRaw(socket: Socket, bytes: Buffer): void {
    if (!corked.has(socket)) {
      scheduleEndOfTick();
      socket.cork();
      corked.add(socket);
    }
    socket.write(bytes);
  }

  function deliver(ws: WebSocket, text: string, framed: () => Buffer): boolean {
    if (ws.readyState !== WebSocket.OPEN) return false;
    // bufferedAmount counts bytes queued in the socket (corked ones too) and in ws's Sender.
    if (ws.bufferedAmount > maxBufferedBytes) {
      onOverflow(ws);
      return false;
    }
    const socket = rawSocketOf(ws);
    if (socket === undefined) ws.send(text);
    else writeRaw(socket, framed());
    return true;
  }

  /** One member's share of a run: the whole run in one write, or message by message near the limit. */
  function writeRun(ws: WebSocket, current: Run, joined: Buffer): void {
    let queued = ws.bufferedAmount;
    const socket = rawSocketOf(ws);
    if (socket !== undefined && queued <= maxBufferedBytes && queued + current.bytes <= maxBufferedBytes) {
      // Corked by a sendTo earlier in this tick: the write joins that writev, after it.
      socket.write(joined);
      return;
    }
    // Message by message, each checked against what is really unsent before it, as if each were
    // sent on its own: a member that reads at once (the kernel takes every write) is not closed
    // because a window gathered more than maxBufferedBytes; one that stops reading is, as soon
    // as the kernel's buffer is full and the bytes stay queued here.
    for (let i = 0; i < current.texts.length; i += 1) {
      if (i > 0) queued = ws.bufferedAmount;
      if (queued > maxBufferedBytes) {
        onOverflow(ws);
        return;
      }
      if (socket === undefined) ws.send(current.texts[i]!);
      else socket.write(current.frames[i]!);
    }
  }

  function flushRun(): void {
    const current = run;
    if (current === undefined) return;
    // Taken first: onOverflow may leave rooms, which flushes, and must find nothing to write.
    run = undefined;
    if (windowTimer !== undefined) {
      clearTimeout(windowTimer);
      windowTimer = undefined;
    }
    if (writeBatchMs > 0) lastWriteAt = performance.now();
    const joined = current.frames.length === 1 ? current.frames[0]! : Buffer.concat(current.frames, current.bytes);
    for (const ws of current.recipients) {
      if (ws !== current.except && ws.readyState === WebSocket.OPEN) writeRun(ws, current, joined);
    }
  }

  return {
    broadcast(recipients, text, except) {
      if (frame === undefined) {
        // A ws without Sender.frame: every client takes ws.send, message by message, as sendTo does.
        flushRun();
        let sent = 0;
        for (const ws of recipients) if (ws !== except && deliver(ws, text, () => frameText(text))) sent += 1;
        return sent;
      }
      let open = 0;
      for (const ws of recipients) if (ws !== except && ws.readyState === WebSocket.OPEN) open += 1;
      if (open === 0) return 0;
      if (gated) gate.count(open);
      if (run !== undefined && (run.recipients !== recipients || run.except !== except)) flushRun();
      if (run === undefined) {
        run = { recipients, except, texts: [], frames: [], bytes: 0 };
        scheduleRun();
      }
      const framed = frameText(text);
      run.texts.push(text);
      run.frames.push(framed);
      run.bytes += framed.length;
      if (run.bytes >= maxRunBytes) flushRun();
      return open;
    },
    sendTo(ws, text) {
      flushRun();
      return deliver(ws, text, () => frameText(text));
    },
    flush: flushRun,
  };
}
