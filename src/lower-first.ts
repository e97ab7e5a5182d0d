/** "Browsers cannot…" -> "browsers cannot…", to continue a sentence; acronyms ("SSE", "gRPC") stay. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
