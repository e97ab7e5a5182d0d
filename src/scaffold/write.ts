import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { OperationError } from '../errors.js';
import { isContainedPath, type ScaffoldPlan } from './plan.js';

/**
 * Writes a plan into `target`. Each file lands whole or not at all (temp file + rename in the
 * same folder), nothing outside `target` is ever written, even through a symlinked folder, and
 * nothing is deleted. Everything that can be checked is checked before the first write, so a
 * refusal never comes half way; if a write still fails, the error lists what was written.
 */
export async function writePlan(target: string, plan: ScaffoldPlan): Promise<string[]> {
  for (const file of plan.files) {
    if (!isContainedPath(file.path)) {
      throw new OperationError('CP_UNSAFE_PATH', `Refusing to write "${file.path}": it is not a plain path inside ${target}. Nothing was written.`);
    }
  }
  let root: string;
  try {
    await mkdir(target, { recursive: true });
    root = await realpath(target);
  } catch (error) {
    throw new OperationError('CP_TARGET_UNUSABLE', `Cannot create or open ${target}: ${reason(error)}. Nothing was written.`, { cause: error });
  }
  await checkDestinations(root, target, plan);

  const written: string[] = [];
  for (const file of plan.files) {
    const destination = join(root, ...file.path.split('/'));
    const temp = join(dirname(destination), `.${randomBytes(6).toString('hex')}.choose-protocol.tmp`);
    try {
      await mkdir(dirname(destination), { recursive: true });
      // Checked again here: the tree may have changed since checkDestinations looked.
      if (!isInside(root, await realpath(dirname(destination)))) throw new Error('its folder now leads outside the target');
      await writeFile(temp, file.content, { mode: file.mode, flag: 'wx' });
      await chmod(temp, file.mode);
      await rename(temp, destination);
      written.push(file.path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      const done = written.length > 0 ? `Written before it failed: ${written.join(', ')}.` : 'Nothing was written.';
      throw new OperationError('CP_WRITE_FAILED', `Could not write ${file.path} in ${target}: ${reason(error)}. ${done}`, { cause: error });
    }
  }
  return written;
}

/**
 * Walks every folder and file the plan needs that already exists: a symlinked folder must stay
 * inside the target, a folder cannot be a file, a file cannot be a folder.
 */
async function checkDestinations(root: string, target: string, plan: ScaffoldPlan): Promise<void> {
  const seen = new Set<string>();
  for (const file of plan.files) {
    const parts = file.path.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const rel = parts.slice(0, depth).join('/');
      if (seen.has(rel)) continue;
      seen.add(rel);
      const info = await lstat(join(root, ...parts.slice(0, depth))).catch(() => undefined);
      if (!info) break;
      const isFile = depth === parts.length;
      if (info.isSymbolicLink()) {
        if (isFile) continue; // a symlinked file is replaced by the rename, never followed
        const resolved = await realpath(join(root, rel)).catch(() => undefined);
        if (!resolved || !isInside(root, resolved)) {
          throw new OperationError('CP_UNSAFE_PATH', `Refusing to write into "${rel}" in ${target}: it is a link that leads outside it (${resolved ?? 'nowhere'}). Nothing was written.`);
        }
      } else if (!isFile && !info.isDirectory()) {
        throw new OperationError('CP_WRITE_FAILED', `"${rel}" in ${target} is a file where the starter needs a folder. Nothing was written.`);
      } else if (isFile && info.isDirectory()) {
        throw new OperationError('CP_WRITE_FAILED', `"${rel}" in ${target} is a folder where the starter needs a file. Nothing was written.`);
      }
    }
  }
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code} (${e.message.replace(/^\w+: /, '').split(',')[0]})` : String(e.message ?? error);
}
