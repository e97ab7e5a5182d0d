/** The contract between the chat endpoint and whatever produces tokens. */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/**
 * Replace the demo model with a real LLM client by implementing this one method: yield text
 * deltas as they arrive and stop when `signal` aborts (pass it on to your client's fetch), so a
 * closed browser tab stops the tokens you pay for.
 */
export interface ChatModel {
  stream(messages: readonly ChatMessage[], signal: AbortSignal): AsyncIterable<string>;
}
