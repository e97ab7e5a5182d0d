import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { UsageError } from '../errors.js';
import { templates, type Template, type TemplateId, type TemplateVariant } from '../templates.js';
import { parseIgnoreRules, type IgnoreTest } from './ignore-rules.js';
import { packageRoot } from './package-root.js';

/**
 * What a scaffold will write, computed before anything is written: the template's files, its
 * variant overlays, the shared folders it includes (proto/), with names and the project name
 * filled in. `--dry-run` prints this; the writer writes exactly this.
 */

export interface PlannedFile {
  /** POSIX path relative to the target directory. */
  path: string;
  content: Buffer;
  mode: number;
}

export interface ScaffoldPlan {
  template: Template;
  variants: readonly TemplateVariant[];
  name: string;
  files: PlannedFile[];
}

export interface PlanOptions {
  template: TemplateId;
  name: string;
  /** Variant flags, e.g. ['--web']. */
  variants?: readonly string[];
  /** The package folder holding templates/ (tests point it elsewhere). */
  root?: string;
}

/**
 * Never part of a project whatever a template's _gitignore says: installs, the lockfile (none is
 * shipped, like create-vite), OS litter, and the overlay README that is appended instead.
 */
const skipped = new Set(['node_modules', 'package-lock.json', '.DS_Store', 'README.web.md']);

/**
 * npm pack drops or rewrites some dotfiles (.gitignore becomes .npmignore), so templates store
 * them with a leading underscore and the copy puts the dot back.
 */
export const renamedFiles: Record<string, string> = { _gitignore: '.gitignore', _npmrc: '.npmrc' };

/** The files under `dir`, as paths in the project (`prefix` + relative path), minus the ignored. */
async function listFiles(dir: string, ignored: IgnoreTest, prefix = ''): Promise<{ path: string; abs: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: { path: string; abs: string }[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (skipped.has(entry.name)) continue;
    const abs = join(dir, entry.name);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    // Symlinks are never followed: a template is plain files (proto/ comes in through `include`).
    if (entry.isSymbolicLink() || ignored(outputPath(rel), entry.isDirectory())) continue;
    if (entry.isDirectory()) files.push(...(await listFiles(abs, ignored, rel)));
    else if (entry.isFile()) files.push({ path: rel, abs });
  }
  return files;
}

function outputPath(rel: string): string {
  const parts = rel.split('/');
  const base = parts.pop()!;
  return [...parts, renamedFiles[base] ?? base].join('/');
}

type Json = { [key: string]: unknown };

/** Merges an overlay's partial package.json into the base: objects key by key, the rest replaced. */
export function mergePackageJson(base: Json, overlay: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function planScaffold(options: PlanOptions): Promise<ScaffoldPlan> {
  const root = options.root ?? packageRoot();
  const template = templates[options.template];
  const variants = (options.variants ?? []).map((flag) => {
    const variant = template.variants.find((v) => v.flag === flag);
    if (!variant) {
      const accepted = template.variants.map((v) => v.flag);
      throw new UsageError(
        'CP_INVALID_VALUE',
        `${flag} does not apply to the ${template.id} template${accepted.length > 0 ? ` (it accepts ${accepted.join(', ')})` : ''}.`,
      );
    }
    return variant;
  });

  const baseDir = join(root, 'templates', template.folder);
  const ignored = parseIgnoreRules(await readFile(join(baseDir, '_gitignore'), 'utf8').catch(() => ''));
  const files = new Map<string, PlannedFile>();
  const add = async (dir: string, prefix = '') => {
    for (const file of await listFiles(dir, ignored, prefix)) {
      const info = await stat(file.abs);
      const path = outputPath(file.path);
      const content = await readFile(file.abs);
      if (path === 'package.json' && files.has(path)) {
        const base = JSON.parse(files.get(path)!.content.toString('utf8')) as Json;
        const merged = mergePackageJson(base, JSON.parse(content.toString('utf8')) as Json);
        files.set(path, { path, content: Buffer.from(`${JSON.stringify(merged, null, 2)}\n`), mode: info.mode & 0o777 });
      } else {
        files.set(path, { path, content, mode: info.mode & 0o777 });
      }
    }
  };

  await add(baseDir);
  for (const folder of template.include) await add(join(root, folder), folder);
  for (const variant of variants) {
    const overlayDir = join(root, 'templates', variant.overlay);
    await add(overlayDir);
    const readme = files.get('README.md');
    const extra = await readFile(join(overlayDir, 'README.web.md')).catch(() => undefined);
    if (readme && extra) {
      files.set('README.md', { ...readme, content: Buffer.concat([readme.content, Buffer.from('\n'), extra]) });
    }
  }

  personalise(files, options.name);
  return { template, variants, name: options.name, files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)) };
}

/** Puts the project's name in package.json and in the README's title. */
function personalise(files: Map<string, PlannedFile>, name: string): void {
  const pkg = files.get('package.json');
  if (pkg) {
    const json = JSON.parse(pkg.content.toString('utf8')) as Json;
    files.set('package.json', { ...pkg, content: Buffer.from(`${JSON.stringify({ ...json, name }, null, 2)}\n`) });
  }
  const readme = files.get('README.md');
  if (readme) {
    const text = readme.content.toString('utf8').replace(/^# .*$/m, `# ${name}`);
    files.set('README.md', { ...readme, content: Buffer.from(text) });
  }
}

/** The path as it must stay: relative, normalised, no way out of the target. */
export function isContainedPath(path: string): boolean {
  if (path === '' || posix.isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.includes('\\') || path.includes('\0')) return false;
  const normalised = posix.normalize(path);
  return normalised === path && !normalised.split('/').includes('..') && normalised !== '.';
}
