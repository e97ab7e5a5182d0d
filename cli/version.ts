import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's version, from the nearest package.json above this module that is ours: the
 * bundle puts this code in a chunk whose depth under dist/ is the bundler's choice. (JSON
 * imports warn on Node 20.)
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'choose-protocol') return pkg.version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`choose-protocol's package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
