/** GitHub Copilot usage metrics NDJSON (users-1-day): one day per user, runs = interactions, credits, CLI/app tokens where given. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFormats } from '../../../src/core/ingest/formats';
import { matchHeader, recogniseHeader } from '../../../src/core/ingest/formats/recognise';
import { rows } from '../helpers/db';
import { formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-copilot-metrics-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

type Json = Record<string, unknown>;

function userDay(day: string, userId: number, login: string, interactions: unknown, extra: Json = {}): Json {
  return {
    day, enterprise_id: '1', user_id: userId, user_login: login, user_initiated_interaction_count: interactions,
    code_generation_activity_count: 3, code_acceptance_activity_count: 1, loc_added_sum: 8, loc_deleted_sum: 0,
    loc_suggested_to_add_sum: 10, loc_suggested_to_delete_sum: 0, used_agent: true, used_chat: false,
    totals_by_ide: [{ ide: 'vscode', user_initiated_interaction_count: interactions, last_known_plugin_version: { plugin: 'copilot\nchat', plugin_version: '' } }],
    totals_by_feature: [{ feature: 'code_completion', code_generation_activity_count: 3 }],
    totals_by_language_feature: [],
    ...extra,
  };
}

const tokenUsage = (prompt: unknown, output: unknown) => ({ prompt_count: 2, request_count: 2, session_count: 1, token_usage: { avg_tokens_per_request: 4400.0, output_tokens_sum: output, prompt_tokens_sum: prompt } });

const monaCli = userDay('2025-10-01', 1, 'mona', 7, { ai_credits_used: 12.5, totals_by_cli: { ...tokenUsage(3800, 5000), last_known_cli_version: { cli_version: '1.0.8' } } });
const hubotCliAndApp = userDay('2025-10-01', 2, 'hubot', 4, { ai_credits_used: 3, totals_by_cli: tokenUsage(1000, 200), totals_by_copilot_app: tokenUsage(5400, 4200) });
// an older row: completions only, no credits field, no CLI
const monaCompletions = userDay('2025-10-02', 1, 'mona', 0);
const lisaNulls = userDay('2025-10-02', 3, 'lisa', 2, { ai_credits_used: null, totals_by_cli: null });

const ndjson = (objects: Json[], options: { bom?: boolean; eol?: string } = {}) =>
  `${options.bom ? '\uFEFF' : ''}${objects.map((object) => JSON.stringify(object)).join(options.eol ?? '\n')}${options.eol ?? '\n'}`;

const creditsSum = () => rows(h.db(), 'SELECT SUM(credits) AS credits FROM events')[0]!.credits;

describe('GitHub Copilot usage metrics (users-1-day NDJSON)', () => {
  it('one event per user and day: runs = interactions, credits = ai_credits_used, CLI + app tokens, empty where not given', async () => {
    const text = ndjson([monaCli, hubotCliAndApp, monaCompletions, lisaNulls], { bom: true, eol: '\r\n' });
    const summary = await h.load('users-1-day.ndjson', text);
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'copilot-metrics', label: 'GitHub Copilot usage metrics report (per user and day)', bucket: 'day',
        notes: ['runs are user-initiated interactions', 'tokens only from the CLI and the Copilot app, no cache split'],
      },
      rowsRead: 4, imported: 4, rejected: 0, firstEventAt: Date.UTC(2025, 9, 1), lastEventAt: Date.UTC(2025, 9, 2),
    });
    const day = (ts: string) => ({
      source: 'copilot-metrics', ts, user_email: null, agent_id: null, model: null, provider: null, project: null, session_id: null,
      cache_read_tokens: null, cache_write_tokens: null, cache_write_5m_tokens: null, cache_write_1h_tokens: null, reasoning_tokens: null,
      cost_reported_usd: null, latency_ms: null, status: 'ok', error_type: null,
    });
    const byUserDay = Object.fromEntries(h.events().map((event) => [`${String(event.user_id)} ${String(event.ts).slice(0, 10)}`, event]));
    expect(byUserDay).toEqual({
      'mona 2025-10-01': { ...day('2025-10-01T00:00:00Z'), user_id: 'mona', requests: 7, credits: 12.5, input_tokens: 3800, output_tokens: 5000 },
      'hubot 2025-10-01': { ...day('2025-10-01T00:00:00Z'), user_id: 'hubot', requests: 4, credits: 3, input_tokens: 1000 + 5400, output_tokens: 200 + 4200 },
      'mona 2025-10-02': { ...day('2025-10-02T00:00:00Z'), user_id: 'mona', requests: 0, credits: null, input_tokens: null, output_tokens: null },
      'lisa 2025-10-02': { ...day('2025-10-02T00:00:00Z'), user_id: 'lisa', requests: 2, credits: null, input_tokens: null, output_tokens: null },
    });
    expect(rows(h.db(), 'SELECT DISTINCT o.org_id FROM events e JOIN orgs o ON o.org_key = e.org_key')).toEqual([{ org_id: '1' }]);
    // by hand: runs 7 + 4 + 0 + 2; input 3800 + 6400; output 5000 + 4400; credits 12.5 + 3
    expect(h.totals()).toMatchObject({ rows: 4, requests: 13, input_tokens: 10_200, output_tokens: 9400, cache_read_tokens: null, cost_reported_usd: null });
    expect(creditsSum()).toBe(15.5);

    expect(await h.load('users-1-day.ndjson', text)).toMatchObject({ imported: 0, updated: 0, duplicates: 4 });
  });

  it('a 28-day report (a JSON array here) replaces the days it repeats', async () => {
    await h.load('day.ndjson', ndjson([monaCli, hubotCliAndApp]));
    const range = { report_start_day: '2025-09-04', report_end_day: '2025-10-01' };
    const revised = { ...monaCli, ...range, user_initiated_interaction_count: 9 };
    const summary = await h.load('users-28-day.json', JSON.stringify([revised, { ...hubotCliAndApp, ...range }, { ...lisaNulls, ...range }]));
    expect(summary).toMatchObject({ format: 'json', recognisedAs: { id: 'copilot-metrics' }, imported: 1, updated: 1, duplicates: 1 });
    expect(h.totals()).toMatchObject({ rows: 3, requests: 9 + 4 + 2 });
  });

  it('a bad value is a row error naming file, line and the flattened key', async () => {
    const words = await rejection(h.load('words.ndjson', ndjson([monaCli, monaCompletions, userDay('2025-10-03', 1, 'mona', 'many')], { eol: '\r\n' })));
    expect(words.message).toBe('words.ndjson:3: column "user_initiated_interaction_count": expected a non-negative integer, got many');
    const fraction = await rejection(h.load('fraction.ndjson', ndjson([userDay('2025-10-03', 1, 'mona', 1, { totals_by_cli: tokenUsage(10.5, 1) })])));
    expect(fraction.message).toBe('fraction.ndjson:1: column "totals_by_cli.token_usage.prompt_tokens_sum": expected an integer, got fraction 10.5');
    const negative = await rejection(h.load('negative.ndjson', ndjson([userDay('2025-10-03', 1, 'mona', 1, { ai_credits_used: -1 })])));
    expect(negative.message).toBe('negative.ndjson:1: column "ai_credits_used": expected a non-negative number, got -1');
    const missing = { ...monaCli };
    delete missing.user_initiated_interaction_count;
    const absent = await rejection(h.load('absent.ndjson', ndjson([monaCli, missing])));
    expect(absent.message).toBe('absent.ndjson:2: column "user_initiated_interaction_count": required value is empty');
  });

  it('its keys are this format and no other; an object lacking user_login is refused as a near miss', async () => {
    const keys = ['day', 'enterprise_id', 'user_id', 'user_login', 'ai_credits_used', 'user_initiated_interaction_count', 'code_generation_activity_count',
      'code_acceptance_activity_count', 'totals_by_ide', 'totals_by_feature', 'totals_by_cli.token_usage.prompt_tokens_sum'];
    for (const container of ['json', 'jsonl'] as const) {
      expect(recogniseHeader(sourceFormats, keys, container)).toMatchObject({ kind: 'format', format: { id: 'copilot-metrics' } });
    }
    for (const other of sourceFormats.filter((format) => format.id !== 'copilot-metrics')) {
      expect(matchHeader(other, keys).score, other.id).toBeLessThan(0.6);
    }
    const anonymous = { ...monaCli };
    delete anonymous.user_login;
    const error = await rejection(h.load('anonymous.ndjson', ndjson([anonymous])));
    expect(error.message).toMatch(/^anonymous\.ndjson:1: the columns look like a GitHub Copilot usage metrics report \(per user and day\) but the header lacks "user_login";/);
  });
});
