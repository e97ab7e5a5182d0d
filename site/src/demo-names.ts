/**
 * The live demos the demo server (live-demos/) runs, by the name their browser client has in
 * src/demos/<name>.ts, with what each shows. LiveDemo.astro prints the explanation whether or
 * not a demo server is there, so the page says what the reader would see.
 */
export const demos = {
  chat: {
    title: 'WebSocket chat with rooms',
    explains: 'Two tabs in the same room see each other\'s messages and typing. Cut the connection and watch the client reconnect with backoff and rejoin its room.',
  },
  'sse-feed': {
    title: 'SSE temperature feed',
    explains: 'Events arrive with their ids. Cut the connection: the browser reconnects, sends Last-Event-ID, and the ids continue with no gap and no duplicate.',
  },
  'llm-stream': {
    title: 'The LLM pattern: POST, then tokens as SSE',
    explains: 'The question goes up in a POST; the answer streams back as server-sent events, token by token, then finishes.',
  },
  'grpc-prices': {
    title: 'gRPC-Web prices',
    explains: 'StockService.StreamPrices over real gRPC-Web through the starter\'s Connect gateway: the length-prefixed envelopes and trailers decoded as they arrive.',
  },
  ingest: {
    title: 'HTTP ingest with Idempotency-Key',
    explains: 'A streamed NDJSON upload from the browser. Retry it with the same key: the records are stored once.',
  },
  race: {
    title: 'One feed over WebSocket, SSE and gRPC-Web, side by side',
    explains: 'The same price feed at the same moment over all three, with messages received, gaps, bytes on the wire and live p50/p99 latency. Change the rate and the payload size.',
  },
} as const;

export type DemoName = keyof typeof demos;
