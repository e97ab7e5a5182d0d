import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Imports a starter's own `src/server.ts` at run time: the same factory the starter's users,
 * the demo server and the tests call. A computed path keeps the starters' sources (and the
 * gRPC starter's generated types) out of this package's type check; each module describes
 * the little of the factory it uses.
 */
export async function loadStarter<T>(root: string, template: string): Promise<T> {
  return (await import(pathToFileURL(join(root, 'templates', template, 'src', 'server.ts')).href)) as T;
}
