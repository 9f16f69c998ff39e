/** parseUsd: reported USD in the forms exports write it; only what the format declares is accepted. */
import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../src/core/ingest/jsonValue';
import { parseUsd, type UsdFormat } from '../../src/core/money';
import { ValueError } from '../../src/core/values';

const dollars: UsdFormat = { unit: 'dollars' };
const cents: UsdFormat = { unit: 'cents' };
const litellm: UsdFormat = { unit: 'dollars', thousandsSeparators: true };
const cursor: UsdFormat = { unit: 'dollars', dollarSign: true, zeroWords: ['Included', 'Free'] };

describe('dollars', () => {
  it.each([
    ['12.5', 12.5],
    ['0.0000000000000123', 1.23e-14],
    [' 3 ', 3],
    ['.25', 0.25],
    ['1e-3', 0.001],
    ['0', 0],
  ])('%j → %d', (text, expected) => {
    expect(parseUsd(text, dollars)).toBe(expected);
  });

  it('empty cells are unknown (null), never 0', () => {
    expect(parseUsd('', dollars)).toBeNull();
    expect(parseUsd('  ', dollars)).toBeNull();
    expect(parseUsd(null, dollars)).toBeNull();
    expect(parseUsd(undefined, dollars)).toBeNull();
  });

  it('JSON numbers keep the digits they were written with', () => {
    expect(parseUsd(new JsonNumber('0.1'), dollars)).toBe(0.1);
    expect(parseUsd(2.75, dollars)).toBe(2.75);
  });

  it.each(['-1', '1,234.50', '$5', 'Free', 'Included', '1.2.3', 'abc', '0x10', 'NaN', 'Infinity', '12 USD'])('%j is a row error', (text) => {
    expect(() => parseUsd(text, dollars)).toThrow(ValueError);
  });

  it('names the value and what was expected', () => {
    expect(() => parseUsd('n/a', dollars)).toThrow('expected an amount in dollars, got "n/a"');
    expect(() => parseUsd(true, dollars)).toThrow('expected an amount in dollars, got true');
  });

  it('refuses amounts over 10^15 dollars and non-zero amounts a double rounds to 0', () => {
    expect(() => parseUsd('2e15', dollars)).toThrow(/larger than 10\^15/);
    expect(() => parseUsd('1e-400', dollars)).toThrow(/too small/);
  });
});

describe('cents', () => {
  it.each([
    ['1999', 19.99],
    ['1', 0.01],
    ['0.5', 0.005],
    ['12345678901234', 123456789012.34],
    ['2.5e2', 2.5],
    ['0', 0],
  ])('%j cents → %d dollars', (text, expected) => {
    expect(parseUsd(text, cents)).toBe(expected);
  });

  it('moves the decimal point instead of dividing, where dividing the double by 100 drifts', () => {
    // 0.07 / 100 is 0.0007000000000000001 in doubles
    expect(0.07 / 100).not.toBe(0.0007);
    expect(parseUsd('0.07', cents)).toBe(0.0007);
    expect(parseUsd('0.28', cents)).toBe(0.0028);
  });

  it('stays within 1e-9 relative of the exact decimal for every cent amount up to $1,000', () => {
    for (let amount = 0; amount <= 100_000; amount += 7) {
      const text = `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
      const parsed = parseUsd(String(amount), cents)!;
      expect(Math.abs(parsed - Number(text))).toBeLessThanOrEqual(Number(text) * 1e-9);
      expect(parsed).toBe(Number(text));
    }
  });

  it('is strict like dollars', () => {
    expect(() => parseUsd('-5', cents)).toThrow('expected an amount in cents, got "-5"');
    expect(() => parseUsd('1,000', cents)).toThrow(ValueError);
  });
});

describe('thousands separators (declared by a format)', () => {
  it.each([
    ['1,234.50', 1234.5],
    ['12,345,678.0001', 12345678.0001],
    ['999.99', 999.99],
    ['1234.5', 1234.5],
  ])('%j → %d', (text, expected) => {
    expect(parseUsd(text, litellm)).toBe(expected);
  });

  it.each(['1,23.4', '12,34', ',123', '1,234,5', '1.234,50', '1,,234'])('%j is not a grouped number', (text) => {
    expect(() => parseUsd(text, litellm)).toThrow('expected an amount in dollars with , between thousands');
  });
});

describe('Cursor: $ and the words for nothing billed (declared by a format)', () => {
  it('Included and Free are 0 billed, in any case', () => {
    expect(parseUsd('Included', cursor)).toBe(0);
    expect(parseUsd('Free', cursor)).toBe(0);
    expect(parseUsd(' free ', cursor)).toBe(0);
  });

  it('a leading $ is allowed', () => {
    expect(parseUsd('$0.01', cursor)).toBe(0.01);
    expect(parseUsd('0.12', cursor)).toBe(0.12);
  });

  it('other words are row errors naming the accepted forms', () => {
    expect(() => parseUsd('Errored, No Charge', cursor)).toThrow(
      'expected an amount in dollars optionally after $ or Included/Free, got "Errored, No Charge"',
    );
    expect(() => parseUsd('$', cursor)).toThrow(ValueError);
    expect(() => parseUsd('$$1', cursor)).toThrow(ValueError);
    expect(() => parseUsd('-$1', cursor)).toThrow(ValueError);
  });
});
