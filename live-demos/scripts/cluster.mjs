// @ts-check
/**
 * The demo server as a cluster: a redis-server, two demo servers (`choose-protocol demo`, built
 * in dist/) sharing the chat's rooms through it (REDIS_URL), and nginx in front of both. Prints
 * the URL, runs until Ctrl-C (SIGINT) or SIGTERM, then stops all four and exits 0.
 *
 *   npm run build && node live-demos/scripts/cluster.mjs [--port 4321]   (0 picks a free port)
 *   npm run demo:cluster                                                  (builds first)
 *
 * Needs Debian's redis-server and nginx (apt-get install redis-server nginx-light), or their
 * paths in REDIS_SERVER and NGINX. Everything listens on 127.0.0.1; temporary files go to one
 * folder under the system's temp dir, removed on exit. See live-demos/README.md, "Two instances".
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'dist/cli/bin.js');

/** @returns {Promise<number>} */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** @param {number} port @returns {Promise<boolean>} Redis answers PING. */
function pings(port) {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (/** @type {boolean} */ up) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/** @param {() => Promise<boolean>} ready @param {string} what @param {import('node:child_process').ChildProcess} child */
async function waitFor(ready, what, child) {
  const deadline = Date.now() + 20_000;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Each browser sticks to one demo server (a cookie nginx sets on its first answer), because the
 * race sessions, the ingest store, the SSE feed's history and "Cut the connection" live in one
 * process. The chat does not need it: its rooms span both servers through Redis, so two browsers
 * on different servers chat together. X-Demo-Upstream says which server answered.
 * @param {{ port: number, upstreams: number[], dir: string }} options
 */
function nginxConf({ port, upstreams, dir }) {
  return `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  # The sticky key: the browser's cookie, or a fresh random one (then sent as the cookie).
  map $cookie_demo_node $demo_node { '' $request_id; default $cookie_demo_node; }
  map $cookie_demo_node $demo_set_cookie { '' 'demo_node=$request_id; Path=/; SameSite=Lax; HttpOnly'; default ''; }
  # Behind nginx every client has its address (127.0.0.1): the per-address cap moves here.
  limit_conn_zone $binary_remote_addr zone=per_address:1m;

  upstream demos {
    hash $demo_node consistent;
${upstreams.map((upstream) => `    server 127.0.0.1:${upstream} max_fails=1 fail_timeout=5s;`).join('\n')}
  }

  server {
    listen 127.0.0.1:${port};
    limit_conn per_address 64;
    location / {
      proxy_pass http://demos;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # Streams (SSE, gRPC-Web, the LLM stream) go through as they are written.
      proxy_buffering off;
      proxy_request_buffering off;
      # The demo server cuts a stream after DEMO_MAX_CONNECTION_MS (15 min) itself.
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      add_header Set-Cookie $demo_set_cookie always;
      add_header X-Demo-Upstream $upstream_addr always;
    }
  }
}
`;
}

/** @param {string} flag */
function flagValue(flag) {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
  const rawPort = flagValue('--port') ?? '4321';
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65_535) throw new Error(`--port must be 0 to 65535, got "${rawPort}"`);
  const port = Number(rawPort) === 0 ? await freePort() : Number(rawPort);
  const redisPort = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'demo-cluster-'));
  /** @type {{ child: import('node:child_process').ChildProcess, signal: NodeJS.Signals, name: string }[]} */
  const children = [];
  let stopping = false;

  /** @param {number} code */
  async function stopAll(code) {
    if (stopping) return;
    stopping = true;
    // nginx first (no new requests), then the demo servers (they end their streams), Redis last.
    for (const { child, signal } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
    process.exit(code);
  }

  /** @param {string} name @param {string} command @param {string[]} args @param {NodeJS.Signals} signal @param {NodeJS.ProcessEnv} [env] */
  function run(name, command, args, signal, env = process.env) {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => {
      console.error(`demo cluster: cannot run ${command}: ${error.message}`);
      void stopAll(1);
    });
    child.on('exit', (code, sig) => {
      if (stopping) return;
      console.error(`demo cluster: ${name} exited (${code ?? sig}); stopping the rest.\n${output.trim()}`);
      void stopAll(1);
    });
    children.push({ child, signal, name });
    return { child, output: () => output };
  }

  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    const redis = run('redis-server', process.env['REDIS_SERVER'] ?? 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], 'SIGTERM');
    await waitFor(() => pings(redisPort), 'redis-server', redis.child);

    const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`].join(',');
    const demoEnv = {
      ...process.env,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      // The pages come from nginx's origin, not the demo servers' own.
      DEMO_PUBLIC_ORIGINS: origins,
      // Every client reaches the servers from nginx's address; nginx caps per address instead.
      DEMO_MAX_CONNECTIONS_PER_IP: process.env['DEMO_MAX_CONNECTIONS_PER_IP'] ?? process.env['DEMO_MAX_CLIENTS'] ?? '500',
      NO_COLOR: '1',
    };
    const upstreams = [];
    for (const name of ['demo-1', 'demo-2']) {
      const demo = run(name, process.execPath, [bin, 'demo', '--port', '0'], 'SIGINT', demoEnv);
      let url;
      await waitFor(async () => (url = /Live demos: (http:\/\/\S+\/)/.exec(demo.output())?.[1]) !== undefined, name, demo.child);
      upstreams.push(Number(new URL(String(url)).port));
    }

    await writeFile(join(dir, 'nginx.conf'), nginxConf({ port, upstreams, dir }));
    const nginxBinary = process.env['NGINX'] ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
    const nginx = run('nginx', nginxBinary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'nginx-error.log')], 'SIGQUIT');
    await waitFor(
      () => fetch(`http://127.0.0.1:${port}/demos/health`).then((res) => res.ok, () => false),
      'nginx',
      nginx.child,
    );
    console.log(`Demo cluster: http://127.0.0.1:${port}/`);
    console.log(`  nginx -> demo servers on ${upstreams.map((upstream) => `127.0.0.1:${upstream}`).join(' and ')}, chat rooms shared through redis://127.0.0.1:${redisPort}`);
    console.log('  Ctrl-C stops all of it.');
  } catch (error) {
    console.error(`demo cluster: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

await main();
