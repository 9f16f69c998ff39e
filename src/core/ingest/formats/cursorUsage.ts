/**
 * Cursor usage export (dashboard → Usage → Export CSV), one row per request, in three header generations:
 * v1 with "Cost" and "Cost to you", v2 adding "Kind" and "Max Mode", v3 adding "Cloud Agent ID",
 * "Automation ID" and sometimes "User", ending in "Cost" or in "Requests". Input columns are read per row
 * against "Total Tokens" (`cursorTokens.ts`).
 */
import type { UsdFormat } from '../../money';
import { parseText } from '../../values';
import { cursorTokenColumns, splitCursorTokens } from './cursorTokens';
import { amount, count, requiredCell, text, usd, utcTime, type FormatEvent, type SourceFormat, type SourceRow } from './format';

const money: UsdFormat = { unit: 'dollars', dollarSign: true, thousandsSeparators: true, zeroWords: ['Included', 'Free'] };

const tokenHeader = Object.values(cursorTokenColumns);

/** `Errored, No Charge` and `Aborted, Not Charged` are failed requests; `Included`, `Free`, `On-Demand` … are not. */
function outcome(kind: string | null): Pick<FormatEvent, 'status' | 'errorType'> {
  return kind !== null && /^(errored|aborted)\b/i.test(kind) ? { status: 'error', errorType: kind } : { status: 'ok', errorType: null };
}

function user(row: SourceRow): Pick<FormatEvent, 'userId' | 'userEmail'> {
  const value = text(row, 'User');
  return { userId: value, userEmail: value?.includes('@') ? value : null };
}

function toEvent(row: SourceRow, costColumn: string): FormatEvent {
  const c = cursorTokenColumns;
  return {
    ts: utcTime(row, 'Date'),
    bucket: 'event',
    model: requiredCell(row, 'Model', parseText),
    ...user(row),
    agentId: text(row, 'Automation ID'),
    sessionId: text(row, 'Cloud Agent ID'),
    costReportedUsd: usd(row, costColumn, money),
    credits: amount(row, 'Requests'),
    ...splitCursorTokens({
      withCacheWrite: count(row, c.withCacheWrite),
      withoutCacheWrite: count(row, c.withoutCacheWrite),
      cacheRead: count(row, c.cacheRead),
      output: count(row, c.output),
      total: count(row, c.total),
    }),
    ...outcome(text(row, 'Kind')),
  };
}

const inputNote = 'input columns read against Total Tokens';

export const cursorUsageV1: SourceFormat = {
  id: 'cursor-usage-v1',
  label: 'Cursor usage export (v1: Cost to you)',
  containers: ['csv'],
  required: ['Date', 'Model', ...tokenHeader, 'Cost', 'Cost to you'],
  semantics: { inputIncludesCacheRead: false, inputIncludesCacheWrite: false },
  notes: [inputNote, 'cost is "Cost to you"'],
  toEvent: (row) => toEvent(row, 'Cost to you'),
};

export const cursorUsageV2: SourceFormat = {
  id: 'cursor-usage-v2',
  label: 'Cursor usage export (v2: Kind, Max Mode)',
  containers: ['csv'],
  required: ['Date', 'Kind', 'Model', 'Max Mode', ...tokenHeader, 'Cost'],
  semantics: { inputIncludesCacheRead: false, inputIncludesCacheWrite: false },
  notes: [inputNote, 'errored and aborted requests count as errors'],
  toEvent: (row) => toEvent(row, 'Cost'),
};

export const cursorUsageV3: SourceFormat = {
  id: 'cursor-usage-v3',
  label: 'Cursor usage export (v3: Cloud Agent ID, Automation ID)',
  containers: ['csv'],
  required: ['Date', 'Cloud Agent ID', 'Automation ID', 'Kind', 'Model', 'Max Mode', ...tokenHeader],
  optional: ['User', 'Cost', 'Requests'],
  semantics: { inputIncludesCacheRead: false, inputIncludesCacheWrite: false },
  notes: [inputNote, 'errored and aborted requests count as errors', '"Requests" (where given) are kept as credits'],
  toEvent: (row) => toEvent(row, 'Cost'),
};
