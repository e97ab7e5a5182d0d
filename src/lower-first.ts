/**
 * "Browsers cannot…" -> "browsers cannot…", "A public API…" -> "a public API…", to continue a
 * sentence; acronyms and names ("SSE", "gRPC", "A2A") stay.
 */
export function lowerFirst(text: string): string {
  return /^[A-Z](?:[a-z]|\s)/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
