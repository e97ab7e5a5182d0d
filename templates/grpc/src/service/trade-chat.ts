import { constants as http2 } from 'node:http2';
import { Metadata, type handleBidiStreamingCall, type ServerDuplexStream } from '@grpc/grpc-js';
import type { TradeMessage, TradeMessage__Output } from '../gen/grpc-js/stock/v1/TradeMessage.js';
import { peerAddressKey } from '../address-key.js';
import { isValidSymbol } from '../symbols.js';
import type { ServiceContext, ServiceLimits } from './context.js';
import { failCall, status } from './rpc-error.js';

type ChatCall = ServerDuplexStream<TradeMessage__Output, TradeMessage>;

/** Request metadata key that carries the participant's display name. */
export const PARTICIPANT_METADATA_KEY = 'x-participant';
const PARTICIPANT_NAME = /^[A-Za-z0-9_-]{1,32}$/;

interface Participant {
  name: string;
  call: ChatCall;
  /** Last time (performance.now()) its backlog was under `chatBacklog`. */
  underLimitAt: number;
  /** Write callback, one per participant (not per message): grpc-js calls it once a message is handed to HTTP/2. */
  written: () => void;
  /** The sending token bucket of its client address, shared by every chat call from there. */
  bucket: SendBucket;
}

/**
 * One client address's sending allowance (chatMessageRate, chatMessageBurst): tokens left, when
 * last refilled, and the chat calls from there. Per address, not per call (second review: with
 * a bucket per call, 15 calls on one connection sent 15 times the rate and got an honest reader
 * dropped, and rejoining refilled it).
 */
interface SendBucket {
  tokens: number;
  refilledAt: number;
  calls: number;
}

/** Serialises a TradeMessage once, so one broadcast costs one encoding whatever the audience. */
export type EncodeTradeMessage = (message: TradeMessage) => Buffer;

/**
 * TradeChat: a single room. Each message is validated, stamped with the sender's name and
 * the server time, encoded once, and written to every other participant. The sender does
 * not get an echo: its client already shows what it typed.
 *
 * A participant whose outgoing buffer (messages grpc-js could not yet hand to HTTP/2) has
 * stayed at or above `chatBacklog` for `chatStallMs` is dropped with RESOURCE_EXHAUSTED and
 * removed from the room; the others never wait for it. The time matters: a burst relayed in
 * one tick queues the whole burst for everyone before any write can complete, so a count
 * alone would drop every fast reader for the server's own burst (issue 15). The write
 * callbacks show which participants drain: theirs bring the backlog back under the limit.
 * grpc-js delivers the status after the buffered messages, so the memory a dropped
 * participant holds is bounded by what reached it during its stall. A client that never
 * reads again never takes that status either, while its process still answers keepalive
 * pings: after `chatDropGraceMs` its stream is reset (RST_STREAM ENHANCE_YOUR_CALM, which
 * grpc-js clients report as RESOURCE_EXHAUSTED). Until its call has ended it still counts
 * against `maxChatParticipants`, so zombies cannot pile up beyond the cap.
 *
 * Peers that vanish without a word (a dead NAT entry, a pulled cable) are found by the
 * server's keepalive pings (channel-options.ts: within keepaliveTimeMs + keepaliveTimeoutMs).
 */
