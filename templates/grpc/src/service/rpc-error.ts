import { status, type ServerErrorResponse } from '@grpc/grpc-js';

export { status };

/** A gRPC error status, accepted by unary callbacks and by `call.emit('error', ...)`. */
export function rpcError(code: status, details: string): ServerErrorResponse {
  return Object.assign(new Error(details), { code, details });
}

/**
 * Ends a streaming call with an error status. grpc-js sends the status after any
 * messages already written (so a congested client sees its backlog first).
 */
export function failCall(call: NodeJS.EventEmitter, code: status, details: string): void {
  call.emit('error', rpcError(code, details));
}
