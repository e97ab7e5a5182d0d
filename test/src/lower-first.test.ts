import { describe, expect, it } from 'vitest';
import { departures } from '../../src/index.js';
import { lowerFirst } from '../../src/lower-first.js';

describe('lowerFirst', () => {
  it('continues a sentence with an ordinary first word, one-letter words included', () => {
    expect(lowerFirst('Browsers cannot open native gRPC streams.')).toBe('browsers cannot open native gRPC streams.');
    // "because A public API's clients …" read wrong in every public-* departure.
    expect(lowerFirst("A public API's clients are programs.")).toBe("a public API's clients are programs.");
  });

  it('keeps acronyms and names that start with capitals', () => {
    for (const text of ['SSE carries UTF-8 text only.', 'gRPC needs HTTP/2.', 'A2A streams over SSE.', 'MCP defines it.']) {
      expect(lowerFirst(text)).toBe(text);
    }
  });

  it("makes every departure's reason read as the rest of \"…, because …\"", () => {
    for (const rule of departures) {
      const rest = lowerFirst(rule.because);
      expect(rest, rule.id).toMatch(/^([a-z]|[A-Z][A-Z0-9]|gRPC)/);
    }
  });
});
