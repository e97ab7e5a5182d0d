// @ts-check
/**
 * Builds the CLI the way create-vite ships, bundled by esbuild, with every dependency inside so
 * the published package installs nothing (their licences go to dist/THIRD-PARTY-LICENSES.md).
 * Type checking stays with `npm run typecheck`.
 *
 * A cold `npx choose-protocol` pays for every file Node reads and every byte it parses, so the
 * files are cut by hand rather than by esbuild's code splitting, whose shared chunks made
 * `recommend --json` read eight files and parse the whole catalogue:
 *  - dist/cli/bin.js: everything bin.ts imports statically (argument parsing, help, the error
 *    boundary), one file, all that --help reads;
 *  - one file per group of commands (`lazyBundles`), loaded by dynamic import when one runs; what
 *    they share with bin.js they import from it (one instance of the error classes and of the
 *    style), and each carries the rest of its code itself;
 *  - dist/cli/vendor/: chalk (when colour is on), the prompts (@inquirer/*) and string-width
 *    (when text is wider than plain), loaded only by the runs that need them.
 *
 *   node scripts/build.mjs [--watch]
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildDemos } from './build-demos.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist');
const cliOut = join(outdir, 'cli');

/** The files loaded by dynamic import, each a bundle of its own in dist/cli/. */
const lazyBundles = {
  'engine-commands': 'cli/engine-commands.ts',
  'catalogue-commands': 'cli/catalogue-commands.ts',
  init: 'cli/commands/init.ts',
  bench: 'cli/commands/bench.ts',
};

/** Packages loaded only when needed, each a file in dist/cli/vendor/ (string-width by require()). */
const vendorEsm = {
  chalk: 'chalk',
  'inquirer-select': '@inquirer/select',
  'inquirer-confirm': '@inquirer/confirm',
  'inquirer-checkbox': '@inquirer/checkbox',
  'inquirer-input': '@inquirer/input',
};
const vendorPaths = {
  ...Object.fromEntries(Object.entries(vendorEsm).map(([name, pkg]) => [pkg, `./vendor/${name}.js`])),
  'string-width': './vendor/string-width.cjs',
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Bundled CommonJS packages (validate-npm-package-name, parts of inquirer) call require(),
  // which an ES module lacks, and width.ts loads string-width with it: give each file one.
  banner: { js: "import { createRequire as __cpCreateRequire } from 'node:module';\nconst require = __cpCreateRequire(import.meta.url);" },
  legalComments: 'none',
  // Whitespace and syntax only: a bug's stack trace keeps our function names.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
};

const lazyFiles = new Map(Object.entries(lazyBundles).map(([name, file]) => [resolve(root, file), `./${name}.js`]));

/**
 * Modules of bin.js that a lazy bundle carries a copy of instead of importing them from bin.js:
 * pure data and functions (no state, no classes, nothing compared by identity), of which --help
 * needs only an id list or a number. Importing them from bin.js would make --help parse them all.
 */
const copyable = new Set(['src/catalogue/protocols.ts', 'src/templates.ts', 'src/decision/tree.ts', 'src/decision/answers.ts'].map((file) => resolve(root, file)));

/** How a lazy bundle's import of a module of bin.js reads before it is pointed at bin.js. */
const corePrefix = '__choose_protocol_core__:';

/**
 * Points imports at the files built separately: a lazily loaded bundle, a vendored package, or
 * (in a lazy bundle) a module bin.js already holds. All outputs sit side by side in dist/cli/.
 * @param {{ core?: Set<string>; self?: string }} [options]
 * @returns {import('esbuild').Plugin}
 */
function separateFiles({ core, self } = {}) {
  return {
    name: 'separate-files',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const vendored = vendorPaths[/** @type {keyof typeof vendorPaths} */ (args.path)];
        if (vendored) return { path: vendored, external: true };
        if (!args.path.startsWith('.')) return undefined;
        const file = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
        const lazy = lazyFiles.get(file);
        if (lazy && file !== self) return { path: lazy, external: true };
        if (core?.has(file) && !copyable.has(file)) return { path: `${corePrefix}${file}`, external: true };
        return undefined;
      });
    },
  };
}

/** `import{a,b as c}from"<corePrefix><file>"` in a lazy bundle's output. */
const coreImport = new RegExp(`import\\s*(\\{[^}]*\\}|\\*\\s*as\\s*\\w+|\\w+)?\\s*(?:from\\s*)?"${corePrefix}([^"]+)"`, 'g');

/**
 * Every bundle: bin.js, from bin.ts and everything it imports statically; then each lazy bundle,
 * which imports what it needs of those modules from bin.js (one instance of the error classes,
 * of the style and of everything else with state), so bin.js exports exactly those names.
 */
