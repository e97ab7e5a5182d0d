/** What a subject's server is told about the run, so it can raise the limits the run needs. */
export interface ServerSetup {
  /** The repository (or package) root: templates/ sits below it. */
  root: string;
  /** The highest events/s the publisher will offer. */
  rate: number;
  /** Subscribers that will connect (the memory run's largest count included). */
  clients: number;
  /** Bytes of text per event. */
  payload: number;
  /** Set for a Redis-mode subject: the run's redis-server, passed to the starter as redisUrl. */
  redisUrl?: string;
}

export interface BenchServer {
  port: number;
  /** What the run changed from the server's defaults, and how it is driven: said in the report. */
  notes: string[];
  stop(): Promise<void>;
  /** The starter's own counters, where it has them (drops, slow clients closed). */
  stats?(): unknown;
  /** Publishes one event inside the server process (the in-process subject only). */
  publish?(text: string): void;
}

/** The room (WebSocket) or event name (SSE) every benchmark event goes to. */
export const BENCH_ROOM = 'bench';
/** The bearer token of the SSE starter's POST /publish during a run. */
export const PUBLISH_TOKEN = 'bench-token';
