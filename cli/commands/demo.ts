import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OperationError, UsageError } from '../../src/errors.js';
import { packageRoot } from '../../src/scaffold/package-root.js';
import type { ParsedArgs } from '../args.js';
import type { Context } from '../context.js';
import type { Style } from '../style.js';

/** What dist/live-demos/server.js exports (live-demos/src/index.ts), typed here without importing it. */
interface DemoModule {
  createDemoServer(options: {
    host?: string;
    port?: number;
    siteDir?: string;
    assetsDir?: string;
    limits?: Record<string, number>;
  }): { start(): Promise<{ url: string; port: number }>; stop(): Promise<void> };
  limitsFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, number>;
  ConfigError: new (message: string) => Error;
}

export const DEFAULT_DEMO_PORT = 4321;

function parsePort(value: unknown): number {
  if (value === undefined) return DEFAULT_DEMO_PORT;
  const text = String(value);
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port > 65_535) {
    throw new UsageError('CP_INVALID_VALUE', `--port must be a port number from 0 to 65535 (0 picks a free one), got "${text}".`);
  }
  return port;
}

/** Opens `url` in the desktop's browser; a missing opener is reported, never fatal. */
async function openBrowser(url: string, ctx: Context, style: Style): Promise<void> {
  // Loaded here, not at the top: this command lives in bin.js, and every start would pay for it.
  const { spawn } = await import('node:child_process');
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => ctx.stderr.write(`${style.dim(`Could not open a browser (${command}); open ${url} yourself.`)}\n`));
  child.unref();
}

/**
 * `choose-protocol demo`: the live demo server (dist/live-demos/server.js, loaded only here, so
 * the questionnaire and init never read it) serving the docs site and every demo on one port.
 * Runs until SIGINT or SIGTERM, then stops cleanly: every stream ended, exit 0.
 */
export default async function demo(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  // Ctrl-C here means "stop the server", a normal end (exit 0), not the cancel bin.ts reports for
  // other commands: this command takes the signals over first, before anything slow (loading the
  // bundle, starting the mounts), so a Ctrl-C at any moment of start-up stops it cleanly too.
  let stopRequested = false;
  let wake: (() => void) | undefined;
  const onSignal = (): void => {
    stopRequested = true;
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // bin.ts's handler goes only now that ours is in: removing the last SIGINT listener stops
  // Node's signal watcher, and a Ctrl-C already caught but not yet dispatched would be lost
  // with it (the demo then started anyway and ignored that Ctrl-C).
  for (const listener of process.listeners('SIGINT')) {
    if (listener !== onSignal) process.removeListener('SIGINT', listener);
  }
  const stopSignal = new Promise<void>((resolve) => (wake = resolve));

  const port = parsePort(args.flags.port);
  const host = typeof args.flags.host === 'string' ? args.flags.host : (ctx.env.HOST ?? '127.0.0.1');
  if (host === '') throw new UsageError('CP_INVALID_VALUE', '--host must not be empty.');

  const root = packageRoot();
  const bundle = join(root, 'dist', 'live-demos', 'server.js');
  if (!existsSync(bundle)) {
    throw new OperationError('CP_DEMO_FAILED', `The demo server is not built (${bundle} is missing): run npm run build.`);
  }
  const { pathToFileURL } = await import('node:url');
  const demos = (await import(pathToFileURL(bundle).href)) as DemoModule;
  if (stopRequested) return;
  let limits: Record<string, number>;
  try {
    limits = demos.limitsFromEnv(ctx.env);
  } catch (error) {
    if (error instanceof demos.ConfigError) throw new UsageError('CP_INVALID_VALUE', error.message);
    throw error;
  }
  const server = demos.createDemoServer({
    host,
    port,
    siteDir: join(root, 'site', 'dist'),
    assetsDir: join(root, 'dist', 'live-demos', 'assets'),
    limits,
  });

  let url: string;
  try {
    ({ url } = await server.start());
  } catch (error) {
    await server.stop();
    // Stopped while starting: whatever start() then failed on, the user asked it to end.
    if (stopRequested) return;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is in use (try --port 0 for a free one)` : code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine` : (error as Error).message;
    throw new OperationError('CP_DEMO_FAILED', `The demo server could not start: ${why}.`, { cause: error });
  }
  if (stopRequested) {
    // Ctrl-C came while it was starting: it stops before announcing a URL nobody will open.
    await server.stop();
    ctx.stdout.write('Stopped.\n');
    return;
  }
  const siteBuilt = existsSync(join(root, 'site', 'dist', 'index.html'));
  ctx.stdout.write(`Live demos: ${style.bold(url)}\n`);
  ctx.stdout.write(`${style.dim(siteBuilt ? `Each demo alone: ${url}demos/try/` : `The docs site is not built here; the demos are at ${url}demos/try/`)}\n`);
  ctx.stdout.write(`${style.dim('Ctrl-C stops it.')}\n`);
  if (args.flags.open === true) await openBrowser(url, ctx, style);

  await stopSignal;
  ctx.stdout.write('Stopping…\n');
  await server.stop();
  ctx.stdout.write('Stopped.\n');
}
