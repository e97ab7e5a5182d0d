import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/**
 * Serves a built static site (Astro's `dist/`): `/a/b` tries `a/b`, `a/b/index.html` and
 * `a/b.html`; nothing outside `root` is ever read (decoded `..` and NUL are refused first).
 * Returns false when no file matches, so the caller answers 404 (or the site's 404 page).
 */
export function createStaticFiles(root: string) {
  const base = resolve(root);

  async function find(pathname: string): Promise<string | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0') || decoded.split('/').includes('..')) return undefined;
    const target = resolve(join(base, decoded));
    if (target !== base && !target.startsWith(base + sep)) return undefined;
    for (const candidate of [target, join(target, 'index.html'), `${target}.html`]) {
      const info = await stat(candidate).catch(() => undefined);
      if (info?.isFile()) return candidate;
    }
    return undefined;
  }

  return {
    root: base,
    /** Serves `pathname` (GET/HEAD) with `status`; false when there is no such file. */
    async serve(req: IncomingMessage, res: ServerResponse, pathname: string, status = 200): Promise<boolean> {
      const file = await find(pathname);
      if (file === undefined) return false;
      const info = await stat(file);
      res.writeHead(status, {
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': String(info.size),
        'X-Content-Type-Options': 'nosniff',
        // Astro fingerprints what it puts under /_astro/; everything else may change between builds.
        'Cache-Control': pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      if (req.method === 'HEAD') {
        res.end();
        return true;
      }
      await new Promise<void>((done) => {
        const stream = createReadStream(file);
        stream.on('error', () => {
          res.destroy();
          done();
        });
        stream.on('end', () => done());
        stream.pipe(res);
      });
      return true;
    },
  };
}

export type StaticFiles = ReturnType<typeof createStaticFiles>;
