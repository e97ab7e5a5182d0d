import type { Socket } from 'node:net';

/**
 * Counts the write calls that reach the kernel side of a socket (one per writev/write): what
 * the corking tests hold to one per turn. Wraps the socket's own `_write`/`_writev`.
 */
export function countWrites(socket: Socket): () => number {
  let calls = 0;
  const internals = socket as unknown as Record<'_write' | '_writev', ((...args: unknown[]) => unknown) | undefined>;
  for (const name of ['_write', '_writev'] as const) {
    const original = internals[name];
    if (typeof original !== 'function') continue;
    internals[name] = function (this: unknown, ...args: unknown[]) {
      calls += 1;
      return original.apply(this, args);
    };
  }
  return () => calls;
}
