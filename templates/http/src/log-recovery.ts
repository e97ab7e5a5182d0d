import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { forEachLine, MAX_LOG_LINE_BYTES, parseCommit, recordId, type CommitLine } from './log-format.js';

const NEWLINE = Buffer.from('\n');

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
 * what follows it, when no complete commit line is among it, was never acknowledged and is
 * the caller's to truncate: a torn line, or records whose commit line never landed.
 *
 * Damage followed by a commit line that parses is not cut, even in the last commit: that
 * commit may have been acknowledged (a flipped byte at rest looks the same), and cutting it
 * would also forget its idempotency answer, so a retry would store it twice. A crash before
 * the fsync can leave such a tail too (pages persist in any order); then the server refuses
 * to start and names the byte to cut at, so a person decides, not the recovery code.
 *
 * Each commit carries a CRC-32 of its record lines, so damage that keeps the structure (a
 * zeroed byte inside a value) is found here, not by a later read. A line longer than any the
 * store writes (a file system's zero-filled tail after a crash is one long line) is damage
 * too, not a reason to stop.
 *
 * Each commit is fsync'd before the next one starts, so only the last can be torn that way.
 * Damage followed by another whole commit is not what a crash leaves behind: that throws
 * instead of guessing (restore the file from a backup, or cut it by hand at the byte named).
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
  // CRC-32 of the record lines since the last commit line.
  let crc = 0;

  await forEachLine(
    reader,
    0,
    fileSize,
    (line) => {
      const start = lineStart;
      lineStart = line.end;
      const id = line.tooLong ? undefined : recordId(line.text);
      if (damage !== undefined) {
        if (id === undefined && parseCommit(line.text) !== undefined && ++commitsAfterDamage > 1) {
          throw new Error(`${path}: ${damage}, and later commits follow it (a crash tears only the last commit)`);
        }
        return;
      }
      if (line.tooLong) {
        damage = `line ${line.no} (byte ${start}) is longer than ${MAX_LOG_LINE_BYTES} bytes`;
        return;
      }
      if (id !== undefined) {
        if (id !== seenId + 1) damage = `line ${line.no} (byte ${start}) has id ${id}, expected ${seenId + 1}`;
        else {
          seenId = id;
          crc = crc32(NEWLINE, crc32(line.bytes ?? Buffer.from(line.text), crc));
          if ((id - 1) % indexInterval === 0) pendingIndex.push([id, start]);
        }
        return;
      }
      const commit = parseCommit(line.text);
      if (commit === undefined || commit.lastId !== seenId) {
        damage = `line ${line.no} (byte ${start}) is neither a record nor a commit for id ${seenId}`;
        return;
      }
      if (commit.crc !== undefined && commit.crc !== crc) {
        damage = `the commit of ids ${scanned.lastId + 1}-${seenId} (line ${line.no}) fails its checksum`;
        // Its own commit line is behind the damage already: any further commit throws, and
        // so does the end of the log (see below).
        commitsAfterDamage = 1;
        return;
      }
      crc = 0;
      scanned.committedEnd = line.end;
      scanned.lastId = seenId;
      for (const entry of pendingIndex) scanned.index.push(entry);
      pendingIndex = [];
      onCommit(commit);
    },
    { skipLongLines: true, keepBytes: true },
  );
  // A damaged last commit whose commit line landed whole may have been acknowledged (bit rot
  // at rest looks exactly like this): never cut it silently.
  if (damage !== undefined && commitsAfterDamage > 0) throw intactTail(path, damage, scanned.committedEnd);
  return scanned;
}

/** Damage inside a commit whose commit line is intact: refuse rather than cut. */
function intactTail(path: string, damage: string, committedEnd: number): Error {
  return new Error(
    `${path}: ${damage}, but its commit line is intact, so it may have been acknowledged: not cut ` +
      `automatically. Restore the file from a backup, or cut it by hand at byte ${committedEnd} to drop that commit`,
  );
}
