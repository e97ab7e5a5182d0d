// The contract between the chat and a message bus that carries room events between instances
// (src/redis-bus.ts). This file imports no client library: the chat loads the Redis one only
// when REDIS_URL is set, so a single-process chat never pays for it.
import { isRoomName } from './protocol.js';

/** Delivered for every event on a room this instance subscribed to, its own events included. */
export type BusListener = (room: string, payload: string) => void;

export interface RoomBus {
  /** Resolves once Redis has confirmed the subscription: events published after it arrive. */
  subscribe(room: string): Promise<void>;
  /** Stops receiving the room's events; never rejects (a dead connection drops them anyway). */
  unsubscribe(room: string): void;
  /** Rejects at once while Redis is unreachable: nothing is queued behind a dead connection. */
  publish(room: string, payload: string): Promise<void>;
  /** Both connections (publish, subscribe) are up. */
  ready(): boolean;
  /**
   * Resolves once every event this instance published before the call has come back to it
   * (those on rooms it is subscribed to), or after `timeoutMs`, whichever comes first; at once
   * when it is not ready or subscribed to no room. Never rejects. For shutdown: an event Redis
   * accepted is delivered to this instance's own members before they are told goodbye.
   */
  settle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface BusEvents {
  /** Connection state changes after start: 'lost' on the first error, 'ready' once both are back. */
  onStatus?: ((status: 'ready' | 'lost', detail: string) => void) | undefined;
}

/** Redis could not be reached at start (start() rejects with it; main.ts exits 1). */
export class BusUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';
  override readonly name = 'BusUnavailableError';
}

/** Every channel this starter uses starts with it: a Redis ACL can confine it there (`&ws-chat:room:*`). */
export const CHANNEL_PREFIX = 'ws-chat:room:';

/**
 * The Redis channel of a room. Room names are [A-Za-z0-9_.-] (checked again here, not only
 * where client messages are parsed), so no name can leave the prefix or need escaping.
 */
export function channelOf(room: string): string {
  if (!isRoomName(room)) throw new RangeError(`not a room name: ${JSON.stringify(room)}`);
  return `${CHANNEL_PREFIX}${room}`;
}
export const roomOf = (channel: string): string => channel.slice(CHANNEL_PREFIX.length);

// On the bus a room event is "<instance> <connection>\n<the ServerMessage as JSON>". The JSON
// part is the exact text every member receives: serialised once by the instance the event
// started on, framed once by each instance that has members. JSON.stringify never emits a raw
// newline, so the first one ends the header. The header names the sending connection so its
// own instance can leave it out (typing is not echoed to the typist).

export interface Envelope {
  instance: string;
  connection: number;
  json: string;
}

export function encodeEnvelope(instance: string, connection: number, json: string): string {
  return `${instance} ${connection}\n${json}`;
}

/** Undefined for anything malformed: another program publishing on our channels is ignored. */
export function decodeEnvelope(payload: string): Envelope | undefined {
  const newline = payload.indexOf('\n');
  if (newline < 0) return undefined;
  const [instance, connection] = payload.slice(0, newline).split(' ');
  const json = payload.slice(newline + 1);
  if (instance === undefined || connection === undefined || !json.startsWith('{')) return undefined;
  return { instance, connection: Number(connection), json };
}

/** A Redis URL fit for a log line: the password replaced. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
