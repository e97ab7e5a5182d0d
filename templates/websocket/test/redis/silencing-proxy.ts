import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface SilencingProxy {
  readonly url: string;
  /**
   * From now on, the open connections whose client has sent text matching `sent` (e.g. the one
   * that sent SUBSCRIBE) forward nothing either way and are never closed: a half-open flow, as
   * behind a NAT or proxy that dropped just that one. Resolves to how many were silenced.
   */
  silence(sent: RegExp): number;
}

/** A loopback TCP proxy to a Redis on `targetPort` that can make chosen connections go silent. */
export async function startSilencingProxy(targetPort: number): Promise<SilencingProxy> {
  const pairs: { client: Socket; upstream: Socket; sent: string; silent: boolean }[] = [];
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, sent: '', silent: false };
    pairs.push(pair);
    client.on('data', (chunk: Buffer) => {
      // The first few KiB are enough to tell the connections apart by their commands.
      if (pair.sent.length < 4096) pair.sent += chunk.toString('latin1');
      if (!pair.silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.silent) client.write(chunk);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (!pair.silent) client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    silence(sent) {
      const chosen = pairs.filter((pair) => !pair.silent && !pair.client.destroyed && sent.test(pair.sent));
      for (const pair of chosen) pair.silent = true;
      return chosen.length;
    },
  };
}
