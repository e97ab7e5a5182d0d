import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNginx, type Nginx } from '../campaign/nginx.js';
import { freePort } from './redis-server.js';

export type { Nginx };

const SHIPPED_CONF = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

/**
 * Debian's nginx in the foreground on a free loopback port, running the starter's own
 * deploy/nginx.conf with only its addresses replaced: what is tested is what users copy.
 */
export async function startShippedNginx(upstreams: readonly [number, number], binary = process.env['NGINX'] ?? '/usr/sbin/nginx'): Promise<Nginx> {
  const port = await freePort();
  const shipped = await readFile(SHIPPED_CONF, 'utf8');
  const site = shipped
    .replace('127.0.0.1:3001', `127.0.0.1:${upstreams[0]}`)
    .replace('127.0.0.1:3002', `127.0.0.1:${upstreams[1]}`)
    .replace('listen 8080;', `listen 127.0.0.1:${port};`);
  if (site === shipped || !site.includes(String(upstreams[1])) || !site.includes(`:${port};`)) throw new Error('deploy/nginx.conf no longer has the addresses this test replaces');
  return runNginx(
    'sse-redis-nginx-',
    port,
    async (dir) => {
      await writeFile(join(dir, 'site.conf'), site);
      return `  include ${dir}/site.conf;`;
    },
    binary,
  );
}
