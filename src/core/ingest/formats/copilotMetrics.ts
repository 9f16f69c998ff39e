/**
 * GitHub Copilot usage metrics, per-user daily report (`users-1-day` / `users-28-day` NDJSON behind the
 * metrics API's download links): one row per user and day. Runs are the prompts the user sent
 * (`user_initiated_interaction_count`); `ai_credits_used` is kept as credits. Tokens exist only for the
 * CLI and the Copilot app (`totals_by_cli`, `totals_by_copilot_app`), summed when both are given, and
 * without a cache split; a day with neither has no token figures.
 */
import { parseCount, parseText } from '../../values';
import { amount, count, requiredCell, text, utcTime, type SourceFormat, type SourceRow } from './format';

const tokenSurfaces = ['totals_by_cli', 'totals_by_copilot_app'];

/** The sum over the surfaces that give the figure; null when none does. */
function surfaceSum(row: SourceRow, figure: string): number | null {
  let sum: number | null = null;
  for (const surface of tokenSurfaces) {
    const value = count(row, `${surface}.token_usage.${figure}`);
    if (value !== null) sum = (sum ?? 0) + value;
  }
  return sum;
}

export const copilotMetrics: SourceFormat = {
  id: 'copilot-metrics',
  label: 'GitHub Copilot usage metrics report (per user and day)',
  containers: ['json', 'jsonl'],
  required: ['day', 'user_id', 'user_login', 'user_initiated_interaction_count', 'code_generation_activity_count', 'code_acceptance_activity_count'],
  extraColumnsAllowed: true,
  // the report has no cache split: its prompt tokens are stored as input as they are
  semantics: { inputIncludesCacheRead: false, inputIncludesCacheWrite: false },
  notes: ['runs are user-initiated interactions', 'tokens only from the CLI and the Copilot app, no cache split'],
  keyColumns: ['day', 'user_id', 'enterprise_id'],
  toEvent(row) {
    return {
      ts: utcTime(row, 'day'),
      bucket: 'day',
      userId: requiredCell(row, 'user_login', parseText),
      orgId: text(row, 'enterprise_id'),
      requests: requiredCell(row, 'user_initiated_interaction_count', parseCount),
      credits: amount(row, 'ai_credits_used'),
      inputTokens: surfaceSum(row, 'prompt_tokens_sum'),
      outputTokens: surfaceSum(row, 'output_tokens_sum'),
    };
  },
};
