import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError } from '../errors.js';
import type { ScaffoldPlan } from './plan.js';

/** Entries that may sit in a target directory without making it "not empty". */
export const harmlessEntries = new Set(['.git', '.DS_Store', 'Thumbs.db', '.idea', '.vscode', 'LICENSE', 'LICENSE.md', 'LICENSE.txt']);

export interface Conflicts {
  /** Whether the directory exists already. */
  exists: boolean;
  /** Top-level entries that are not harmless. Empty means the target is free to use. */
  entries: string[];
  /** Planned files that already exist and would be written over with --force. */
  overwritten: string[];
}

export async function findConflicts(target: string, plan: ScaffoldPlan): Promise<Conflicts> {
  const unusable = (error: NodeJS.ErrnoException) =>
    new OperationError('CP_TARGET_UNUSABLE', `Cannot use ${target}: ${error.code ?? error.message}. Nothing was written.`, { cause: error });
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw unusable(error);
  });
  if (!info) return { exists: false, entries: [], overwritten: [] };
  if (!info.isDirectory()) {
    throw new OperationError('CP_TARGET_UNUSABLE', `${target} exists and is not a directory. Nothing was written.`);
  }
  const names = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    throw unusable(error);
  });
  const entries = names.filter((name) => !harmlessEntries.has(name)).sort();
  const overwritten: string[] = [];
  for (const file of plan.files) {
    if (await lstat(join(target, ...file.path.split('/'))).then(() => true, () => false)) overwritten.push(file.path);
  }
  // A harmless entry the starter would replace (say it ships a LICENSE) is a conflict after all.
  for (const path of overwritten) {
    const top = path.split('/')[0]!;
    if (!entries.includes(top)) entries.push(top);
  }
  return { exists: true, entries: entries.sort(), overwritten };
}

export function describeConflicts(target: string, conflicts: Conflicts): string {
  const shown = conflicts.entries.slice(0, 10).join(', ');
  const more = conflicts.entries.length > 10 ? ` and ${conflicts.entries.length - 10} more` : '';
  const over = conflicts.overwritten.length > 0 ? ` --force would write over: ${conflicts.overwritten.slice(0, 10).join(', ')}${conflicts.overwritten.length > 10 ? ', …' : ''}.` : ' --force would write over none of them.';
  return `${target} is not empty (${shown}${more}).${over} Choose another directory, or pass --force to write the starter's files over same-named ones (nothing else is touched).`;
}
