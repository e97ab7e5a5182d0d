import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.js';

export interface Nginx {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Replaces `from` exactly once, so a change to deploy/nginx.conf that breaks the test's edits fails loudly. */
function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`deploy/nginx.conf: expected "${from}" once, found it ${parts.length - 1} times`);
  return parts.join(to);
}

/**
 * The starter's own deploy/nginx.conf, run by Debian's nginx in the foreground with only the
 * addresses changed: a free loopback port instead of 8080, the given instances instead of
 * 8081/8082, pid, logs and temp files in a temporary folder.
 */
export async function startNginx(
  upstreams: [number, number],
  binary = process.env['NGINX'] ?? '/usr/sbin/nginx',
  listenPort?: number,
): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'ws-nginx-'));
  const port = listenPort ?? (await freePort());
  let conf = await readFile(fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url)), 'utf8');
  conf = replaceOnce(conf, 'server 127.0.0.1:8081 ', `server 127.0.0.1:${upstreams[0]} `);
  conf = replaceOnce(conf, 'server 127.0.0.1:8082 ', `server 127.0.0.1:${upstreams[1]} `);
  conf = replaceOnce(conf, 'listen 8080;', `listen 127.0.0.1:${port};`);
  conf = replaceOnce(conf, 'worker_processes auto;', `worker_processes 1;\ndaemon off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;`);
  conf = replaceOnce(
    conf,
    'http {\n',
    `http {\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n`,
  );
  const file = join(dir, 'nginx.conf');
  await writeFile(file, conf);
  const child = spawn(binary, ['-p', dir, '-c', file, '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(`${url}/healthz`);
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
        throw new Error(`nginx did not start (exit ${child.exitCode}): ${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    port,
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
