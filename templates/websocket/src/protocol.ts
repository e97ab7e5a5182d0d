// The wire protocol: every message is one JSON object in one text frame.
// This file is the contract; README.md documents the same shapes and codes.

/** Stable error codes sent as {"type":"error","code",...}. Clients may switch on them. */
export const ERROR_CODES = {
  INVALID_JSON: 'The frame is not valid JSON text (binary frames count as invalid too).',
  UNKNOWN_TYPE: 'The message is not an object with a known "type".',
  INVALID_FIELD: 'A field is missing, has the wrong type, is too long or has forbidden characters.',
  NOT_IN_ROOM: 'chat, typing or leave for a room this connection has not joined.',
  ROOM_LIMIT: 'join would exceed the rooms-per-connection limit.',
  RATE_LIMITED: 'Too many messages; the message was dropped (sent once per burst).',
  UNAVAILABLE: 'With Redis scale-out: Redis is unreachable (or the server is shutting down), so the chat message or join was not carried out; retry later.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ClientMessage =
  | { type: 'join'; room: string }
  | { type: 'leave'; room: string }
  | { type: 'chat'; room: string; text: string; id?: string }
  | { type: 'typing'; room: string };

export type ServerMessage =
  /** heartbeatMs: a heartbeat message comes at least this often; silence for two is a dead connection. */
  | { type: 'welcome'; user: string; heartbeatMs: number }
  /** Sent to every client each heartbeat interval, so a browser (which cannot see pings) can tell a dead connection. */
  | { type: 'heartbeat' }
  | { type: 'joined'; room: string }
  | { type: 'left'; room: string }
  /** id: the sender's own message id, echoed so the sender can match its acknowledgement. */
  | { type: 'chat'; room: string; from: string; text: string; timestamp: number; id?: string }
  | { type: 'typing'; room: string; user: string }
  | { type: 'error'; code: ErrorCode; message: string };

export interface ProtocolLimits {
  maxRoomNameLength: number;
  maxTextLength: number;
}

/** Room names: letters, digits, `_`, `-`, `.`; short enough to log and display. */
const ROOM_PATTERN = /^[A-Za-z0-9_.-]+$/;

/**
 * Whether `room` is a room name. With Redis a room name becomes part of a channel name, so
 * this is also what keeps a room inside the channel prefix: no `:`, no glob characters.
 */
export const isRoomName = (room: string): boolean => ROOM_PATTERN.test(room);

/** Client message ids (a UUID, a counter): 1 to 64 letters, digits, `_` or `-`. */
const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export type ParseResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: ErrorCode; message: string };

function fail(code: ErrorCode, message: string): ParseResult {
  return { ok: false, code, message };
}

/**
 * Turns one received frame into a typed message or an error to send back.
 * The article's server did `JSON.parse(data.toString())` with no try/catch: one malformed
 * frame threw inside the 'message' listener and took the whole process (every client) down.
 * Here nothing a client sends can throw; bad input becomes an error reply.
 */
export function parseClientMessage(data: Buffer, isBinary: boolean, limits: ProtocolLimits): ParseResult {
  if (isBinary) return fail('INVALID_JSON', 'binary frames are not supported; send JSON text');

  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return fail('INVALID_JSON', 'message is not valid JSON');
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('UNKNOWN_TYPE', 'message must be a JSON object with a "type"');
  }
  const fields = value as Record<string, unknown>;
  const type = fields['type'];
  if (type !== 'join' && type !== 'leave' && type !== 'chat' && type !== 'typing') {
    return fail('UNKNOWN_TYPE', 'type must be one of join, leave, chat, typing');
  }

  const room = fields['room'];
  if (typeof room !== 'string' || room.length === 0) {
    return fail('INVALID_FIELD', 'room must be a non-empty string');
  }
  if (room.length > limits.maxRoomNameLength) {
    return fail('INVALID_FIELD', `room must be at most ${limits.maxRoomNameLength} characters`);
  }
  if (!ROOM_PATTERN.test(room)) {
    return fail('INVALID_FIELD', 'room may contain only letters, digits, "_", "-" and "."');
  }

  if (type !== 'chat') return { ok: true, message: { type, room } };

  const text = fields['text'];
  if (typeof text !== 'string' || text.trim().length === 0) {
    return fail('INVALID_FIELD', 'text must be a non-empty string');
  }
  // Length in UTF-16 code units (String#length), the unit a browser's maxlength uses.
  if (text.length > limits.maxTextLength) {
    return fail('INVALID_FIELD', `text must be at most ${limits.maxTextLength} characters`);
  }
  const id = fields['id'];
  if (id === undefined) return { ok: true, message: { type, room, text } };
  if (typeof id !== 'string' || !MESSAGE_ID_PATTERN.test(id)) {
    return fail('INVALID_FIELD', 'id must be 1 to 64 letters, digits, "_" or "-"');
  }
  return { ok: true, message: { type, room, text, id } };
}
