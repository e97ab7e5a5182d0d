/**
 * The errors choose-protocol raises on purpose. Each carries a stable `code` (documented in the
 * README) so scripts can branch on it; the CLI maps the kind to an exit code in one place
 * (cli/run.ts). Anything that is not one of these is a bug and is reported as such.
 */

export type ErrorKind = 'usage' | 'failure' | 'cancelled';

export const errorCodes = {
  CP_UNKNOWN_COMMAND: 'The command is not one choose-protocol knows.',
  CP_UNKNOWN_FLAG: 'A flag is not accepted by the command.',
  CP_INVALID_VALUE: 'A flag or argument has a value outside the accepted ones.',
  CP_MISSING_ANSWERS: 'Answers are missing and there is no terminal to ask them on.',
  CP_MISSING_ARGUMENT: 'A required argument or flag value is missing.',
  CP_UNKNOWN_TEMPLATE: 'The template named is not one of the starters.',
  CP_INVALID_NAME: 'The package name is not a valid npm package name.',
  CP_TARGET_NOT_EMPTY: 'The target directory is not empty (files other than .git, LICENSE and editor folders).',
  CP_TARGET_UNUSABLE: 'The target cannot be used: not a directory, or no permission to create or read it.',
  CP_UNSAFE_PATH: 'A template file would be written outside the target directory.',
  CP_WRITE_FAILED: 'Writing the starter failed part way; the message lists what was written.',
  CP_INSTALL_FAILED: 'Installing dependencies in the new project failed.',
  CP_GIT_FAILED: 'Creating the git repository or its first commit failed.',
  CP_DEMO_FAILED: 'The demo server could not start (the port is in use, the address is not this machine\'s, or it is not built).',
  CP_BENCH_UNAVAILABLE: 'bench needs a clone of the repository after npm ci (its harness runs the starters\' TypeScript with tsx, a devDependency).',
  CP_BENCH_FAILED: 'A benchmark process failed (a server or client could not start, connect or report).',
  CP_REDIS_UNAVAILABLE: 'bench --redis needs redis-server installed (it starts one of its own on a free loopback port).',
  CP_CANCELLED: 'The user cancelled (Ctrl-C or "Cancel").',
  CP_INTERNAL: 'Unexpected: a bug in choose-protocol. With --json it is reported as JSON too; the stack goes to stderr.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class ChooseProtocolError extends Error {
  override readonly name: string = 'ChooseProtocolError';
  readonly code: ErrorCode;
  readonly kind: ErrorKind;

  constructor(code: ErrorCode, kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.kind = kind;
  }
}

/** Bad input from the user: a one-line message, exit 2, never a stack trace. */
export class UsageError extends ChooseProtocolError {
  override readonly name = 'UsageError';
  constructor(code: ErrorCode, message: string) {
    super(code, 'usage', message);
  }
}

/** The operation could not be completed (exit 1). */
export class OperationError extends ChooseProtocolError {
  override readonly name = 'OperationError';
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(code, 'failure', message, options);
  }
}

/** The user said stop. Not a failure: exit 130 and no stack trace. */
export class CancelledError extends ChooseProtocolError {
  override readonly name = 'CancelledError';
  constructor(message = 'Cancelled.') {
    super('CP_CANCELLED', 'cancelled', message);
  }
}

export function isChooseProtocolError(error: unknown): error is ChooseProtocolError {
  return error instanceof ChooseProtocolError;
}
