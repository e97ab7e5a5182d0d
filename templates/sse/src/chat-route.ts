import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatModel } from './chat-model.js';
import { parseChatRequest } from './chat-request.js';
import { HttpError, STREAM_ERROR_CODES, type StreamErrorCode } from './errors.js';
import { readJsonBody, requireJsonContentType } from './read-json-body.js';
import { formatEvent } from './sse-format.js';
import { SseStream } from './sse-stream.js';
import type { StreamSet } from './stream-set.js';

export interface ChatRouteOptions {
  model: ChatModel;
  streams: StreamSet;
  maxBodyBytes: number;
  maxChatStreams: number;
  slowSubscriberTimeoutMs: number;
  onError: (error: unknown) => void;
  /** True once the server has begun to stop: a body that completes after that gets a 503. */
  isClosing: () => boolean;
}

/** The OpenAI-style terminator clients wait for. */
export const DONE_FRAME: Buffer = formatEvent({ data: '[DONE]' });

export function chatErrorFrame(code: StreamErrorCode): Buffer {
  return formatEvent({ event: 'error', data: JSON.stringify({ error: { code, message: STREAM_ERROR_CODES[code] } }) });
}

/**
 * POST /chat/stream: the LLM pattern. The prompt arrives as a POST body; the reply streams back
 * as `data: {"choices":[{"delta":{"content":"..."}}]}` events and ends with `data: [DONE]`.
 * Unlike the article's version, generation stops when the client disconnects (the stream's
 * AbortSignal reaches the model) and every write respects backpressure.
 */
export async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  { model, streams, maxBodyBytes, maxChatStreams, slowSubscriberTimeoutMs, onError, isClosing }: ChatRouteOptions,
): Promise<void> {
  requireJsonContentType(req);
  // The place is taken before a byte of the body is read: uploads in flight count against the
  // cap, so slow or stalled uploads cannot pile up (each holding up to maxBodyBytes) unseen.
  if (streams.size >= maxChatStreams) {
    // The body is left unread, so the connection cannot carry another request.
    throw new HttpError('too_many_streams', undefined, { 'Retry-After': '5', Connection: 'close' });
  }
  const release = streams.reserve();
  let messages;
  try {
    messages = parseChatRequest(await readJsonBody(req, maxBodyBytes));
  } finally {
    release();
  }
  // stop() may have begun while the body arrived, after the streams were told to end: a stream
  // opened now would be cut without a word at the end of the grace period.
  if (isClosing()) throw new HttpError('shutting_down', undefined, { Connection: 'close' });

  const stream = new SseStream(res, { slowTimeoutMs: slowSubscriberTimeoutMs });
  streams.add(stream);
  const { signal } = stream;
  try {
    for await (const content of model.stream(messages, signal)) {
      // Also guards models that ignore the signal: leaving the loop calls the iterator's return().
      if (signal.aborted) break;
      if (content === '') continue;
      stream.send(formatEvent({ data: JSON.stringify({ choices: [{ delta: { content } }] }) }));
      if (!stream.writable) await stream.ready();
    }
    if (!signal.aborted) stream.end(DONE_FRAME);
  } catch (error) {
    if (signal.aborted) return; // the client left or the server is stopping: nothing to report
    onError(error);
    stream.end(chatErrorFrame('model_failed'));
  }
}
