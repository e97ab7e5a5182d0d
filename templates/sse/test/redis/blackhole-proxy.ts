import { connect, createServer, type Server, type Socket } from 'node:net';

export interface BlackholeProxy {
  readonly url: string;
  /** Connections accepted so far, in order (1 is the first). */
  readonly accepted: number;
  /**
   * From now on, connection `n` (1-based) neither forwards nor closes: what a half-open TCP
   * connection does (a NAT or firewall that dropped its state, a load balancer's silent idle
   * cut). Both ends keep the socket open and wait for replies that never come.
   */
  blackhole(n: number): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy in front of a Redis on `targetPort`, on a free port. */
export async function startBlackholeProxy(targetPort: number): Promise<BlackholeProxy> {
  const pairs: { client: Socket; upstream: Socket; dropped: boolean }[] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, dropped: false };
    pairs.push(pair);
    client.on('data', (chunk: Buffer) => {
      if (!pair.dropped) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.dropped) client.write(chunk);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (!pair.dropped) client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    get accepted() {
      return pairs.length;
    },
    blackhole(n) {
      const pair = pairs[n - 1];
      if (pair === undefined) throw new Error(`no connection ${n} yet (${pairs.length} accepted)`);
      pair.dropped = true;
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
