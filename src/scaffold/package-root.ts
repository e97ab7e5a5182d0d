import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the choose-protocol package, found by walking up from this module: the same
 * code runs from src/ (tests) and from a chunk of the bundle under dist/cli/ (the published CLI),
 * at different depths.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`choose-protocol's templates/ folder was not found above ${from}`);
    dir = parent;
  }
}
