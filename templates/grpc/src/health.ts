import type { ServerWritableStream, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { failCall, status } from './service/rpc-error.js';

/** Health Watch streams open at once, over all clients, unless createServer says otherwise. */
export const DEFAULT_MAX_HEALTH_WATCHES = 1_000;

/** The standard grpc.health.v1.Health service, as used by Kubernetes gRPC probes and grpc_health_probe. */
export interface Health {
  /** SERVING or NOT_SERVING for the whole server ("") and each named service. */
  setServing(serving: boolean): void;
  addToServer(server: { addService(definition: ServiceDefinition, handlers: UntypedServiceImplementation): void }): void;
  /** Ends open Watch streams with OK, after they have been told NOT_SERVING. */
  endWatches(): void;
}

/** The health proto, loaded so reflection can describe the health service too. */
export const healthPackageDefinition = protoLoader.loadSync(healthProtoPath, { keepCase: true });

type WatchCall = ServerWritableStream<{ service: string }, { status: string }>;

/**
 * `maxWatches`: the health service stays outside AUTH_TOKEN (probes carry no token), so without a
 * cap anyone could hold Watch streams by the thousand (about 17 KiB each). Beyond it a Watch is
 * refused with RESOURCE_EXHAUSTED; Check, what probes call, is never limited.
 */
export function createHealth(serviceNames: readonly string[], maxWatches = DEFAULT_MAX_HEALTH_WATCHES): Health {
  const names = ['', ...serviceNames];
  const implementation = new HealthImplementation(Object.fromEntries(names.map((name) => [name, 'NOT_SERVING'])));
  const known = new Set(names);
  const watches = new Set<WatchCall>();

  return {
    setServing(serving) {
      for (const name of names) implementation.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
    },
    addToServer(server) {
      // Wrap Watch to remember open streams: grpc-health-check never ends them itself,
      // and an open stream would hold tryShutdown() until the grace period runs out.
      implementation.addToServer({
        addService(definition, handlers) {
          const watch = handlers['watch'] as (call: WatchCall) => void;
          server.addService(definition, {
            ...handlers,
            watch(call: WatchCall) {
              // grpc-health-check keeps a map entry per watched name and never deletes it: any
              // client could grow memory without bound by watching made-up names. An unknown
              // name is told SERVICE_UNKNOWN and the stream ends (the spec keeps it open in
              // case the service appears; ours never do). Clients may watch again.
              if (!known.has(call.request.service)) {
                call.write({ status: 'SERVICE_UNKNOWN' });
                call.end();
                return;
              }
              if (watches.size >= maxWatches) {
                failCall(call, status.RESOURCE_EXHAUSTED, `too many health watches (${maxWatches} open); use Check, or retry later`);
                return;
              }
              watches.add(call);
              call.once('close', () => watches.delete(call));
              watch(call);
            },
          });
        },
      });
    },
    endWatches() {
      for (const call of watches) if (!call.writableEnded) call.end();
      watches.clear();
    },
  };
}
