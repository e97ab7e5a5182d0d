import { ConfigError, loadConfig } from './config.js';
import { createServer, DEFAULT_OPTIONS, StoreUnavailableError } from './server.js';

/** The only module with side effects: read the environment, listen, and stop cleanly on a signal. */

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const server = createServer(config);
// The process must be gone this long after SIGTERM, whatever happens: the drain, the grace
// period, and a second for the rest.
const EXIT_DEADLINE_MS =
  (config.drainDelayMs ?? DEFAULT_OPTIONS.drainDelayMs) + (config.shutdownGraceMs ?? DEFAULT_OPTIONS.shutdownGraceMs) + 1000;
const { url } = await server.start().catch((error: NodeJS.ErrnoException) => {
  // Redis unreachable (REDIS_URL set): one clear line; the orchestrator restarts us later.
  if (error instanceof StoreUnavailableError) console.error(`SSE starter: ${error.message}`);
  // EADDRINUSE and friends: one clear line instead of a stack trace.
  else console.error(`SSE starter: cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`);
  process.exit(1);
});
console.log(`SSE starter listening on ${url}${config.redisUrl ? ' (Redis mode)' : ''}`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  // A backstop: stop() settles within drainDelayMs + shutdownGraceMs, so this firing is a bug.
  setTimeout(() => {
    console.error(`did not stop within ${EXIT_DEADLINE_MS} ms after ${signal}; exiting anyway`);
    process.exit(1);
  }, EXIT_DEADLINE_MS).unref();
  server.stop().then(
    () => {
      console.log('SSE starter stopped: every stream ended');
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
