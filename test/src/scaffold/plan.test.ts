import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isContainedPath, mergePackageJson, planScaffold } from '../../../src/index.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { makeFixtureRoot } from './fixture.js';

const tempDir = useTempDirs();

describe('planning a scaffold', () => {
  it('copies the template\'s files, renames _gitignore and leaves out installs and build output', async () => {
    const root = await makeFixtureRoot(await tempDir());
    const plan = await planScaffold({ template: 'websocket', name: 'chat', root });
    expect(plan.files.map((f) => f.path)).toEqual(['.gitignore', 'package.json', 'README.md', 'src/server.ts']);
  });

  it('leaves out what the template\'s own _gitignore ignores: generated code, local data, secrets, logs', async () => {
    const root = await makeFixtureRoot(await tempDir());
    const extra: Record<string, string> = {
      _gitignore: 'node_modules/\ndist/\n# generated\nsrc/gen/\ndata/\ncoverage/\n*.log\n!keep.log\n.env\n',
      'src/gen/stock_pb.ts': 'generated\n',
      'data/records.log': 'a user record\n',
      'coverage/index.html': 'report\n',
      '.env': 'AUTH_TOKEN=secret\n',
      'server.log': 'log\n',
      'keep.log': 'kept on purpose\n',
      'src/data.ts': 'a file named like an ignored folder\n',
      'src/gen.ts': 'not under src/gen/\n',
      'test/dist/fixture.txt': 'dist/ matches at any depth\n',
    };
    for (const [path, content] of Object.entries(extra)) {
      await mkdir(dirname(join(root, 'templates/websocket', path)), { recursive: true });
      await writeFile(join(root, 'templates/websocket', path), content);
    }
    const plan = await planScaffold({ template: 'websocket', name: 'chat', root });
    expect(plan.files.map((f) => f.path)).toEqual(['.gitignore', 'keep.log', 'package.json', 'README.md', 'src/data.ts', 'src/gen.ts', 'src/server.ts']);
  });

  it('puts the project name in package.json and the README title', async () => {
    const root = await makeFixtureRoot(await tempDir());
    const plan = await planScaffold({ template: 'websocket', name: '@acme/chat', root });
    const pkg = JSON.parse(plan.files.find((f) => f.path === 'package.json')!.content.toString());
    expect(pkg).toEqual({ name: '@acme/chat', private: true, scripts: { start: 'node dist/main.js' } });
    expect(plan.files.find((f) => f.path === 'README.md')!.content.toString()).toBe('# @acme/chat\n\nA starter.\n');
  });

  it('copies the shared proto/ into gRPC projects instead of following the template\'s symlink', async () => {
    const root = await makeFixtureRoot(await tempDir());
    const plan = await planScaffold({ template: 'grpc', name: 'prices', root });
    expect(plan.files.map((f) => f.path)).toEqual(['package.json', 'proto/stock.proto', 'README.md', 'src/server.ts']);
  });

  it('lays the --web overlay over the base, merging package.json and appending the README', async () => {
    const root = await makeFixtureRoot(await tempDir());
    const plan = await planScaffold({ template: 'grpc', name: 'prices', variants: ['--web'], root });
    expect(plan.files.map((f) => f.path)).toContain('src/web/gateway.ts');
    const pkg = JSON.parse(plan.files.find((f) => f.path === 'package.json')!.content.toString());
    expect(pkg.scripts).toEqual({ test: 'vitest run', web: 'node dist/web.js' });
    expect(pkg.dependencies).toEqual({ '@grpc/grpc-js': '^1.14.0', '@connectrpc/connect': '^2.1.0' });
    expect(plan.files.find((f) => f.path === 'README.md')!.content.toString()).toBe('# prices\n\nBase.\n\n## Browser gateway\n');
  });

  it('refuses a variant flag the template does not have', async () => {
    const root = await makeFixtureRoot(await tempDir());
    await expect(planScaffold({ template: 'sse', name: 'feed', variants: ['--web'], root })).rejects.toMatchObject({
      code: 'CP_INVALID_VALUE',
      kind: 'usage',
    });
  });
});

describe('merging package.json', () => {
  it('merges objects key by key and replaces everything else', () => {
    expect(mergePackageJson({ a: { x: 1 }, b: [1], c: 'base' }, { a: { y: 2 }, b: [2], d: true })).toEqual({
      a: { x: 1, y: 2 },
      b: [2],
      c: 'base',
      d: true,
    });
  });
});

describe('path containment', () => {
  it.each(['src/a.ts', '.gitignore', 'a/b/c.txt'])('accepts %s', (path) => expect(isContainedPath(path)).toBe(true));
  it.each(['../evil', 'a/../../evil', '/etc/passwd', 'C:/x', 'a\\b', '', '.', 'a//b', './a'])('rejects %j', (path) =>
    expect(isContainedPath(path)).toBe(false),
  );
});
