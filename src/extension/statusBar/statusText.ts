/** Status bar text and number formatting (pure; fixed en-US formatting so tests and screenshots are stable). */

export interface TodayFigures {
  /** null: today's sources give no request count (bill lines, token buckets) */
  runs: number | null;
  /** null: today's runs report no tokens */
  tokens: number | null;
  /** null: today's runs report no credits */
  credits: number | null;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** 950 → "950", 45_300 → "45.3K", 1_250_000 → "1.3M". */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** 1234 → "1,234" */
export function formatCount(value: number): string {
  return whole.format(value);
}

/** 7.254 → "7.25" */
export function formatDecimal(value: number): string {
  return decimal.format(value);
}

/** up to 6 decimals, e.g. credits in a tooltip: 12.345678 */
export function formatPrecise(value: number): string {
  return precise.format(value);
}

/** 0.0325 → "3.3%" */
export function formatPercent(ratio: number): string {
  return percent.format(ratio);
}

export const statusIcon = '$(pulse)';

/**
 * `$(pulse) 12 runs · 45.3K tokens · 7.25 credits`; each figure only when today's data reports it (an
 * unknown figure is left out rather than shown as 0; the tooltip says why).
 */
export function statusBarText(today: TodayFigures | undefined): string {
  if (!today) return `${statusIcon} Agent Usage`;
  const parts: string[] = [];
  if (today.runs !== null) parts.push(`${formatCompact(today.runs)} ${today.runs === 1 ? 'run' : 'runs'}`);
  if (today.tokens !== null) parts.push(`${formatCompact(today.tokens)} tokens`);
  if (today.credits !== null) parts.push(`${formatDecimal(today.credits)} credits`);
  return `${statusIcon} ${parts.length > 0 ? parts.join(' · ') : 'Agent Usage'}`;
}

const notReported = '— (not reported by today\'s runs)';
const runsNotCounted = '— (today\'s data gives no request counts)';

export function statusBarTooltip(today: TodayFigures | undefined, day: string, timeZone: string): string {
  if (!today) return 'Agent Usage: no usage data yet. Click to open the reports.';
  const lines = [
    `Agent usage today (${day}, ${timeZone})`,
    `Runs: ${today.runs === null ? runsNotCounted : formatCount(today.runs)}`,
    `Tokens (input + output): ${today.tokens === null ? notReported : formatCount(today.tokens)}`,
    `Credits: ${today.credits === null ? notReported : formatPrecise(today.credits)}`,
  ];
  lines.push('Click to open the reports.');
  return lines.join('\n');
}
