#!/usr/bin/env node
// The JavaScript each page of the built site (site/dist) ships: inline scripts plus every module
// its <script type="module" src> tags load, following static imports between chunks. Modules
// loaded only by dynamic import() (Starlight's search UI, fetched when the browser is idle; a
// demo's client) are counted apart as "on demand". Prints a Markdown table: `npm run report:site-js` after `npm run build:site` (`-- --json` for JSON).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// `--dist <dir>`: another build of the site (the site tests pass the installed package's).
const distArg = process.argv.indexOf('--dist');
const dist = distArg === -1 ? fileURLToPath(new URL('../dist/', import.meta.url)) : resolve(process.argv[distArg + 1] ?? '');
if (!existsSync(dist)) {
  console.error(`${dist} is missing: run \`npm run build:site\` first.`);
  process.exit(1);
}

function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '_astro' || entry.name === 'pagefind' ? [] : htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

const staticImport = /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;
const dynamicImport = /import\(\s*["']([^"']+\.js)["']\s*\)/g;

/** A module and everything it imports statically; dynamic imports are returned separately. */
function closure(entry, seen, lazy) {
  if (seen.has(entry) || !existsSync(entry)) return;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const [, spec] of code.matchAll(staticImport)) {
    if (spec.startsWith('.') || spec.startsWith('/')) closure(resolveSpec(entry, spec), seen, lazy);
  }
  for (const [, spec] of code.matchAll(dynamicImport)) {
    if (spec.startsWith('.') || spec.startsWith('/')) lazy.add(resolveSpec(entry, spec));
  }
}

function resolveSpec(from, spec) {
  return spec.startsWith('/') ? join(dist, spec) : resolve(dirname(from), spec);
}

/** Strings only our own component scripts contain (LiveDemo's and the Choose form's). */
const ownMarkers = ['/demos/health', 'data-choose-form'];
const ownModule = /\/(ChooseForm|LiveDemo)\.astro_/;

const kb = (n) => (n / 1024).toFixed(1);
const rows = [];
for (const file of htmlFiles(dist).sort()) {
  const html = readFileSync(file, 'utf8');
  const page = `/${relative(dist, file).split(sep).join('/').replace(/index\.html$/, '')}`;
  let inline = '';
  let ownInline = 0;
  const entries = [];
  const seen = new Set();
  const lazy = new Set();
  for (const [, attrs, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
    const src = /src="([^"]+)"/.exec(attrs)?.[1];
    if (src) {
      entries.push(join(dist, src));
      continue;
    }
    inline += body;
    // Small component scripts are inlined by Astro; ours are known by what they fetch or find.
    if (ownMarkers.some((marker) => body.includes(marker))) ownInline += Buffer.byteLength(body);
    for (const [, spec] of body.matchAll(dynamicImport)) lazy.add(join(dist, spec));
  }
  for (const entry of entries) closure(entry, seen, lazy);
  const modules = [...seen];
  const moduleCode = modules.map((m) => readFileSync(m));
  const moduleBytes = moduleCode.reduce((sum, b) => sum + b.length, 0);
  const all = Buffer.concat([Buffer.from(inline), ...moduleCode]);
  const ownModules = modules.filter((m) => ownModule.test(m));
  const own = ownInline + ownModules.reduce((sum, m) => sum + readFileSync(m).length, 0);
  const onDemand = [...lazy].filter((m) => !seen.has(m) && existsSync(m));
  const lazyBytes = onDemand.reduce((sum, m) => sum + readFileSync(m).length, 0);
  rows.push({ page, inline: Buffer.byteLength(inline), moduleBytes, total: all.length, gzip: gzipSync(all).length, own, lazyBytes, count: modules.length });
}

// --json: the same figures in bytes, one object per page, for the site tests.
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows.map(({ page, inline, moduleBytes, total, gzip, own, lazyBytes, count }) => ({ page, inline, moduleBytes, modules: count, total, gzip, own, onDemand: lazyBytes }))));
  process.exit(0);
}

console.log('| page | inline JS | module JS (files) | total | gzip | of it our own | loaded on demand |');
console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: |');
for (const r of rows) {
  console.log(
    `| \`${r.page}\` | ${kb(r.inline)} KB | ${kb(r.moduleBytes)} KB (${r.count}) | ${kb(r.total)} KB | ${kb(r.gzip)} KB | ${r.own ? `${kb(r.own)} KB` : '0'} | ${r.lazyBytes ? `${kb(r.lazyBytes)} KB` : '-'} |`,
  );
}
