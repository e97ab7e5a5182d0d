// @ts-check
import { createSseParser } from './sse-parser.js';

/**
 * The LLM pattern's client: POST the conversation, read the reply as an event stream.
 * EventSource cannot POST, so this uses fetch + ReadableStream, and the incremental parser in
 * sse-parser.js instead of splitting each chunk on "\n" (see that file for why).
 */

/** @typedef {{ role: 'system' | 'user' | 'assistant', content: string }} ChatMessage */

export class ChatStreamError extends Error {
  /**
   * @param {string} code     A stable code: one of the server's error codes, or "incomplete".
   * @param {string} message
   * @param {number} [status] The HTTP status, when the server refused the request.
   */
  constructor(code, message, status) {
    super(message);
    this.name = 'ChatStreamError';
    this.code = code;
    this.status = status;
  }
}

/**
 * Streams the assistant's reply, one text delta at a time. Abort `signal` (or stop iterating)
 * to cancel: the request is dropped and the server stops generating.
 *
 * @param {ChatMessage[]} messages
 * @param {{ url?: string | URL, signal?: AbortSignal, fetch?: typeof fetch }} [options]
 * @returns {AsyncGenerator<string, void, undefined>}
 */
export async function* streamChat(messages, options = {}) {
  const { url = 'chat/stream', signal, fetch: fetchImpl = globalThis.fetch } = options;
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ messages }),
    signal: signal ?? null,
  });
  if (!response.ok || response.body === null) throw await refusal(response);

  const reader = response.body.getReader();
  /** @type {import('./sse-parser.js').SseEvent[]} */
  const events = [];
  const parser = createSseParser({ onEvent: (event) => events.push(event) });
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(value);
      for (const event of events.splice(0)) {
        if (event.type === 'error') throw streamError(event.data);
        if (event.type !== 'message') continue;
        if (event.data === '[DONE]') return;
        const content = JSON.parse(event.data)?.choices?.[0]?.delta?.content;
        if (typeof content === 'string' && content !== '') yield content;
      }
    }
    throw new ChatStreamError('incomplete', 'The reply ended before [DONE].');
  } finally {
    // Runs on [DONE], on errors and when the caller stops iterating early: in the last case
    // cancelling closes the connection, which is how the server learns to stop generating.
    reader.cancel().catch(() => {});
  }
}

/**
 * @param {Response} response
 * @returns {Promise<ChatStreamError>}
 */
async function refusal(response) {
  const body = await response.json().catch(() => null);
  const code = typeof body?.error?.code === 'string' ? body.error.code : 'http_error';
  const message = typeof body?.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
  return new ChatStreamError(code, message, response.status);
}

/** @param {string} data */
function streamError(data) {
  try {
    const { error } = JSON.parse(data);
    return new ChatStreamError(String(error.code), String(error.message));
  } catch {
    return new ChatStreamError('stream_error', data);
  }
}
