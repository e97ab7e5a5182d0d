import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/scaffold/package-root.js';

/**
 * The package's version, from our own package.json: found the way the scaffolder finds
 * templates/, since the bundle puts this code in a chunk whose depth under dist/ is the
 * bundler's choice. (JSON imports warn on Node 20.)
 */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
