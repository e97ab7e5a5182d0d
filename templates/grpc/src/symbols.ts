/** A ticker symbol: 1 to 10 characters of A-Z and "." ("AAPL", "BRK.B"). */
export const SYMBOL_PATTERN = /^[A-Z.]{1,10}$/;

export function isValidSymbol(symbol: string): boolean {
  return SYMBOL_PATTERN.test(symbol);
}

/** Why a list of symbols was refused; the message names the bad input. */
export class SymbolsError extends Error {
  override name = 'SymbolsError';
}

/**
 * Checks a PriceRequest's symbols and returns them without duplicates, in request order.
 * Throws SymbolsError when there are none, more than `max`, or one is malformed.
 */
export function parseSymbols(symbols: readonly string[], max: number): string[] {
  if (symbols.length === 0) {
    throw new SymbolsError('symbols: at least one symbol is required');
  }
  const bad = symbols.findIndex((symbol) => !isValidSymbol(symbol));
  if (bad !== -1) {
    throw new SymbolsError(
      `symbols[${bad}]: ${JSON.stringify(symbols[bad])} is not a symbol (1-10 characters of A-Z and ".")`,
    );
  }
  const unique = [...new Set(symbols)];
  if (unique.length > max) {
    throw new SymbolsError(`symbols: ${unique.length} symbols requested, at most ${max} allowed`);
  }
  return unique;
}
