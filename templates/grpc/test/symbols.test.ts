import { describe, expect, it } from 'vitest';
import { isValidSymbol, parseSymbols, SymbolsError } from '../src/symbols.js';

describe('symbols', () => {
  it.each(['A', 'AAPL', 'BRK.B', 'ABCDEFGHIJ'])('accepts %s', (symbol) => {
    expect(isValidSymbol(symbol)).toBe(true);
  });

  it.each(['', 'aapl', 'AAPL1', 'ABCDEFGHIJK', 'BRK-B', ' AAPL'])('rejects %j', (symbol) => {
    expect(isValidSymbol(symbol)).toBe(false);
  });

  it('drops duplicates and keeps the request order', () => {
    expect(parseSymbols(['MSFT', 'AAPL', 'MSFT'], 2)).toEqual(['MSFT', 'AAPL']);
  });

  it('names the first bad symbol by index', () => {
    expect(() => parseSymbols(['AAPL', 'GOOG', 'x'], 5)).toThrow(new SymbolsError('symbols[2]: "x" is not a symbol (1-10 characters of A-Z and ".")'));
  });
});
