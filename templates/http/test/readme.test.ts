import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ERROR_CODES } from '../src/errors.js';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const packageJson = await readFile(new URL('../package.json', import.meta.url), 'utf8');

describe('README', () => {
  it('is titled with the package name (the scaffolder writes both)', () => {
    const { name } = JSON.parse(packageJson) as { name: string };
    expect(readme.split('\n')[0]).toBe(`# ${name}`);
  });

  it('documents every error code with its status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(readme).toMatch(new RegExp(`\\| ${status} \\| \`${code}\` \\|`));
    }
  });

  it('documents every environment variable the server reads', () => {
    const read = new Set<string>();
    loadConfig(new Proxy({}, { get: (_, name) => (typeof name === 'string' && read.add(name), undefined) }));
    expect(read.size).toBeGreaterThan(10);
    for (const name of read) expect(readme).toContain(`| \`${name}\` |`);
  });
});
