import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatMessage, ChatModel } from './chat-model.js';

export interface DemoModelOptions {
  /** Pause before each token, to look like a model thinking; 0 yields as fast as possible. */
  tokenDelayMs?: number;
}

/**
 * A deterministic stand-in for an LLM: no network, same input, same tokens. It answers by
 * quoting the last user message, one word (with its trailing space) per token.
 */
export function createDemoModel({ tokenDelayMs = 40 }: DemoModelOptions = {}): ChatModel {
  return {
    async *stream(messages, signal) {
      for (const token of tokenize(replyTo(messages))) {
        // Rejects with an AbortError as soon as the client goes away, so no token is made for nobody.
        if (tokenDelayMs > 0) await sleep(tokenDelayMs, undefined, { signal });
        signal.throwIfAborted();
        yield token;
      }
    },
  };
}

export function replyTo(messages: readonly ChatMessage[]): string {
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const quoted = lastUser ? lastUser.content.trim().slice(0, 200) : '';
  const turns = messages.filter((message) => message.role === 'user').length;
  return (
    `You said: "${quoted}". ` +
    `This reply comes from the built-in demo model (turn ${turns}), streamed token by token ` +
    'over Server-Sent Events. Replace src/demo-model.ts with a real LLM client to get real answers.'
  );
}

/** Splits text into words that keep their trailing whitespace, so joining the tokens gives the text back. */
export function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}
