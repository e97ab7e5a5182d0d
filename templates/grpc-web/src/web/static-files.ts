import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the page's files live: public/ (hand-written) first, then dist/public/ (the
 * connect-web bundle that `npm run build:browser` makes with esbuild).
 */
export const STATIC_DIRS = [join(root, 'public'), join(root, 'dist', 'public')];

/** Serves GET/HEAD of a file from `dirs`; false when no file matched. */
export async function serveStatic(dirs: readonly string[], req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return false;
  }
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  if (relative.split(sep).includes('..')) return false;
  for (const dir of dirs) {
    const file = join(dir, relative);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    // pipeline, not pipe: a browser that goes away mid-download must not leave the file open.
    else pipeline(createReadStream(file), res, () => undefined);
    return true;
  }
  return false;
}
