// The demo server's public surface, bundled to dist/live-demos/server.js for `choose-protocol demo`.
export { createDemoServer, DEFAULT_LIMITS, type DemoLimits, type DemoServer, type DemoServerOptions } from './server.js';
export { ConfigError, LIMIT_ENV, limitsFromEnv } from './config.js';
