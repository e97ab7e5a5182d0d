import { readFileSync } from 'node:fs';

/** The package's version, read from package.json next to dist/ (JSON imports warn on Node 20). */
export function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
