import type { BenchOptions } from '../options.js';
import { runBench } from '../run-bench.js';
import { sendNotice, serveRequests } from './child-protocol.js';

/**
 * The harness itself, started by `choose-protocol bench`: it runs here, under tsx, so that the
 * CLI's bundle carries none of it (histograms, clients, servers) and its install stays small.
 */
serveRequests({
  run(request) {
    return runBench(request.options as BenchOptions, {
      root: request.root as string,
      command: request.command as string,
      ...(request.live === true ? { progress: sendNotice } : {}),
    });
  },
  close() {
    setImmediate(() => process.exit(0));
    return null;
  },
});
