import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Nginx {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Debian's nginx in the foreground on an ephemeral loopback port, proxying to `upstreamPort`
 * with a stock `proxy_pass` and nothing SSE-specific: the starter's own headers
 * (X-Accel-Buffering: no) must be what keeps the stream flowing.
 */
export async function startNginx(upstreamPort: number, binary = process.env['NGINX'] ?? '/usr/sbin/nginx'): Promise<Nginx> {
  const port = await freePort();
  return runNginx(
    'sse-nginx-',
    port,
    async () => `
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
    }
  }`,
    binary,
  );
}

/**
 * Runs nginx in the foreground with everything it writes in a temporary folder, `http` holding
 * what `site(dir)` returns; ready once it answers on `port`, stopped with SIGQUIT (then SIGKILL).
 */
export async function runNginx(prefix: string, port: number, site: (dir: string) => Promise<string>, binary: string): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const conf = `
worker_processes 1;
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
${await site(dir)}
}
`;
  await writeFile(join(dir, 'nginx.conf'), conf);
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Ready when it answers.
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
    port,
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
