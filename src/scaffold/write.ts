import { randomBytes } from 'node:crypto';
import { chmod, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { OperationError } from '../errors.js';
import { isContainedPath, type ScaffoldPlan } from './plan.js';

/**
 * Writes a plan into `target`. Each file lands whole or not at all (temp file + rename in the
 * same folder), nothing outside `target` is ever written, even through a symlinked folder, and
 * nothing is deleted. If a write fails, the error lists what was written before it.
 */
export async function writePlan(target: string, plan: ScaffoldPlan): Promise<string[]> {
  for (const file of plan.files) {
    if (!isContainedPath(file.path)) {
      throw new OperationError('CP_UNSAFE_PATH', `Refusing to write "${file.path}": it is not a plain path inside ${target}.`);
    }
  }
  await mkdir(target, { recursive: true });
  const root = await realpath(target);
  const written: string[] = [];

  for (const file of plan.files) {
    const destination = join(root, ...file.path.split('/'));
    const temp = join(dirname(destination), `.${randomBytes(6).toString('hex')}.choose-protocol.tmp`);
    try {
      await mkdir(dirname(destination), { recursive: true });
      // A folder in the target may be a symlink to somewhere else: resolve before writing.
      const folder = await realpath(dirname(destination));
      if (folder !== root && !folder.startsWith(root + sep)) {
        throw new OperationError('CP_UNSAFE_PATH', `Refusing to write "${file.path}": its folder leads outside ${target} (${folder}).`);
      }
      await writeFile(temp, file.content, { mode: file.mode, flag: 'wx' });
      await chmod(temp, file.mode);
      await rename(temp, destination);
      written.push(file.path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      if (error instanceof OperationError) throw error;
      const done = written.length > 0 ? `Written before it failed: ${written.join(', ')}.` : 'Nothing was written.';
      throw new OperationError(
        'CP_WRITE_FAILED',
        `Could not write ${relative(process.cwd(), destination) || destination}: ${(error as Error).message}. ${done}`,
        { cause: error },
      );
    }
  }
  return written;
}
