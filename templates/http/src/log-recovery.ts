import type { FileHandle } from 'node:fs/promises';
import { forEachLine, parseCommit, recordId, type CommitLine } from './log-format.js';

export interface ScannedLog {
  /** Byte length of the log up to and including its last commit line. */
  committedEnd: number;
  /** Id of the last committed record (0 when none). */
  lastId: number;
  /** [id, offset] of every indexInterval-th committed record. */
  index: Array<[number, number]>;
}

/**
 * Reads the whole log once at startup. Everything up to the last valid commit line is kept;
 * what follows it was never acknowledged and is the caller's to truncate: a torn line,
 * records whose commit line never landed, or a whole last commit that a crash before its
 * fsync left with holes (the file system may persist its pages in any order, so its commit
 * line can survive while a page before it reads back as zeros).
 *
 * Each commit is fsync'd before the next one starts, so only the last can be torn that way.
 * Damage followed by two or more commit lines is not what a crash leaves behind: that throws
 * instead of guessing.
 */
export async function scanLog(
  reader: FileHandle,
  path: string,
  indexInterval: number,
  onCommit: (commit: CommitLine) => void,
): Promise<ScannedLog> {
  const fileSize = (await reader.stat()).size;
  const scanned: ScannedLog = { committedEnd: 0, lastId: 0, index: [] };
  let seenId = 0;
  let pendingIndex: Array<[number, number]> = [];
  let lineStart = 0;
  let damage: string | undefined;
  let commitsAfterDamage = 0;

  await forEachLine(reader, 0, fileSize, (line) => {
    const start = lineStart;
    lineStart = line.end;
    const id = recordId(line.text);
    if (damage !== undefined) {
      if (id === undefined && parseCommit(line.text) !== undefined && ++commitsAfterDamage > 1) {
        throw new Error(`${path}: ${damage}, followed by ${commitsAfterDamage} commits`);
      }
      return;
    }
    if (id !== undefined) {
      if (id !== seenId + 1) damage = `line ${line.no} has id ${id}, expected ${seenId + 1}`;
      else {
        seenId = id;
        if ((id - 1) % indexInterval === 0) pendingIndex.push([id, start]);
      }
      return;
    }
    const commit = parseCommit(line.text);
    if (commit === undefined || commit.lastId !== seenId) {
      damage = `line ${line.no} is neither a record nor a commit for id ${seenId}`;
      return;
    }
    scanned.committedEnd = line.end;
    scanned.lastId = seenId;
    for (const entry of pendingIndex) scanned.index.push(entry);
    pendingIndex = [];
    onCommit(commit);
  });
  return scanned;
}
