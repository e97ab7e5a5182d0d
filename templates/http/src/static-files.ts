import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The browser client. A fixed list, so no request path ever reaches the file system. */
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
};

// src/ and dist/ both sit next to public/.
const PUBLIC_DIR = new URL('../public/', import.meta.url);

export const STATIC_PATHS: readonly string[] = Object.keys(FILES);

export function isStaticPath(path: string): boolean {
  return Object.hasOwn(FILES, path);
}

export async function serveStatic(_req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const entry = FILES[path];
  if (entry === undefined) throw new Error(`not a static path: ${path}`);
  const content = await readFile(new URL(entry.file, PUBLIC_DIR));
  res.writeHead(200, {
    'Content-Type': entry.type,
    'Content-Length': content.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(content);
}
