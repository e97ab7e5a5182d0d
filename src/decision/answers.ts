/** What the user told us. Every field is optional: the engine says which ones it still needs. */

export const directions = ['bidirectional', 'server-to-client', 'client-to-server'] as const;
export type Direction = (typeof directions)[number];

export const peers = ['browser', 'service'] as const;
export type Peer = (typeof peers)[number];

export interface Answers {
  /** Who sends: both sides at once, only the server, or only the client. */
  direction?: Direction;
  /** Who is on the other end: browsers, or other services. */
  peer?: Peer;
  /** How many messages per second the stream carries at peak. */
  rate?: number;
  /** Are payloads binary (images, audio, protobuf) rather than text/JSON? */
  binary?: boolean;
  /** Must it cross strict corporate proxies or HTTP/1.1-only infrastructure? */
  strictProxy?: boolean;
  /** Must a client that reconnects miss nothing? */
  lossless?: boolean;
}

export type AnswerKey = keyof Answers;
