/** What the user told us. Every field is optional: the engine says which ones it still needs. */

export const directions = ['bidirectional', 'server-to-client', 'client-to-server'] as const;
export type Direction = (typeof directions)[number];

/**
 * Who is on the other end. `service`: your own services, agents or native apps, one team
 * controls both ends. `public`: other developers' programs, in any language, over the internet.
 */
export const peers = ['browser', 'service', 'public'] as const;
export type Peer = (typeof peers)[number];

export interface Answers {
  /** Who sends: both sides at once, only the server, or only the client. */
  direction?: Direction;
  /** Who is on the other end: web pages, your own services, or a public API's clients. */
  peer?: Peer;
  /** How many messages per second one client's stream carries at peak. */
  rate?: number;
  /** Are payloads binary (images, audio, protobuf) rather than text/JSON? */
  binary?: boolean;
  /** Must it cross strict corporate proxies or HTTP/1.1-only infrastructure? */
  strictProxy?: boolean;
  /** Must a client that reconnects miss nothing? */
  lossless?: boolean;
  /** Does only the latest value matter (game state, live media), so stale messages may be dropped? */
  latestWins?: boolean;
  /** Are the consumers servers that can take HTTP requests at a URL they register (webhooks)? */
  callbacks?: boolean;
  /** Are the messages defined in Protobuf, with generated code on every client? */
  protobuf?: boolean;
  /** Are the clients AI agents or LLM apps that speak an agent protocol (MCP, A2A)? */
  agents?: boolean;
  /** Do clients wait for changes to state they already read with ordinary requests? */
  watch?: boolean;
  /**
   * Are your own clients native apps on people's devices (phones, desktops, cars, set-top boxes),
   * reaching you over mobile and home networks rather than from inside your own network?
   */
  devices?: boolean;
}

export type AnswerKey = keyof Answers;

/** The answers in a fixed order: questions, then refinements. Flip phrases follow it. */
export const answerKeys = [
  'direction',
  'peer',
  'rate',
  'binary',
  'strictProxy',
  'lossless',
  'latestWins',
  'callbacks',
  'protobuf',
  'agents',
  'watch',
  'devices',
] as const satisfies readonly AnswerKey[];
