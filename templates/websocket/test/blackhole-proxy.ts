import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface BlackholeProxy {
  readonly port: number;
  /**
   * From now on the connections open so far forward nothing either way and are never closed:
   * the peers see silence, as behind a NAT mapping that expired. New connections work.
   */
  silence(): void;
  /** Connections accepted so far. */
  readonly accepted: number;
}

/** A loopback TCP proxy to `targetPort` that can make its open connections go silent. */
export async function startBlackholeProxy(targetPort: number): Promise<BlackholeProxy> {
  const pairs: [Socket, Socket][] = [];
  let accepted = 0;
  const server = createServer((client) => {
    accepted += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    silence() {
      for (const [client, upstream] of pairs.splice(0)) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        // Held open, never read, never closed: silence, not a reset.
        onTestFinished(() => {
          client.destroy();
          upstream.destroy();
        });
      }
    },
  };
}
