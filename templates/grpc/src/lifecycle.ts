/** Something main() starts and stops: the gRPC server, and with --web the browser gateway. */
export interface Service {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

export interface RunOptions {
  /** Hard limit for a clean stop after SIGTERM/SIGINT; then the process exits 1. Default 5000 ms. */
  stopTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Stops `services` (in reverse order) on the first SIGTERM or SIGINT, then exits 0.
 * A second signal, or a stop that outlives `stopTimeoutMs`, exits 1 at once.
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
        for (const service of [...services].reverse()) await service.stop();
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
