// The entry with --web: the gRPC server and the browser gateway in one process, sharing
// one price source so gRPC and browser clients see the same market.
import { ConfigError, loadConfig, loadTokenCheck } from '../config.js';
import { stopOnSignal, stopTimeout } from '../lifecycle.js';
import { createServer } from '../server.js';
import { loadWebConfig } from './config.js';
import { createGateway } from './gateway.js';

try {
  const options = loadConfig(process.env);
  const web = loadWebConfig(process.env);
  const server = createServer(options);
  const gateway = createGateway({
    prices: server.service.prices,
    host: options.host,
    port: web.webPort,
    allowedOrigins: web.allowedOrigins,
    limits: server.service.limits,
    // The same TLS and the same token check as the gRPC port: neither door is left open.
    tls: options.tls,
    isValidToken: loadTokenCheck(process.env),
    http: { maxConnections: web.maxConnections, keepAliveTimeoutMs: web.keepAliveTimeoutMs, stallTimeoutMs: web.stallTimeoutMs },
    drainDelayMs: options.drainDelayMs,
    shutdownGraceMs: options.shutdownGraceMs,
  });
  const { address } = await server.start();
  const { url } = await gateway.start();
  stopOnSignal([server, gateway], { stopTimeoutMs: stopTimeout(options) });
  console.log(`StockService listening on ${address} (${options.tls ? 'TLS' : 'plaintext'}; health: grpc.health.v1.Health)`);
  console.log(`browser gateway (Connect, gRPC-Web) listening on ${url}${options.interceptors?.length ? ' (bearer token required)' : ''}`);
} catch (error) {
  const config = error instanceof ConfigError;
  console.error(`${config ? 'config error' : 'failed to start'}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(config ? 2 : 1);
}
