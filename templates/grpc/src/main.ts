import { ConfigError, loadConfig } from './config.js';
import { stopOnSignal, stopTimeout } from './lifecycle.js';
import { createServer } from './server.js';

try {
  const options = loadConfig(process.env);
  const server = createServer(options);
  const { address } = await server.start();
  stopOnSignal([server], { stopTimeoutMs: stopTimeout(options) });
  console.log(`StockService listening on ${address} (${options.tls ? 'TLS' : 'plaintext'}; health: grpc.health.v1.Health)`);
} catch (error) {
  const config = error instanceof ConfigError;
  console.error(`${config ? 'config error' : 'failed to start'}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(config ? 2 : 1);
}