async function buildBundles() {
  // Which modules bin.js is made of.
  const probe = await esbuild.build({ ...common, entryPoints: ['cli/bin.ts'], write: false, outdir: cliOut, plugins: [separateFiles()] });
  const core = new Set(Object.keys(probe.metafile.inputs).filter((input) => !input.includes('node_modules/')).map((input) => resolve(root, input)));

  // The lazy bundles, in memory, with their imports of bin.js's modules still marked.
  /** @type {Map<string, Set<string>>} names each module of bin.js must export */
  const wanted = new Map();
  const lazy = [];
  for (const [name, file] of Object.entries(lazyBundles)) {
    const result = await esbuild.build({ ...common, entryPoints: { [name]: file }, outdir: cliOut, write: false, plugins: [separateFiles({ core, self: resolve(root, file) })] });
    const output = result.outputFiles[0];
    if (!output || result.outputFiles.length !== 1) throw new Error(`${file} should build to one file`);
    for (const [, bindings = '', module = ''] of output.text.matchAll(coreImport)) {
      if (!bindings.startsWith('{')) throw new Error(`${file} imports ${module} other than by name ("${bindings}"); bin.js can only share named exports`);
      const names = wanted.get(module) ?? new Set();
      for (const binding of bindings.slice(1, -1).split(',')) {
        const imported = binding.trim().split(/\s+as\s+/)[0];
        if (imported) names.add(imported);
      }
      wanted.set(module, names);
    }
    lazy.push({ name, output, metafile: result.metafile });
  }

  // bin.js: bin.ts, exporting what the lazy bundles import. One name from two modules would clash.
  const exported = new Map();
  const lines = [];
  for (const [module, names] of wanted) {
    for (const name of names) {
      if (name === 'default') throw new Error(`A lazy bundle imports the default export of ${module}; bin.js shares named exports only`);
      if (exported.has(name)) throw new Error(`bin.js would export "${name}" from both ${exported.get(name)} and ${module}: rename one`);
      exported.set(name, module);
    }
    lines.push(`export { ${[...names].join(', ')} } from ${JSON.stringify(module)};`);
  }
  lines.push(`import ${JSON.stringify(resolve(root, 'cli/bin.ts'))};`);
  const bin = await esbuild.build({
    ...common,
    stdin: { contents: lines.join('\n'), resolveDir: join(root, 'cli'), sourcefile: 'cli/bin-entry.js', loader: 'js' },
    outfile: join(cliOut, 'bin.js'),
    banner: { js: `#!/usr/bin/env node\n${common.banner?.js}` },
    plugins: [separateFiles()],
  });

  await mkdir(cliOut, { recursive: true });
  for (const { name, output } of lazy) {
    await writeFile(join(cliOut, `${name}.js`), output.text.replaceAll(new RegExp(`"${corePrefix}[^"]+"`, 'g'), '"./bin.js"'));
  }
  return [bin.metafile, ...lazy.map((l) => l.metafile)];
}

/**
 * The vendored packages: chalk as one file (a coloured run reads it alone), the prompts sharing
 * @inquirer/core in chunks among themselves, and string-width as CommonJS for require().
 */
async function buildVendor() {
  const entry = (/** @type {string} */ pkg) => fileURLToPath(import.meta.resolve(pkg));
  const chalk = await esbuild.build({ ...common, entryPoints: { 'vendor/chalk': entry('chalk') }, outdir: cliOut });
  const prompts = await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(vendorEsm).filter(([name]) => name !== 'chalk').map(([name, pkg]) => [`vendor/${name}`, entry(pkg)])),
    outdir: cliOut,
    splitting: true,
    chunkNames: 'vendor/[name]-[hash]',
  });
  const cjs = await esbuild.build({
    ...common,
    banner: {},
    format: 'cjs',
    entryPoints: [entry('string-width')],
    outfile: join(cliOut, 'vendor/string-width.cjs'),
  });
  return [chalk.metafile, prompts.metafile, cjs.metafile];
}

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

async function buildCli() {
  return [...(await buildBundles()), ...(await buildVendor())];
}

async function once() {
  if (existsSync(outdir)) await rm(outdir, { recursive: true });
  const cli = await buildCli();
  // The demo server and its browser demos: a separate bundle the `demo` command loads at run time.
  const demos = await buildDemos();
  await writeFile(join(outdir, 'THIRD-PARTY-LICENSES.md'), await thirdPartyLicenses(mergeMetafiles(...cli, ...demos)));
}

function mergeMetafiles(/** @type {import('esbuild').Metafile[]} */ ...metafiles) {
  return { inputs: Object.assign({}, ...metafiles.map((m) => m.inputs)), outputs: {} };
}

if (process.argv.includes('--watch')) {
  await once();
  // Several builds depend on one another (the lazy bundles on bin.js's exports), so a change
  // rebuilds the CLI's files as a whole; the demos are rebuilt by `npm run build`.
  const watcher = await esbuild.context({
    entryPoints: ['cli/**/*.ts', 'src/**/*.ts'],
    absWorkingDir: root,
    write: false,
    outdir: join(root, '.watch-unused'),
    logLevel: 'silent',
    plugins: [
      {
        name: 'rebuild-cli',
        setup(build) {
          build.onEnd(async () => {
            try {
              await buildCli();
              console.log('dist/cli rebuilt.');
            } catch (error) {
              console.error(error instanceof Error ? error.message : error);
            }
          });
        },
      },
    ],
  });
  await watcher.watch();
  console.log('Watching cli/ and src/; dist/cli is rebuilt on change.');
} else {
  await once();
}
