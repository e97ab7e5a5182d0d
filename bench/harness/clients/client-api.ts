import type { Stamp } from '../payload.js';

/** One subscriber connection; `onText` gets each received message's text (or a chunk of SSE). */
export interface Subscriber {
  close(): void;
}

export interface SubscriberHandlers {
  onText(text: string): void;
  /**
   * A message's stamp, for clients that read it from the bytes (undefined: the message had none),
   * with the time its chunk was read (one clock read per chunk, not per message).
   */
  onStamp(stamp: Stamp | undefined, receivedUs: number): void;
  /** The connection ended while the run still wanted it (counted, and its missing events are lost). */
  onClose(): void;
  /**
   * The server said it skipped events for this subscriber (SSE's `event: reset`: the sse starter
   * sends one when a reader fell further behind than its replay buffer). The skipped events
   * count as lost anyway; this says why.
   */
  onReset?(): void;
}

export type ConnectSubscriber = (port: number, name: string, handlers: SubscriberHandlers, root: string) => Promise<Subscriber>;

/** The publisher's connection: publish() never waits (open loop); refusals are counted. */
export interface Publisher {
  publish(text: string): void;
  /** Events the server refused or that failed to send. */
  readonly failures: number;
  /** Sends not yet answered (SSE's POST /publish), so the run can wait for them. */
  readonly outstanding: number;
  close(): Promise<void>;
}

export type ConnectPublisher = (port: number, root: string) => Promise<Publisher>;

/** Rejects with `message` if `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]);
}
