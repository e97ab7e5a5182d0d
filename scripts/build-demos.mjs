// @ts-check
/**
 * Builds the demo server for `choose-protocol demo` and `npm run demo`:
 *  - dist/live-demos/server.js: live-demos/src bundled with the starters' server code it mounts
 *    and every dependency (ws, @grpc/grpc-js, @connectrpc/*), so `npx` installs nothing;
 *  - dist/live-demos/assets/: the browser demos (site/src/demos/*.ts, one <name>.js each, shared
 *    code in chunks) and demo.css, served at /demos/assets/ for the /demos/try/<name> pages;
 *  - the .proto files the gRPC code loads at run time (stock, health, reflection).
 * Loaded lazily by the CLI, so the questionnaire and init never read it.
 *
 *   node scripts/build-demos.mjs
 */
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist/live-demos');
const grpcSrc = join(root, 'templates/grpc/src');
const grpcWebSrc = join(root, 'templates/grpc-web/src');


/**
 * A scaffolded `grpc --web` project is templates/grpc with templates/grpc-web laid over it, so
 * the gateway's `../server.js` means grpc's. Relative imports from grpc-web that have no file
 * there resolve in grpc (tsc does the same through rootDirs in live-demos/tsconfig.json).
 * @type {esbuild.Plugin}
 */
const grpcOverlay = {
  name: 'grpc-web-overlay',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(grpcWebSrc)) return undefined;
      const target = resolve(dirname(args.importer), args.path);
      const ts = target.replace(/\.js$/, '.ts');
      if (existsSync(ts) || existsSync(target)) return undefined;
      const alt = join(grpcSrc, relative(grpcWebSrc, target)).replace(/\.js$/, '.ts');
      return existsSync(alt) ? { path: alt } : undefined;
    });
  },
};

/**
 * CommonJS packages that find their .proto files from __dirname (grpc-health-check,
 * @grpc/reflection) would read an undefined variable in an ES module bundle: point it at a copy
 * of the package's folders under dist/live-demos/vendor/.
 * @type {esbuild.Plugin}
 */
const vendorDirname = {
  name: 'vendor-dirname',
  setup(build) {
    build.onLoad({ filter: /node_modules[\\/](grpc-health-check|@grpc[\\/]reflection)[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      // Relative to the nearest node_modules, not the root's: with templates/grpc installed, the
      // starter's imports resolve to its own node_modules copy, and a root-relative path led the
      // bundle to vendor/../templates/… (the demo could not find health.proto).
      const marker = `node_modules${sep}`;
      const rel = dirname(args.path.slice(args.path.lastIndexOf(marker) + marker.length)).split(sep).join('/');
      return { contents: source.replaceAll('__dirname', `__cpVendorDir(${JSON.stringify(rel)})`), loader: 'js' };
    });
  },
};

export async function buildDemos() {
  await import('./gen-demos.mjs');
  if (existsSync(out)) await rm(out, { recursive: true });
  const server = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { server: 'live-demos/src/index.ts' },
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    banner: {
      js: [
        "import { createRequire as __cpCreateRequire } from 'node:module';",
        "import { fileURLToPath as __cpFileURLToPath } from 'node:url';",
        'const require = __cpCreateRequire(import.meta.url);',
        "const __cpVendorDir = (dir) => __cpFileURLToPath(new URL('./vendor/' + dir, import.meta.url));",
      ].join('\n'),
    },
    plugins: [grpcOverlay, vendorDirname],
    // The websocket starter imports the Redis client only when REDIS_URL is set (the demo
    // cluster, run from a clone where it is a devDependency): kept out of the published bundle.
    external: ['redis'],
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'warning',
  });
  for (const dir of ['grpc-health-check/proto/health', '@grpc/reflection/build/proto/grpc']) {
    await cp(join(root, 'node_modules', dir), join(out, 'vendor', dir), { recursive: true });
  }
  // templates/grpc/src/proto.ts loads ../proto/stock.proto relative to the module: dist/proto/.
  await cp(join(root, 'templates/grpc/proto/stock.proto'), join(root, 'dist/proto/stock.proto'));

  const demosDir = join(root, 'site/src/demos');
  const names = (await readdir(demosDir)).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  const entries = Object.fromEntries(
    names.filter((file) => !file.startsWith('_')).map((file) => [file.replace(/\.ts$/, ''), join('site/src/demos', file)]),
  );
  const browser = await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: join(out, 'assets'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [grpcOverlay],
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  await cp(join(demosDir, 'demo.css'), join(out, 'assets/demo.css'));
  /** Both metafiles, so the caller can list the bundled packages' licences. */
  return [server.metafile, browser.metafile];
}

if (import.meta.url === `file://${process.argv[1]}`) await buildDemos();
