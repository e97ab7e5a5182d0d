import type { ChatMessage, ChatRole } from './chat-model.js';
import { HttpError } from './errors.js';
import { isRecord } from './is-record.js';

const ROLES: ReadonlySet<string> = new Set<ChatRole>(['system', 'user', 'assistant']);

/** Enough for a long conversation; the byte limit on the body bounds the rest. */
export const MAX_CHAT_MESSAGES = 100;

/** Validates `{ "messages": [{ "role", "content" }, ...] }`; unknown extra fields are ignored. */
export function parseChatRequest(body: unknown): ChatMessage[] {
  if (!isRecord(body) || !Array.isArray(body.messages)) {
    throw new HttpError('invalid_request', 'Expected {"messages": [{"role", "content"}, ...]}.');
  }
  const { messages } = body;
  if (messages.length === 0 || messages.length > MAX_CHAT_MESSAGES) {
    throw new HttpError('invalid_request', `"messages" must hold 1 to ${MAX_CHAT_MESSAGES} messages.`);
  }
  return messages.map((message: unknown, index) => {
    if (!isRecord(message) || typeof message.role !== 'string' || !ROLES.has(message.role)) {
      throw new HttpError('invalid_request', `messages[${index}].role must be "system", "user" or "assistant".`);
    }
    if (typeof message.content !== 'string') {
      throw new HttpError('invalid_request', `messages[${index}].content must be a string.`);
    }
    return { role: message.role as ChatRole, content: message.content };
  });
}
