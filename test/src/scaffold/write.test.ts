import { mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConflicts, planScaffold, writePlan, type ScaffoldPlan } from '../../../src/index.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { makeFixtureRoot } from './fixture.js';

const tempDir = useTempDirs();

async function plan(): Promise<ScaffoldPlan> {
  return planScaffold({ template: 'websocket', name: 'chat', root: await makeFixtureRoot(await tempDir()) });
}

describe('writing a scaffold', () => {
  it('creates the target and writes every planned file', async () => {
    const target = join(await tempDir(), 'new', 'chat');
    const written = await writePlan(target, await plan());
    expect(written).toEqual(['.gitignore', 'package.json', 'README.md', 'src/server.ts']);
    expect(await readFile(join(target, '.gitignore'), 'utf8')).toBe('node_modules/\ndist/\n');
    expect((await readdir(target)).sort()).toEqual(['.gitignore', 'README.md', 'package.json', 'src']);
  });

  it('writes over same-named files and keeps every other file, .git included', async () => {
    const target = await tempDir();
    await mkdir(join(target, '.git'));
    await writeFile(join(target, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(target, 'notes.txt'), 'mine\n');
    await writeFile(join(target, 'README.md'), 'old readme\n');
    await writePlan(target, await plan());
    expect(await readFile(join(target, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(await readFile(join(target, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await readFile(join(target, 'README.md'), 'utf8')).toBe('# chat\n\nA starter.\n');
  });

  it('refuses a planned path that leads outside the target, before writing anything', async () => {
    const target = join(await tempDir(), 'out');
    const p = await plan();
    p.files.push({ path: '../escaped.txt', content: Buffer.from('x'), mode: 0o644 });
    await expect(writePlan(target, p)).rejects.toMatchObject({ code: 'CP_UNSAFE_PATH' });
    await expect(stat(target)).rejects.toThrow();
  });

  it('refuses to write through a folder that is a symlink out of the target, before writing anything', async () => {
    const target = await tempDir();
    const elsewhere = await tempDir();
    await symlink(elsewhere, join(target, 'src'));
    await expect(writePlan(target, await plan())).rejects.toMatchObject({ code: 'CP_UNSAFE_PATH', message: expect.stringMatching(/Nothing was written/) });
    expect(await readdir(elsewhere)).toEqual([]);
    expect(await readdir(target)).toEqual(['src']);
  });

  it('follows a symlinked folder that stays inside the target', async () => {
    const target = await tempDir();
    await mkdir(join(target, 'code'));
    await symlink(join(target, 'code'), join(target, 'src'));
    await writePlan(target, await plan());
    expect(await readdir(join(target, 'code'))).toEqual(['server.ts']);
  });

  it('refuses a file where the starter needs a folder, and a folder where it needs a file, before writing anything', async () => {
    const fileInTheWay = await tempDir();
    await writeFile(join(fileInTheWay, 'src'), 'a file, not a folder');
    await expect(writePlan(fileInTheWay, await plan())).rejects.toMatchObject({ code: 'CP_WRITE_FAILED', message: expect.stringMatching(/"src" .* is a file where the starter needs a folder\. Nothing was written\./) });
    expect(await readdir(fileInTheWay)).toEqual(['src']);

    const folderInTheWay = await tempDir();
    await mkdir(join(folderInTheWay, 'package.json'));
    await expect(writePlan(folderInTheWay, await plan())).rejects.toMatchObject({ code: 'CP_WRITE_FAILED', message: expect.stringMatching(/is a folder where the starter needs a file/) });
    expect(await readdir(folderInTheWay)).toEqual(['package.json']);
  });

  it('says what was written when a write fails midway, and leaves no temp files', async () => {
    const target = await tempDir();
    const p = await plan();
    // A name longer than the file system allows fails at the rename, after the first file.
    p.files = [
      { path: 'a.txt', content: Buffer.from('a'), mode: 0o644 },
      { path: `${'b'.repeat(300)}.txt`, content: Buffer.from('b'), mode: 0o644 },
      { path: 'c.txt', content: Buffer.from('c'), mode: 0o644 },
    ];
    const error = await writePlan(target, p).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CP_WRITE_FAILED', kind: 'failure' });
    expect((error as Error).message).toContain('Written before it failed: a.txt.');
    expect(await readdir(target)).toEqual(['a.txt']);
  });

  it('reports a target it cannot create as unusable, not as a crash', async () => {
    const parent = await tempDir();
    await writeFile(join(parent, 'f'), '');
    await expect(writePlan(join(parent, 'f', 'sub'), await plan())).rejects.toMatchObject({ code: 'CP_TARGET_UNUSABLE', kind: 'failure' });
  });
});

describe('finding conflicts', () => {
  it('treats a missing or empty target as free', async () => {
    const p = await plan();
    expect(await findConflicts(join(await tempDir(), 'nope'), p)).toEqual({ exists: false, entries: [], overwritten: [] });
    expect(await findConflicts(await tempDir(), p)).toEqual({ exists: true, entries: [], overwritten: [] });
  });

  it('does not count .git, editor folders, .DS_Store or LICENSE as conflicts', async () => {
    const target = await tempDir();
    for (const name of ['.git', '.idea', '.vscode']) await mkdir(join(target, name));
    for (const name of ['.DS_Store', 'LICENSE']) await writeFile(join(target, name), '');
    expect((await findConflicts(target, await plan())).entries).toEqual([]);
  });

  it('reports a target that is a file, or under one, as unusable', async () => {
    const parent = await tempDir();
    await writeFile(join(parent, 'f'), '');
    await expect(findConflicts(join(parent, 'f'), await plan())).rejects.toMatchObject({ code: 'CP_TARGET_UNUSABLE' });
    await expect(findConflicts(join(parent, 'f', 'sub'), await plan())).rejects.toMatchObject({ code: 'CP_TARGET_UNUSABLE' });
  });

  it('counts a harmless entry as a conflict when the starter would replace it', async () => {
    const target = await tempDir();
    await writeFile(join(target, 'LICENSE'), 'mine');
    const p = await plan();
    p.files.push({ path: 'LICENSE', content: Buffer.from('MIT'), mode: 0o644 });
    expect(await findConflicts(target, p)).toEqual({ exists: true, entries: ['LICENSE'], overwritten: ['LICENSE'] });
  });

  it('lists other entries and which planned files they would lose to --force', async () => {
    const target = await tempDir();
    await writeFile(join(target, 'package.json'), '{}');
    await writeFile(join(target, 'todo.md'), '');
    expect(await findConflicts(target, await plan())).toEqual({
      exists: true,
      entries: ['package.json', 'todo.md'],
      overwritten: ['package.json'],
    });
  });
});
