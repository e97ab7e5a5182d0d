// The only module with side effects: read the environment, listen, log one line, and stop
// cleanly on SIGTERM (container stop, systemd) or SIGINT (Ctrl-C).
import { ConfigError, loadConfig } from './config.js';
import { BusUnavailableError, createServer, SETTLE_MS } from './server.js';

function fail(message: string, exitCode: number): never {
  console.error(message);
  process.exit(exitCode);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`websocket-starter: ${error.message}`, 2);
  throw error;
}

const server = createServer({
  ...config,
  onRedisStatus(status, detail) {
    if (status === 'lost') console.error(`websocket-starter: lost Redis (${detail}); /healthz answers 503, reconnecting`);
    else console.log(`websocket-starter: Redis is back (${detail}); rooms resubscribed`);
  },
});
// Exit even if something refuses to close; stop() itself settles within the drain delay plus
// closeTimeoutMs (and 100 ms), plus with Redis at most SETTLE_MS for the last events to come
// back and 2 s to close its connections, before this.
const SHUTDOWN_DEADLINE_MS = config.drainDelayMs + config.closeTimeoutMs + SETTLE_MS + 2_500;
const { url } = await server.start().catch((error: NodeJS.ErrnoException) => {
  if (error instanceof BusUnavailableError) fail(`websocket-starter: ${error.message}`, 1);
  return fail(`websocket-starter: cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`, 1);
});
const wsUrl = `${url.replace(/^http/, 'ws')}${config.wsPath ?? '/ws'}`;
const fanOut = config.redisUrl === undefined ? '' : ', rooms shared through Redis';
console.log(`websocket-starter listening on ${url} (WebSocket: ${wsUrl}${fanOut})`);

let shuttingDown = false;
function shutdown(): void {
  // A second Ctrl-C while stopping changes nothing: the deadline below bounds the wait.
  if (shuttingDown) return;
  shuttingDown = true;
  setTimeout(() => fail('websocket-starter: shutdown took too long, exiting', 1), SHUTDOWN_DEADLINE_MS).unref();
  server.stop().then(
    () => {
      console.log('websocket-starter stopped: every client closed with 1001');
      process.exit(0);
    },
    (error: unknown) => fail(`websocket-starter: error while stopping: ${String(error)}`, 1),
  );
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
