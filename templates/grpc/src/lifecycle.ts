/** Something main() starts and stops: the gRPC server, and with --web the browser gateway. */
export interface Service {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/** Time a stop gets on top of its drain delay and grace before the process gives up. */
export const STOP_MARGIN_MS = 2_000;

/** The hard limit main() gives a stop: drain + grace + a margin. */
export function stopTimeout(options: { drainDelayMs?: number; shutdownGraceMs?: number }): number {
  return (options.drainDelayMs ?? 0) + (options.shutdownGraceMs ?? 0) + STOP_MARGIN_MS;
}

export interface RunOptions {
  /** Hard limit for a clean stop after SIGTERM/SIGINT; then the process exits 1. Default 5000 ms. */
  stopTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Stops `services` on the first SIGTERM or SIGINT, then exits 0. A second signal, or a stop
 * that outlives `stopTimeoutMs`, exits 1 at once.
 *
 * The services stop side by side, not one after the other: each has its own grace period,
 * and in sequence those would add up past the 5 s a process gets.
 */
export function stopOnSignal(services: readonly Service[], options: RunOptions = {}): void {
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const log = options.log ?? ((line) => console.log(line));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: shutting down`);
    setTimeout(() => {
      log(`shutdown took longer than ${stopTimeoutMs} ms: exiting`);
      process.exit(1);
    }, stopTimeoutMs).unref();
    void (async () => {
      try {
        await Promise.all(services.map((service) => service.stop()));
        log('stopped cleanly');
        process.exit(0);
      } catch (error) {
        log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
