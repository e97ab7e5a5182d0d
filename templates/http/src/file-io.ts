import { open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { IO_CHUNK_BYTES } from './log-format.js';

/** Writes all of `data` (a single write may be partial); append-mode handles write at the end. */
export async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
    offset += bytesWritten;
  }
}

/** Collects text and writes it in large appends. */
export class AppendBuffer {
  readonly #handle: FileHandle;
  #chunks: string[] = [];
  #chunkBytes = 0;
  /** Bytes added so far, written or not. */
  bytes = 0;
  /** CRC-32 of everything written so far (one native call per write, not per line). */
  crc = 0;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  add(text: string): void {
    const length = Buffer.byteLength(text);
    this.#chunks.push(text);
    this.#chunkBytes += length;
    this.bytes += length;
  }

  async flushIfFull(): Promise<void> {
    if (this.#chunkBytes >= IO_CHUNK_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#chunks.length === 0) return;
    const data = Buffer.from(this.#chunks.join(''));
    this.#chunks = [];
    this.#chunkBytes = 0;
    this.crc = crc32(data, this.crc);
    await writeAll(this.#handle, data);
  }
}

/** Makes a newly created file's directory entry durable; not possible (or needed) on Windows. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM where a directory cannot be opened or synced.
  } finally {
    await handle?.close();
  }
}

/**
 * `mkdir(last, { recursive: true })` created `first` and every directory below it down to
 * `last`: makes each new entry durable in its parent, so a crash cannot lose the directory
 * (and every record later acknowledged in it).
 */
export async function syncCreatedDirectories(first: string, last: string): Promise<void> {
  const top = resolve(first);
  for (let dir = resolve(last); ; dir = dirname(dir)) {
    await syncDirectory(dirname(dir));
    if (dir === top || dirname(dir) === dir) return;
  }
}
