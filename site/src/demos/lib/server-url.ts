/** Where the demo server is: `base` is its origin ("" for the page's own), as LiveDemo passes it. */
export function demoUrl(base: string, path: string): string {
  return new URL(`${base.replace(/\/+$/, '')}${path}`, location.href).href;
}

export function demoWsUrl(base: string, path: string): string {
  const url = new URL(demoUrl(base, path));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * A connection id: 128 random bits, sent with each connection (query `cid` or header
 * `x-demo-cid`) so that "Cut the connection" can name this page's connection and no other.
 */
export function newCid(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Asks the demo server to cut connection `cid` (a real, server-side close of its socket). */
export async function cutConnection(base: string, cid: string): Promise<boolean> {
  const response = await fetch(demoUrl(base, `/demos/cut/${cid}`), { method: 'POST' });
  return response.status === 204;
}

/** The demo server's typed refusal ({ error: { code, limit, message } }) as one sentence. */
export async function refusalText(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  const error = (body as { error?: { code?: unknown; message?: unknown; limit?: unknown } } | null)?.error;
  if (error && typeof error.message === 'string') {
    return `${response.status} ${typeof error.limit === 'string' ? `${error.limit}: ` : ''}${error.message}`;
  }
  return `HTTP ${response.status}`;
}

/** On pure static hosting there is no demo server: say how to start one instead of failing silently. */
export const NO_SERVER = 'No demo server answers here. Run `npx choose-protocol demo` and open the URL it prints.';

export async function serverIsUp(base: string): Promise<boolean> {
  try {
    const response = await fetch(demoUrl(base, '/demos/health'), { cache: 'no-store' });
    return response.ok;
  } catch {
    return false;
  }
}
