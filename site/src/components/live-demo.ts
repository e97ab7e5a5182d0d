/**
 * LiveDemo.astro's browser side. Asks the demo server whether it is there (GET /demos/health,
 * expecting { ok: true }); if so, loads the demo's client (src/demos/<name>.ts, a chunk of its
 * own, fetched only by pages that show it) and mounts it. Anything else (no server, an error
 * page, no client for this demo yet) shows how to start the demo server: never a silent blank.
 */

interface DemoModule {
  mount(root: HTMLElement, options: { base: string }): () => void;
}

// Lazy: each demo client becomes its own chunk, loaded only where its demo is on the page.
const clients = import.meta.glob<DemoModule>('../demos/*.ts');

const healthTimeoutMs = 3000;

async function demoServerIsUp(): Promise<boolean> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), healthTimeoutMs);
  try {
    const response = await fetch('/demos/health', { signal: abort.signal, cache: 'no-store' });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function showOffline(section: HTMLElement, reason: string): void {
  const status = section.querySelector<HTMLElement>('[data-live-demo-status]');
  const offline = section.querySelector<HTMLElement>('[data-live-demo-offline]');
  const link = section.querySelector<HTMLAnchorElement>('[data-live-demo-local-link]');
  if (link) {
    const local = new URL(location.pathname, 'http://127.0.0.1:4321');
    link.href = local.href;
    link.textContent = local.href;
  }
  if (status) status.textContent = reason;
  if (offline) offline.hidden = false;
}

async function mountOne(section: HTMLElement, serverUp: boolean): Promise<void> {
  const name = section.dataset['liveDemo'] ?? '';
  const root = section.querySelector<HTMLElement>('[data-live-demo-root]');
  if (!root) return;
  if (!serverUp) {
    showOffline(section, 'No demo server answered at /demos/health.');
    return;
  }
  const load = clients[`../demos/${name}.ts`];
  if (!load) {
    showOffline(section, `This build has no browser client for the "${name}" demo.`);
    return;
  }
  const fallback = [...root.childNodes];
  try {
    const client = await load();
    root.replaceChildren();
    const stop = client.mount(root, { base: '' });
    // Close sockets and streams when the page goes away (and is not kept in the bfcache).
    addEventListener('pagehide', (event) => {
      if (!event.persisted) stop();
    });
  } catch (error) {
    console.error(error);
    root.replaceChildren(...fallback);
    showOffline(section, `The "${name}" demo failed to start.`);
  }
}

export async function startLiveDemos(doc: Document): Promise<void> {
  const sections = [...doc.querySelectorAll<HTMLElement>('[data-live-demo]')];
  if (sections.length === 0) return;
  const up = await demoServerIsUp();
  await Promise.all(sections.map((section) => mountOne(section, up)));
}
