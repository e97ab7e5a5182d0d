/**
 * With --json, errors are JSON too: one object on stdout, `{ "error": { code, message, exitCode } }`
 * (schemas/error.schema.json), so a script reads one stream whatever happens. Decided from the
 * raw arguments, before parsing, because parsing itself can fail.
 */

export interface ErrorReport {
  error: { code: string; message: string; exitCode: number };
}

/** True when --json (or --json=<anything but false>) comes before any `--`. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--json' || (arg.startsWith('--json=') && arg !== '--json=false'));
}

export function errorJson(code: string, message: string, exitCode: number): string {
  const report: ErrorReport = { error: { code, message, exitCode } };
  return `${JSON.stringify(report, null, 2)}\n`;
}