export function tradeChatHandler(
  ctx: ServiceContext,
  encode: EncodeTradeMessage,
): handleBidiStreamingCall<TradeMessage__Output, TradeMessage> {
  const room = new Set<Participant>();
  const buckets = new Map<string, SendBucket>();
  // Kept while the address has a call in the chat, or owes tokens (so leaving and rejoining
  // does not refill it); a full one is forgotten when its last call goes.
  const bucketFor = (address: string): SendBucket => {
    let bucket = buckets.get(address);
    if (bucket === undefined) {
      bucket = { tokens: ctx.limits.chatMessageBurst, refilledAt: performance.now(), calls: 0 };
      buckets.set(address, bucket);
    }
    bucket.calls += 1;
    return bucket;
  };
  const releaseBucket = (address: string, bucket: SendBucket): void => {
    bucket.calls -= 1;
    if (bucket.calls > 0) return;
    refill(bucket, ctx.limits);
    if (bucket.tokens >= ctx.limits.chatMessageBurst) buckets.delete(address);
  };
  // Dropped participants whose call has not ended yet: they hold memory, so they count.
  const draining = new Set<ChatCall>();
  let anonymous = 0;

  const drain = (call: ChatCall): void => {
    draining.add(call);
    ctx.stats.chatCallsDraining = draining.size;
    ctx.stats.activeTimers++;
    let timer: NodeJS.Timeout | undefined = setTimeout(() => {
      timer = undefined;
      ctx.stats.activeTimers--;
      // The reset closes the call, and 'close' below stops counting it.
      if (ctx.resetCall(call.metadata, http2.NGHTTP2_ENHANCE_YOUR_CALM)) ctx.stats.chatCallsReset++;
    }, ctx.limits.chatDropGraceMs);
    const ended = (): void => {
      if (!draining.delete(call)) return;
      if (timer !== undefined) {
        clearTimeout(timer);
        ctx.stats.activeTimers--;
      }
      ctx.stats.chatCallsDraining = draining.size;
    };
    call.once('close', ended);
  };

  const leave = (participant: Participant): void => {
    if (room.delete(participant)) ctx.stats.chatParticipants = room.size;
  };

  const broadcast = (from: Participant, message: TradeMessage): void => {
    const frame = encode(message);
    const now = performance.now();
    for (const other of room) {
      if (other === from) continue;
      if (other.call.writableLength < ctx.limits.chatBacklog) {
        other.underLimitAt = now;
      } else if (now - other.underLimitAt >= ctx.limits.chatStallMs) {
        leave(other);
        ctx.stats.chatParticipantsDropped++;
        drain(other.call);
        failCall(other.call, status.RESOURCE_EXHAUSTED, `${other.name} is reading too slowly; dropped from the chat`);
        continue;
      }
      // The service definition passes Buffers through unchanged (see stock-service.ts).
      other.call.write(frame as unknown as TradeMessage, other.written);
      ctx.stats.chatMessagesRelayed++;
    }
  };

  return (call) => {
    if (ctx.closing) {
      failCall(call, status.UNAVAILABLE, 'server is shutting down');
      return;
    }
    const requested = call.metadata.get(PARTICIPANT_METADATA_KEY)[0];
    const name = requested === undefined ? `trader-${++anonymous}` : String(requested);
    if (!PARTICIPANT_NAME.test(name)) {
      failCall(
        call,
        status.INVALID_ARGUMENT,
        `${PARTICIPANT_METADATA_KEY}: ${JSON.stringify(name)} is not a name (1-32 characters of A-Z, a-z, 0-9, "_", "-")`,
      );
      return;
    }
    if (room.size + draining.size >= ctx.limits.maxChatParticipants) {
      failCall(call, status.RESOURCE_EXHAUSTED, `chat is full (${ctx.limits.maxChatParticipants} participants)`);
      return;
    }
    const address = peerAddressKey(call.getPeer());
    const me: Participant = {
      name,
      call,
      underLimitAt: performance.now(),
      written: () => {
        if (call.writableLength < ctx.limits.chatBacklog) me.underLimitAt = performance.now();
      },
      bucket: bucketFor(address),
    };
    room.add(me);
    ctx.stats.chatParticipants = room.size;
    // Response headers now, not with the first message: the client learns it has joined.
    call.sendMetadata(new Metadata());

    const close = (): void => {
      if (!room.has(me)) return;
      leave(me);
      failCall(call, status.UNAVAILABLE, 'server is shutting down');
    };
    let released = false;
    const gone = (): void => {
      leave(me);
      ctx.closers.delete(close);
      // Called for every way a call ends, some of them twice: the address's bucket counts it once.
      if (released) return;
      released = true;
      releaseBucket(address, me.bucket);
    };
    ctx.closers.add(close);

    call.on('data', (incoming: TradeMessage__Output) => {
      if (!room.has(me)) return;
      const problem = messageProblem(incoming, ctx.limits.maxChatTextLength);
      if (problem !== null) {
        gone();
        failCall(call, status.INVALID_ARGUMENT, problem);
        return;
      }
      if (!takeToken(me.bucket, ctx.limits)) {
        gone();
        ctx.stats.chatSendersLimited++;
        const { chatMessageRate: rate, chatMessageBurst: burst } = ctx.limits;
        failCall(call, status.RESOURCE_EXHAUSTED, `${name}: this address sent more than ${rate} chat messages a second (${burst} at once); dropped from the chat`);
        return;
      }
      broadcast(me, { sender: name, text: incoming.text, symbol: incoming.symbol, timestamp: Date.now() });
    });
    // The client half-closed: it leaves, and its call ends with OK.
    call.once('end', () => {
      gone();
      if (!call.writableEnded) call.end();
    });
    call.once('cancelled', gone);
    call.once('close', gone);
    call.once('error', gone);
  };
}

function refill(bucket: SendBucket, { chatMessageRate, chatMessageBurst }: ServiceLimits): void {
  const now = performance.now();
  bucket.tokens = Math.min(chatMessageBurst, bucket.tokens + ((now - bucket.refilledAt) * chatMessageRate) / 1000);
  bucket.refilledAt = now;
}

/** One message from an address's bucket: false when it is empty (it sends too fast). */
function takeToken(bucket: SendBucket, limits: ServiceLimits): boolean {
  refill(bucket, limits);
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

function messageProblem(message: TradeMessage__Output, maxTextLength: number): string | null {
  if (message.text.length === 0) return 'text: must not be empty';
  if (message.text.length > maxTextLength) {
    return `text: ${message.text.length} characters, at most ${maxTextLength} allowed`;
  }
  if (message.symbol !== '' && !isValidSymbol(message.symbol)) {
    return `symbol: ${JSON.stringify(message.symbol)} is not a symbol (1-10 characters of A-Z and ".")`;
  }
  return null;
}
