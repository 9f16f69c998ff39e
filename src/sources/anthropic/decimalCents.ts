/**
 * Exact sums and differences of the decimal-string amounts the Enterprise Analytics API writes
 * (fractional cents, e.g. "41280.000000"): as integers of 10⁻⁹ cent, so "0.1" + "0.2" is exactly "0.3".
 */
import { ValueError } from '../../core/values';

const scale = 9;
const pattern = /^(\d+)(?:\.(\d{1,9}))?$/;

export function parseNanoCents(raw: unknown): bigint {
  if (typeof raw !== 'string') throw new ValueError(`expected a decimal string of cents, got ${JSON.stringify(raw) ?? String(raw)}`);
  const match = pattern.exec(raw.trim());
  if (!match) throw new ValueError(`expected a decimal string of cents with at most ${scale} decimals, got "${raw}"`);
  const [, whole = '0', fraction = ''] = match;
  return BigInt(whole + fraction.padEnd(scale, '0'));
}

/** The decimal text of an amount in cents (no trailing zeros), for `parseUsd(…, { unit: 'cents' })`. */
export function formatNanoCents(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, -scale);
  const fraction = digits.slice(-scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
