import { readdir, stat } from 'node:fs/promises';
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
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return { exists: false, entries: [], overwritten: [] };
  if (!info.isDirectory()) {
    throw new OperationError('CP_TARGET_NOT_EMPTY', `${target} exists and is not a directory.`);
  }
  const entries = (await readdir(target)).filter((name) => !harmlessEntries.has(name)).sort();
  const overwritten: string[] = [];
  for (const file of plan.files) {
    if (await stat(`${target}/${file.path}`).then(() => true, () => false)) overwritten.push(file.path);
  }
  return { exists: true, entries, overwritten };
}

export function describeConflicts(target: string, conflicts: Conflicts): string {
  const shown = conflicts.entries.slice(0, 10).join(', ');
  const more = conflicts.entries.length > 10 ? ` and ${conflicts.entries.length - 10} more` : '';
  const over = conflicts.overwritten.length > 0 ? ` --force would write over: ${conflicts.overwritten.slice(0, 10).join(', ')}${conflicts.overwritten.length > 10 ? ', …' : ''}.` : ' --force would write over none of them.';
  return `${target} is not empty (${shown}${more}).${over} Choose another directory, or pass --force to write the starter's files over same-named ones (nothing else is touched).`;
}
