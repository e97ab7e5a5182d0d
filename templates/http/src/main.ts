import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError, DataDirPathTooLongError } from './data-dir-lock.js';
import { FileStore } from './file-store.js';
import { createServer } from './server.js';

// Past drain and grace, stop() still gives cut-off uploads 1 s to read their 503 and closes
// the store; this is the backstop if that hangs.
const EXIT_MARGIN_MS = 2500;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Invalid configuration: ${error.message}`);
    process.exit(2);
  }

  const server = createServer(config);
  const { url } = await server.start();
  const { store } = server;
  const discarded = store instanceof FileStore ? store.recovery?.discardedBytes : undefined;
  if (discarded) console.error(`recovery: cut ${discarded} bytes of unacknowledged uploads from the log`);

  let stopping = false;
  // SIGTERM comes from an orchestrator (Kubernetes, systemd, docker stop): drain first, so the
  // load balancer sees /healthz fail before the listener closes. SIGINT is a person at a
  // terminal pressing Ctrl-C: stop at once.
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const drainMs = signal === 'SIGTERM' ? config.drainDelayMs : 0;
    const backstop = setTimeout(() => {
      console.error(`${signal}: shutdown took too long, exiting`);
      process.exit(1);
    }, drainMs + config.shutdownGraceMs + EXIT_MARGIN_MS);
    backstop.unref();
    if (drainMs > 0) console.log(`${signal}: draining for ${drainMs} ms (/healthz answers 503), then stopping`);
    (drainMs > 0 ? server.drain() : server.stop()).then(
      () => {
        console.log('ingest server stopped: every accepted record is on disk');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Logged after the handlers exist: whoever waits for this line may signal right away.
  console.log(`ingest server listening on ${url}`);
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError || error instanceof DataDirPathTooLongError) {
    console.error(`failed to start: ${error.message}`);
    process.exit(1);
  }
  console.error('failed to start:', error);
  process.exit(1);
});
