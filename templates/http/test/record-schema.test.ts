import { describe, expect, it } from 'vitest';
import { validateRecord } from '../src/record-schema.js';

describe('validateRecord', () => {
  it('accepts a record with and without a timestamp', () => {
    expect(validateRecord({ type: 'temp', value: 21.5 })).toEqual({ ok: true, record: { type: 'temp', value: 21.5 } });
    expect(validateRecord({ type: 'temp', value: -1, ts: '2026-01-31T12:00:00.123+01:00' })).toEqual({
      ok: true,
      record: { type: 'temp', value: -1, ts: '2026-01-31T12:00:00.123+01:00' },
    });
  });

  it('accepts timestamps without seconds, with fractions, and on a leap day', () => {
    for (const ts of ['2026-01-31T12:00Z', '2026-01-31T12:00:00.123456789Z', '2024-02-29T00:00:00-05:30']) {
      expect(validateRecord({ type: 't', value: 1, ts }).ok).toBe(true);
    }
  });

  it.each([
    ['a non-object', 42, 'must be a JSON object'],
    ['an array', [], 'must be a JSON object'],
    ['null', null, 'must be a JSON object'],
    ['a missing type', { value: 1 }, '"type"'],
    ['an empty type', { type: '', value: 1 }, '"type"'],
    ['a type over 100 characters', { type: 'x'.repeat(101), value: 1 }, 'at most 100'],
    ['a string value', { type: 't', value: '1' }, '"value"'],
    ['an infinite value', { type: 't', value: Number.POSITIVE_INFINITY }, '"value"'],
    ['a timestamp without a zone', { type: 't', value: 1, ts: '2026-01-31T12:00:00' }, '"ts"'],
    ['a date-only timestamp', { type: 't', value: 1, ts: '2026-01-31' }, '"ts"'],
    ['an impossible timestamp', { type: 't', value: 1, ts: '2026-13-45T99:00:00Z' }, '"ts"'],
    ['a day the month does not have', { type: 't', value: 1, ts: '2026-02-30T00:00:00Z' }, '"ts"'],
    ['February 29 outside a leap year', { type: 't', value: 1, ts: '2026-02-29T00:00:00Z' }, '"ts"'],
    ['an hour past 23', { type: 't', value: 1, ts: '2026-01-31T24:00:00Z' }, '"ts"'],
    ['an unknown field', { type: 't', value: 1, extra: true }, 'unknown field "extra"'],
  ])('rejects %s', (_name, input, message) => {
    const result = validateRecord(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
