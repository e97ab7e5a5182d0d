import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A slow network, made repeatable: a proxy in front of the demo server that sends each HTML page
 * in two parts, pausing before the given marker (Starlight's content pane), so Chromium paints
 * the part it has before the rest arrives, as it does on a slow link or a busy machine. A layout
 * that only holds once the whole page is parsed shifts here on every load, not in 2 loads of 7.
 * Everything else (scripts, styles, Pagefind's files) passes through whole. GET only: it stands in
 * front of the static site, where the live demos show their offline fallback.
 */
export interface PausedHtmlProxy {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  close(): Promise<void>;
}

export async function pausedHtmlProxy(upstream: string, options: { marker: string; pauseMs: number }): Promise<PausedHtmlProxy> {
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const response = await fetch(new URL(req.url ?? '/', upstream), { redirect: 'manual' });
      const type = response.headers.get('content-type') ?? 'application/octet-stream';
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { 'content-type': type, 'cache-control': 'no-store' });
      const cut = type.startsWith('text/html') ? body.indexOf(options.marker) : -1;
      if (cut <= 0) return void res.end(body);
      res.write(body.subarray(0, cut));
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.end(body.subarray(cut));
      }, options.pauseMs);
      timers.add(timer);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
