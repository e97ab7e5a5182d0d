// @ts-check
/**
 * Generates the code the grpc starters leave out of git (templates/<name>/src/gen/, ignored),
 * so the demo server, its bundle and the browser demos can import the starters' own modules:
 *  - templates/grpc/src/gen/grpc-js: proto-loader-gen-types' TypeScript types (type checking only);
 *  - templates/grpc-web/src/gen/es/stock_pb.ts: protoc-gen-es through buf, with the starter's own
 *    buf.gen.yaml, exactly what `npm run generate:es` makes in a scaffolded `--web` project.
 * Both tools come from node_modules/.bin; nothing is downloaded. Skips work already done.
 *
 *   node scripts/gen-demos.mjs [--force]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const proto = join(root, 'templates/grpc/proto/stock.proto');
const force = process.argv.includes('--force');

/** True when `file` exists and is newer than every input. */
function fresh(file, inputs) {
  if (force || !existsSync(file)) return false;
  const made = statSync(file).mtimeMs;
  return inputs.every((input) => statSync(input).mtimeMs <= made);
}

const grpcJsOut = join(root, 'templates/grpc/src/gen/grpc-js');
if (!fresh(join(grpcJsOut, 'stock.ts'), [proto])) {
  await rm(grpcJsOut, { recursive: true, force: true });
  // The flags of the grpc starter's own `generate:grpc-js` script.
  execFileSync(
    bin('proto-loader-gen-types'),
    ['--grpcLib=@grpc/grpc-js', '--longs=Number', '--enums=String', '--defaults', '--oneofs', '--includeComments',
      '--importFileExtension=.js', '-I', join(root, 'templates/grpc/proto'), '-O', grpcJsOut, 'stock.proto'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

const esOut = join(root, 'templates/grpc-web/src/gen/es');
const bufConfig = join(root, 'templates/grpc-web/buf.gen.yaml');
if (!fresh(join(esOut, 'stock_pb.ts'), [proto, bufConfig])) {
  // In a scaffolded --web project proto/ and buf.gen.yaml sit side by side; recreate that.
  const work = await mkdtemp(join(tmpdir(), 'cp-gen-'));
  try {
    await cp(join(root, 'templates/grpc/proto'), join(work, 'proto'), { recursive: true });
    await cp(bufConfig, join(work, 'buf.gen.yaml'));
    execFileSync(bin('buf'), ['generate'], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
    });
    await rm(esOut, { recursive: true, force: true });
    await cp(join(work, 'src/gen/es'), esOut, { recursive: true });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
