import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * The browser client: the top-level files of `dir`, served by exact name, so no request path
 * ever reaches the file system (no traversal). `/` is index.html. Files are read once, on first
 * request.
 */
export class StaticFiles {
  private readonly dir: string;
  private readonly names: ReadonlySet<string>;
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(dir: string) {
    this.dir = dir;
    this.names = new Set(listServable(dir));
  }

  /** The file name a request path maps to, or undefined if this path is not a public file. */
  resolve(pathname: string): string | undefined {
    const name = pathname === '/' ? 'index.html' : pathname.slice(1);
    return this.names.has(name) ? name : undefined;
  }

  async serve(res: ServerResponse, name: string): Promise<void> {
    let body = this.cache.get(name);
    if (body === undefined) {
      body = readFile(join(this.dir, name));
      this.cache.set(name, body);
      body.catch(() => this.cache.delete(name));
    }
    const bytes = await body;
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
      'Content-Length': bytes.length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // The page talks only to this origin; inline scripts and styles are not needed.
      'Content-Security-Policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
    });
    res.end(bytes);
  }
}

function listServable(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && extname(entry.name) in CONTENT_TYPES)
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
