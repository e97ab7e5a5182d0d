import { execFileSync } from 'node:child_process';
import { copyFile, readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedTarball, type Tarball } from '../helpers/packed.js';
import { makeTempDir, run } from './helpers.js';

describe('the packed package, run through npx (what `npx choose-protocol` does)', () => {
  let packed: Tarball;
  let tarball: string;

  // CI packs once and passes the tarball (CHOOSE_PROTOCOL_TARBALL); run alone, this packs the clone.
  beforeAll(() => {
    packed = packedTarball();
    tarball = packed.path;
  });
  afterAll(() => packed?.remove());

  it('ships what runs and nothing else', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('dist/cli/bin.js');
    expect(files).toContain('dist/THIRD-PARTY-LICENSES.md');
    expect(files.filter((f) => f.startsWith('schemas/')).sort()).toEqual(
      ['bench', 'compare', 'error', 'explain', 'init', 'recommend'].map((name) => `schemas/${name}.schema.json`),
    );
    expect(files).toContain('templates/websocket/package.json');
    expect(files).toContain('templates/websocket/_gitignore');
    expect(files).toContain('proto/stock.proto');
    expect(files.filter((f) => /(^|\/)(node_modules|test\/cli|test\/src)\//.test(f) || f.startsWith('templates/') && /\/dist\//.test(f))).toEqual([]);
    expect(files.some((f) => f.endsWith('.ts') && f.startsWith('src/'))).toBe(false);
  });

  it('installs nothing else: every dependency is in the bundle', () => {
    const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.bin).toEqual({ 'choose-protocol': 'dist/cli/bin.js' });
  });

  /** A folder holding only the tarball: `npx ./choose-protocol-<version>.tgz` is what a user types. */
  async function folderWithTarball() {
    const folder = await makeTempDir('npx');
    await copyFile(tarball, join(folder.path, basename(tarball)));
    return { ...folder, spec: `./${basename(tarball)}` };
  }

  it('answers --help from an empty folder', async () => {
    const empty = await folderWithTarball();
    try {
      const result = await run('npx', ['--yes', empty.spec, '--help'], empty.path);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain('choose-protocol');
      expect(result.output).toContain('Exit codes');
      expect(await readdir(empty.path)).toEqual([basename(tarball)]);
    } finally {
      await empty.remove();
    }
  });

  it('recommends as JSON and scaffolds a starter through npx', async () => {
    const empty = await folderWithTarball();
    try {
      const rec = await run('npx', ['--yes', empty.spec, 'recommend', '--direction', 'server-to-client', '--peer', 'browser', '--rate', '20', '--json'], empty.path);
      expect(rec.code, rec.output).toBe(0);
      expect(JSON.parse(rec.output.slice(rec.output.indexOf('{'))).recommendation.id).toBe('sse');
      const init = await run('npx', ['--yes', empty.spec, 'init', 'websocket', 'chat', '--json'], empty.path);
      expect(init.code, init.output).toBe(0);
      expect(await readdir(join(empty.path, 'chat'))).toContain('package.json');
    } finally {
      await empty.remove();
    }
  });
});
