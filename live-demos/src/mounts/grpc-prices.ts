import { createServer, type StockServer } from '../../../templates/grpc/src/server.js';
import { createGateway, type Gateway } from '../../../templates/grpc-web/src/web/gateway.js';
import type { DemoMount } from '../mount.js';

/**
 * The grpc-prices demo: the grpc starter's StockService server on an internal loopback port
 * (port 0), and in front of it, under /demos/grpc, the starter's own gRPC-Web/Connect gateway
 * (`--web`), which serves GetPrice and StreamPrices from that server's price source, as the
 * starter's src/web/main.ts wires them. The gateway never listens; the demo server hands it
 * requests with the prefix taken off, since its routes are the bare RPC paths.
 */
export function createGrpcPricesMount(): DemoMount & { grpcAddress(): string | undefined } {
  let server: StockServer | undefined;
  let gateway: Gateway | undefined;
  let address: string | undefined;
  const prefix = '/demos/grpc';

  return {
    demos: ['grpc-prices'],
    prefix,
    grpcAddress: () => address,
    streamOf(req, path) {
      return req.method === 'POST' && path === '/stock.v1.StockService/StreamPrices' ? 'grpc-prices' : undefined;
    },
    handleRequest(req, res, path) {
      if (gateway === undefined) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('starting\n');
        return;
      }
      const query = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      req.url = `${path}${query}`;
      gateway.handler(req, res);
    },
    async start() {
      server = createServer({ host: '127.0.0.1', port: 0, shutdownGraceMs: 1_000 });
      address = (await server.start()).address;
      // staticDirs: none. The gateway's own page is not part of the demos.
      gateway = createGateway({ prices: server.service.prices, staticDirs: [], shutdownGraceMs: 1_000 });
    },
    async stop() {
      await gateway?.stop();
      await server?.stop();
    },
  };
}
