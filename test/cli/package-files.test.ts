import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseIgnoreRules } from '../../src/scaffold/ignore-rules.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A maintainer who ran a starter's tests, generate or start leaves build output, generated code,
 * local data, logs and a .env in templates/. None of it may reach the published package: npm pack
 * (dry run, on a copy) must leave out everything each template's own _gitignore ignores.
 */
describe('the published package', () => {
  it('leaves out what each template ignores, even when a maintainer left it there', async () => {
    const copy = await tempDir();
    await cp(join(repo, 'package.json'), join(copy, 'package.json'));
    await cp(join(repo, 'templates'), join(copy, 'templates'), {
      recursive: true,
      filter: (source) => !source.includes('/node_modules'),
    });
    const litter = ['dist/main.js', 'src/gen/stock_pb.ts', 'data/records.log', 'coverage/index.html', '.env', 'server.log'];
    const templates = (await readdir(join(copy, 'templates'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    for (const template of templates) {
      for (const file of litter) {
        await mkdir(dirname(join(copy, 'templates', template, file)), { recursive: true });
        await writeFile(join(copy, 'templates', template, file), 'left behind\n');
      }
    }
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: copy, encoding: 'utf8' });
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as { files: { path: string }[] }[];
    const packed = info!.files.map((f) => f.path);
    expect(packed).toContain('templates/websocket/package.json');
    for (const template of templates) {
      const rules = await readFile(join(repo, 'templates', template, '_gitignore'), 'utf8').catch(() => '');
      const ignored = parseIgnoreRules(rules);
      const prefix = `templates/${template}/`;
      const shipped = packed.filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));
      const leaked = shipped.filter((path) => path.split('/').some((_, i, parts) => ignored(parts.slice(0, i + 1).join('/'), i < parts.length - 1)));
      expect(leaked, template).toEqual([]);
      for (const file of litter) expect(shipped, `${template} ${file}`).not.toContain(file);
    }
  }, 60_000);
});
