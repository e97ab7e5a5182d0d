import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { ChatStreamError, streamChat } from '../public/chat-client.js';
import { parseSse } from '../public/sse-parser.js';
import type { ChatModel } from '../src/chat-model.js';
import { createDemoModel, replyTo, tokenize } from '../src/demo-model.js';
import { startServer } from './helpers/servers.js';

const MESSAGES = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Hello there' },
] as const;

function postChat(url: string, body: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${url}chat/stream`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
    signal,
  });
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { code: string } };
  return body.error.code;
}

describe('POST /chat/stream', () => {
  it('streams delta chunks and then data: [DONE]', async () => {
    const { url } = await startServer({ model: createDemoModel({ tokenDelayMs: 0 }) });
    const response = await postChat(url, JSON.stringify({ messages: MESSAGES }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');

    const events = parseSse(await response.text());
    expect(events.at(-1)).toEqual({ type: 'message', data: '[DONE]', lastEventId: '' });
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    const expected = tokenize(replyTo([...MESSAGES]));
    expect(chunks).toEqual(expected.map((content) => ({ choices: [{ delta: { content } }] })));
  });

  it('is read correctly by the browser client in public/chat-client.js', async () => {
    const { url } = await startServer({ model: createDemoModel({ tokenDelayMs: 1 }) });
    let text = '';
    for await (const token of streamChat([...MESSAGES], { url: `${url}chat/stream` })) text += token;
    expect(text).toBe(replyTo([...MESSAGES]));
  });

  it.each([
    ['not JSON', '{"messages": [', 'invalid_json'],
    ['no messages', '{}', 'invalid_request'],
    ['an empty conversation', '{"messages": []}', 'invalid_request'],
    ['an unknown role', '{"messages": [{"role": "wizard", "content": "hi"}]}', 'invalid_request'],
    ['non-string content', '{"messages": [{"role": "user", "content": 42}]}', 'invalid_request'],
    ['a message that is not an object', '{"messages": ["hi"]}', 'invalid_request'],
  ])('answers 400 for %s', async (_what, body, code) => {
    const { url } = await startServer();
    const response = await postChat(url, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await errorCode(response)).toBe(code);
  });

  it('answers 415 unless the body is application/json', async () => {
    const { url } = await startServer();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await postChat(url, JSON.stringify({ messages: MESSAGES }), { 'Content-Type': contentType });
      expect(response.status, contentType).toBe(415);
      expect(await errorCode(response)).toBe('unsupported_media_type');
    }
    const charset = await postChat(url, JSON.stringify({ messages: MESSAGES }), {
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(charset.status).toBe(200);
    await charset.body?.cancel();
  });

  it('answers 413 for a body over 1 MiB, declared or streamed', async () => {
    const { url } = await startServer();
    const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(1024 * 1024) }] });
    const declared = await postChat(url, big);
    expect(declared.status).toBe(413);
    expect(await errorCode(declared)).toBe('payload_too_large');

    const bytes = new TextEncoder().encode(big);
    const streamed = await fetch(`${url}chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await errorCode(streamed)).toBe('payload_too_large');
  });

  it('stops generating as soon as the client disconnects', async () => {
    let generated = 0;
    let signalSeen: AbortSignal | undefined;
    const endless: ChatModel = {
      async *stream(_messages, signal) {
        signalSeen = signal;
        while (true) {
          await sleep(2, undefined, { signal });
          generated += 1;
          yield `token${generated} `;
        }
      },
    };
    const { server, url } = await startServer({ model: endless });
    const abort = new AbortController();
    const response = await postChat(url, JSON.stringify({ messages: MESSAGES }), {}, abort.signal);
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();

    await vi.waitFor(() => expect(signalSeen?.aborted).toBe(true));
    const atAbort = generated;
    await sleep(100);
    expect(generated - atAbort).toBeLessThanOrEqual(1);
    await vi.waitFor(() => expect(server.stats().chatStreams).toBe(0));
  });

  it('stops a model that ignores the signal at its next token', async () => {
    let generated = 0;
    let stopped = false;
    const careless: ChatModel = {
      async *stream() {
        try {
          while (true) {
            await sleep(2);
            generated += 1;
            yield 'x ';
          }
        } finally {
          stopped = true;
        }
      },
    };
    const { url } = await startServer({ model: careless });
    const abort = new AbortController();
    const response = await postChat(url, JSON.stringify({ messages: MESSAGES }), {}, abort.signal);
    await response.body!.getReader().read();
    abort.abort();
    await vi.waitFor(() => expect(stopped).toBe(true));
    const atStop = generated;
    await sleep(50);
    expect(generated).toBe(atStop);
  });

  it('ends with an error event when the model fails mid-reply', async () => {
    const failing: ChatModel = {
      async *stream() {
        yield 'partial ';
        throw new Error('model exploded');
      },
    };
    const errors: unknown[] = [];
    const { url } = await startServer({ model: failing, onError: (error) => errors.push(error) });
    const tokens: string[] = [];
    const failure = await (async () => {
      try {
        for await (const token of streamChat([...MESSAGES], { url: `${url}chat/stream` })) tokens.push(token);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(tokens).toEqual(['partial ']);
    expect(failure).toBeInstanceOf(ChatStreamError);
    expect((failure as ChatStreamError).code).toBe('model_failed');
    expect(errors).toHaveLength(1);
  });

  it('reports a refused request as a ChatStreamError with the server code', async () => {
    const { url } = await startServer();
    const attempt = streamChat([], { url: `${url}chat/stream` }).next();
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
  });
});

describe('demo model', () => {
  it('is deterministic and its tokens join back into the reply', async () => {
    const model = createDemoModel({ tokenDelayMs: 0 });
    const run = async () => {
      const tokens: string[] = [];
      for await (const token of model.stream([...MESSAGES], new AbortController().signal)) tokens.push(token);
      return tokens;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.join('')).toBe(replyTo([...MESSAGES]));
    expect(first.length).toBeGreaterThan(10);
  });

  it('stops when its signal aborts', async () => {
    const model = createDemoModel({ tokenDelayMs: 5 });
    const abort = new AbortController();
    const tokens: string[] = [];
    await expect(
      (async () => {
        for await (const token of model.stream([...MESSAGES], abort.signal)) {
          tokens.push(token);
          if (tokens.length === 2) abort.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(tokens).toHaveLength(2);
  });
});
