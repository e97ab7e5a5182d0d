/** Quotes a path for a POSIX shell only when it needs it: cd "my app", not cd "my-app". */
export function shellQuote(value: string): string {
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}
