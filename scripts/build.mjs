// @ts-check
/**
 * Builds the CLI the way create-vite ships: bundled by esbuild into dist/cli/bin.js, so a cold
 * `npx choose-protocol --help` reads three files instead of dozens. What only some runs need
 * (each command, the prompts, init's scaffolder) sits in chunks loaded by dynamic import. Every
 * dependency is bundled, so the published package installs nothing; their licences go to
 * dist/THIRD-PARTY-LICENSES.md. Type checking stays with `npm run typecheck`.
 *
 *   node scripts/build.mjs [--watch]
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildDemos } from './build-demos.mjs';

const root = new URL('..', import.meta.url).pathname;
const outdir = join(root, 'dist');

/** @type {import('esbuild').BuildOptions} */
const options = {
  absWorkingDir: root,
  entryPoints: { 'cli/bin': 'cli/bin.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  chunkNames: 'cli/chunks/[name]-[hash]',
  // Bundled CommonJS packages (validate-npm-package-name, parts of inquirer) call require(),
  // which an ES module lacks: give each chunk one.
  banner: { js: "import { createRequire as __cpCreateRequire } from 'node:module';\nconst require = __cpCreateRequire(import.meta.url);" },
  legalComments: 'none',
  // Whitespace and syntax only: a bug's stack trace keeps our function names.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
};

/** The licence text of every package that ended up in the bundle, from esbuild's metafile. */
async function thirdPartyLicenses(/** @type {import('esbuild').Metafile} */ metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) dirs.add(match[1]);
  }
  const sections = [];
  for (const dir of [...dirs].sort()) {
    const pkg = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8'));
    const file = (await readdir(join(root, dir))).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = file ? (await readFile(join(root, dir, file), 'utf8')).trim() : `${pkg.license} (no licence file in the package)`;
    sections.push(`## ${pkg.name}@${pkg.version} (${pkg.license})\n\n\`\`\`\n${text}\n\`\`\``);
  }
  return `# Third-party licences\n\nchoose-protocol's bundle (dist/) includes these packages.\n\n${sections.join('\n\n')}\n`;
}

async function once() {
  if (existsSync(outdir)) await rm(outdir, { recursive: true });
  const result = await esbuild.build(options);
  // The demo server and its browser demos: a separate bundle the `demo` command loads at run time.
  const demos = await buildDemos();
  await writeFile(join(outdir, 'THIRD-PARTY-LICENSES.md'), await thirdPartyLicenses(mergeMetafiles(result.metafile, ...demos)));
}

function mergeMetafiles(/** @type {import('esbuild').Metafile[]} */ ...metafiles) {
  return { inputs: Object.assign({}, ...metafiles.map((m) => m.inputs)), outputs: {} };
}

if (process.argv.includes('--watch')) {
  if (existsSync(outdir)) await rm(outdir, { recursive: true });
  await buildDemos();
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('Watching cli/ and src/; dist/ is rebuilt on change.');
} else {
  await once();
}
