import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Compiles src/ to dist/ (what `npm start` runs) before any test spawns it. */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
