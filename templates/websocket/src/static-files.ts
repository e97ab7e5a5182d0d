import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';

// Serves the few files of public/ from memory. Only names found in that folder at first use
// are served, so no request path ever reaches the file system (no traversal to guard).

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

const HOST_PATTERN = /^[A-Za-z0-9.:[\]-]+$/;

function securityHeaders(req: IncomingMessage): Record<string, string> {
  // 'self' covers ws:/wss: on the same host only in CSP3 browsers; naming them keeps older
  // Safari able to open the socket. A Host header that is not a plain host:port is left out.
  const host = req.headers.host ?? '';
  const socket = HOST_PATTERN.test(host) ? ` ws://${host} wss://${host}` : '';
  return {
    // textContent-only rendering already prevents XSS; the CSP is the second line of defence.
    'Content-Security-Policy': `default-src 'self'; connect-src 'self'${socket}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

interface StaticFile {
  body: Buffer;
  type: string;
}

export interface StaticFiles {
  /** Answers GET/HEAD for `/` (index.html) and `/<file>`; false if there is no such file. */
  serve(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function createStaticFiles(dir: string): StaticFiles {
  let files: Promise<Map<string, StaticFile>> | undefined;

  async function load(): Promise<Map<string, StaticFile>> {
    const map = new Map<string, StaticFile>();
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const type = CONTENT_TYPES[extname(entry.name)];
      if (!entry.isFile() || type === undefined) continue;
      map.set(`/${entry.name}`, { body: await readFile(join(dir, entry.name)), type });
    }
    return map;
  }

  return {
    async serve(pathname, req, res) {
      files ??= load();
      const file = (await files).get(pathname === '/' ? '/index.html' : pathname);
      if (file === undefined) return false;
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Length': file.body.length,
        'Cache-Control': 'no-cache',
        ...securityHeaders(req),
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return true;
    },
  };
}
