/** The demos a /demos/try/<name> page can mount, in the order the index lists them. */
export const DEMO_NAMES = ['chat', 'sse-feed', 'llm-stream', 'grpc-prices', 'ingest', 'race'] as const;
export type DemoName = (typeof DEMO_NAMES)[number];

const TITLES: Readonly<Record<DemoName, string>> = {
  chat: 'WebSocket chat with rooms',
  'sse-feed': 'SSE feed with Last-Event-ID resume',
  'llm-stream': 'LLM-style token stream (SSE over POST)',
  'grpc-prices': 'gRPC-Web and Connect prices',
  ingest: 'Streamed NDJSON ingest with Idempotency-Key',
  race: 'Race: WebSocket, SSE and gRPC-Web on one feed',
};

export function isDemoName(name: string): name is DemoName {
  return (DEMO_NAMES as readonly string[]).includes(name);
}

/**
 * A bare, accessible page that mounts one demo's browser module (the same module the docs site
 * embeds) from the demo server's own bundle, so the demos can be used and tested without the site.
 */
export function tryPage(name: DemoName): string {
  const title = TITLES[name];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · choose-protocol live demo</title>
<link rel="stylesheet" href="/demos/assets/demo.css">
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: var(--sl-color-bg, #fff); color: var(--sl-color-text, #1b1b1f); }
  main { max-width: 56rem; margin: 0 auto; padding: 1rem; }
  nav a { color: inherit; }
  @media (prefers-color-scheme: dark) { body { background: #17181c; color: #e6e6ea; } }
</style>
</head>
<body>
<main>
<nav aria-label="Demos"><a href="/demos/try/">All demos</a></nav>
<h1>${title}</h1>
<div id="demo"></div>
</main>
<script type="module">
import { mount } from '/demos/assets/${name}.js';
mount(document.getElementById('demo'), { base: '' });
</script>
</body>
</html>
`;
}

export function tryIndex(available: readonly string[]): string {
  const items = DEMO_NAMES.filter((name) => available.includes(name))
    .map((name) => `<li><a href="/demos/try/${name}">${TITLES[name]}</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>choose-protocol live demos</title></head>
<body><main><h1>choose-protocol live demos</h1><ul>
${items}
</ul></main></body>
</html>
`;
}
