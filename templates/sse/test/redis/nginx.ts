import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.js';

const SHIPPED_CONF = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

export interface Nginx {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx in the foreground on a free loopback port, running the starter's own
 * deploy/nginx.conf with only its addresses replaced: what is tested is what users copy.
 */
export async function startShippedNginx(upstreams: readonly [number, number], binary = process.env['NGINX'] ?? '/usr/sbin/nginx'): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'sse-redis-nginx-'));
  const port = await freePort();
  const shipped = await readFile(SHIPPED_CONF, 'utf8');
  const site = shipped
    .replace('127.0.0.1:3001', `127.0.0.1:${upstreams[0]}`)
    .replace('127.0.0.1:3002', `127.0.0.1:${upstreams[1]}`)
    .replace('listen 8080;', `listen 127.0.0.1:${port};`);
  if (site === shipped || !site.includes(String(upstreams[1])) || !site.includes(`:${port};`)) throw new Error('deploy/nginx.conf no longer has the addresses this test replaces');
  await writeFile(join(dir, 'site.conf'), site);
  await writeFile(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`,
  );
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await (await fetch(`http://127.0.0.1:${port}/healthz`)).arrayBuffer();
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start (exit ${child.exitCode})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
