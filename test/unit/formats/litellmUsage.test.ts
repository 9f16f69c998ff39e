/** LiteLLM UI usage exports: daily, daily by model and daily by key, for teams, tags, organisations, customers and agents. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFormats } from '../../../src/core/ingest/formats';
import { matchHeader, recogniseHeader } from '../../../src/core/ingest/formats/recognise';
import { rows } from '../helpers/db';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-litellm-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

const counts = ['Requests', 'Successful Requests', 'Failed Requests', 'Total Tokens', 'Prompt Tokens', 'Completion Tokens'];
const cache = ['Cache Read Input Tokens', 'Cache Creation Input Tokens'];
const dailyHeader = (entity: string) => ['Date', entity, `${entity} ID`, 'Spend ($)', ...counts];
const teamDaily = [...dailyHeader('Team'), ...cache];
const modelsHeader = (entity: string) => ['Date', entity, `${entity} ID`, 'Model', 'Spend ($)', 'Requests', 'Successful', 'Failed', 'Total Tokens'];
const keysHeader = (entity: string) => ['Date', entity, `${entity} ID`, 'Key Alias', 'Key ID', 'Spend ($)', ...counts, ...cache];

/** Events with the dimensions this export fills, in time then key order. */
function litellmEvents() {
  return rows(h.db(), `
    SELECT strftime('%Y-%m-%d', e.ts / 1000, 'unixepoch') AS day, o.org_id, o.name AS org_name, e.project, u.user_id, u.email AS user_email,
           a.agent_id, m.name AS model, e.requests, e.input_tokens, e.cache_read_tokens, e.cache_write_tokens, e.output_tokens,
           e.cost_reported_usd, e.latency_ms, e.status, e.error_type
    FROM events e
    LEFT JOIN orgs o ON o.org_key = e.org_key
    LEFT JOIN users u ON u.user_key = e.user_key
    LEFT JOIN agents a ON a.agent_key = e.agent_key
    LEFT JOIN models m ON m.model_key = e.model_key
    ORDER BY e.ts, e.event_key`);
}

describe('LiteLLM daily team export', () => {
  // Spend as LiteLLM writes it (4 decimals, commas); Total = Prompt + Completion; prompt includes both caches
  const body = [
    ['2026-09-01', 'Platform\nTeam', 'team-1', '1,234.5000', 120, 118, 2, 50_000, 40_000, 10_000, 15_000, 5_000],
    ['2026-09-01', 'Research', 'team-2', '0.0125', 3, 3, 0, 1_500, 1_000, 500, '', ''],
    ['2026-09-02', 'Platform\nTeam', 'team-1', '12,345.6789', 1_000, 990, 10, 2_100_000, 2_000_000, 100_000, 1_200_000, 0],
  ];

  it('splits each day into successes and failures, converts prompt to uncached input, reads 1,234.5000 and says what it read', async () => {
    const summary = await h.load('team_usage_daily_2026-09-03.csv', csvText(teamDaily, body, { bom: true }));
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'litellm-team-daily', label: 'LiteLLM team usage export (daily)', bucket: 'day',
        notes: ['input included cache: converted', 'failed requests: an error row per day'],
      },
      rowsRead: 3, imported: 5, rejected: 0, firstEventAt: Date.UTC(2026, 8, 1), lastEventAt: Date.UTC(2026, 8, 2),
    });
    const events = litellmEvents();
    expect(events).toHaveLength(5);
    expect(events).toContainEqual({
      day: '2026-09-01', org_id: 'team-1', org_name: 'Platform\nTeam', project: null, user_id: null, user_email: null, agent_id: null, model: null,
      // 40 000 prompt − 15 000 read − 5 000 written
      requests: 118, input_tokens: 20_000, cache_read_tokens: 15_000, cache_write_tokens: 5_000, output_tokens: 10_000,
      cost_reported_usd: 1234.5, latency_ms: null, status: 'ok', error_type: null,
    });
    expect(events).toContainEqual({
      day: '2026-09-01', org_id: 'team-1', org_name: 'Platform\nTeam', project: null, user_id: null, user_email: null, agent_id: null, model: null,
      requests: 2, input_tokens: null, cache_read_tokens: null, cache_write_tokens: null, output_tokens: null,
      cost_reported_usd: null, latency_ms: null, status: 'error', error_type: 'failed',
    });
    // empty cache cells stay empty: the prompt is taken as it is
    expect(events).toContainEqual(expect.objectContaining({ org_id: 'team-2', requests: 3, input_tokens: 1_000, cache_read_tokens: null, cache_write_tokens: null, status: 'ok' }));
    expect(events.filter((event) => event.org_id === 'team-2')).toHaveLength(1);
    expect(h.totals()).toMatchObject({
      rows: 5,
      requests: 120 + 3 + 1_000,
      input_tokens: 20_000 + 1_000 + (2_000_000 - 1_200_000 - 0),
      output_tokens: 10_000 + 500 + 100_000,
      cache_read_tokens: 15_000 + 1_200_000,
      cache_write_tokens: 5_000 + 0,
    });
    expect(h.totals().cost_reported_usd).toBeCloseTo(1234.5 + 0.0125 + 12_345.6789, 6);
    const errors = rows(h.db(), "SELECT SUM(requests) AS n FROM events WHERE status = 'error'")[0];
    expect(errors).toEqual({ n: 2 + 10 });
  });

  it('the same file again is all duplicates; a newer export of a day replaces that day', async () => {
    await h.load('first.csv', csvText(teamDaily, body));
    expect(await h.load('first.csv', csvText(teamDaily, body))).toMatchObject({ imported: 0, updated: 0, duplicates: 5 });
    const later = [
      ['2026-09-02', 'Platform\nTeam', 'team-1', '13,000.0000', 1_100, 1_085, 15, 2_300_000, 2_200_000, 100_000, 1_300_000, 0],
      ['2026-09-03', 'Research', 'team-2', '1.0000', 1, 1, 0, 10, 8, 2, 0, 0],
    ];
    expect(await h.load('later.csv', csvText(teamDaily, later))).toMatchObject({ imported: 1, updated: 2, duplicates: 0 });
    expect(h.totals()).toMatchObject({ rows: 6, requests: 120 + 3 + 1_100 + 1, input_tokens: 20_000 + 1_000 + 900_000 + 8 });
  });

  it('a bad cell is a row error naming file, line and column', async () => {
    // the multi-line alias of the first record makes the second start on line 4
    const withAlias = [body[0]!, ['2026-09-02', 'Research', 'team-2', '1.234,50', 1, 1, 0, 10, 8, 2, 0, 0]];
    expect((await rejection(h.load('spend.csv', csvText(teamDaily, withAlias)))).message).toBe(
      'spend.csv:4: column "Spend ($)": expected an amount in dollars with , between thousands, got "1.234,50"',
    );
    const split = [['2026-09-01', 'Research', 'team-2', '0.0125', 10, 7, 2, 1_500, 1_000, 500, 0, 0]];
    expect((await rejection(h.load('split.csv', csvText(teamDaily, split)))).message).toBe(
      'split.csv:2: column "Requests": "Requests" is 10 but "Successful Requests" 7 + "Failed Requests" 2 = 9',
    );
    const total = [['2026-09-01', 'Research', 'team-2', '0.0125', 3, 3, 0, 1_500, 1_000, 400, 0, 0]];
    expect((await rejection(h.load('total.csv', csvText(teamDaily, total)))).message).toBe(
      'total.csv:2: column "Total Tokens": "Total Tokens" is 1500 but "Prompt Tokens" 1000 + "Completion Tokens" 400 = 1400',
    );
    const cacheTooBig = [['2026-09-01', 'Research', 'team-2', '0.0125', 3, 3, 0, 1_500, 1_000, 500, 900, 200]];
    expect((await rejection(h.load('cache.csv', csvText(teamDaily, cacheTooBig)))).message).toBe(
      'cache.csv:2: column "Prompt Tokens": "Prompt Tokens" (1000) includes "Cache Read Input Tokens" + "Cache Creation Input Tokens" (1100) for this source, so it cannot be smaller than them',
    );
    expect((await rejection(h.load('date.csv', csvText(teamDaily, [['09/01/2026', 'Research', 'team-2', '0.0125', 3, 3, 0, 1_500, 1_000, 500, 0, 0]])))).message).toBe(
      'date.csv:2: column "Date": expected an ISO 8601 timestamp or epoch, got "09/01/2026"',
    );
  });
});

describe('LiteLLM exports of other entities and views', () => {
  it('a tag export from before the cache columns (LF line ends): tag → project, prompt taken as it is', async () => {
    const summary = await h.load('tag.csv', csvText(dailyHeader('Tag'), [['2026-09-05', 'job:nightly', 'job:nightly', '2.5000', 4, 4, 0, 70, 50, 20]], { eol: '\n' }));
    expect(summary.recognisedAs).toMatchObject({ id: 'litellm-tag-daily', label: 'LiteLLM tag usage export (daily)' });
    expect(litellmEvents()).toEqual([
      expect.objectContaining({ day: '2026-09-05', project: 'job:nightly', org_id: null, requests: 4, input_tokens: 50, cache_read_tokens: null, output_tokens: 20, cost_reported_usd: 2.5 }),
    ]);
  });

  it('organisation → org, customer → user, agent → agent', async () => {
    await h.load('org.csv', csvText([...dailyHeader('Organization'), ...cache], [['2026-09-05', 'Acme', 'org-9', '1.0000', 1, 1, 0, 3, 2, 1, 0, 0]]));
    await h.load('customer.csv', csvText([...dailyHeader('Customer'), ...cache], [['2026-09-05', 'cust_42', 'cust_42', '1.0000', 1, 1, 0, 3, 2, 1, 0, 0]]));
    await h.load('agent.csv', csvText([...dailyHeader('Agent'), ...cache], [['2026-09-05', 'Support bot', 'agent-7', '1.0000', 1, 0, 1, 3, 2, 1, 0, 0]]));
    const events = litellmEvents();
    expect(events).toContainEqual(expect.objectContaining({ org_id: 'org-9', org_name: 'Acme', status: 'ok' }));
    expect(events).toContainEqual(expect.objectContaining({ user_id: 'cust_42', org_id: null, status: 'ok' }));
    // a day with only failures: the ok row keeps the tokens and spend with no requests
    expect(events).toContainEqual(expect.objectContaining({ agent_id: 'agent-7', requests: 0, input_tokens: 2, cost_reported_usd: 1, status: 'ok' }));
    expect(events).toContainEqual(expect.objectContaining({ agent_id: 'agent-7', requests: 1, input_tokens: null, status: 'error' }));
  });

  it('daily by model with the token columns: one event per model', async () => {
    const header = [...modelsHeader('Team'), 'Prompt Tokens', 'Completion Tokens', ...cache];
    const summary = await h.load('models.csv', csvText(header, [
      ['2026-09-01', 'Research', 'team-2', 'gpt-4o', '0.0100', 2, 2, 0, 1_200, 1_000, 200, 600, 0],
      ['2026-09-01', 'Research', 'team-2', 'claude-sonnet-4', '0.0025', 1, 1, 0, 300, 250, 50, 0, 100],
    ]));
    expect(summary.recognisedAs).toMatchObject({ id: 'litellm-team-daily-models', label: 'LiteLLM team usage export (daily by model)', bucket: 'day' });
    expect(litellmEvents().map((event) => [event.model, event.input_tokens, event.cache_read_tokens, event.cache_write_tokens])).toEqual(
      expect.arrayContaining([['gpt-4o', 1_000 - 600, 600, 0], ['claude-sonnet-4', 250 - 100, 0, 100]]),
    );
  });

  it('the older daily-by-model export (no token split) is refused: its rows repeat the whole day per model', async () => {
    const error = await rejection(h.load('legacy.csv', csvText(modelsHeader('Team'), [['2026-09-01', 'Research', 'team-2', 'gpt-4o', '0.0125', 3, 3, 0, 1_500]])));
    expect(error.message).toBe(
      'legacy.csv:2: column "Prompt Tokens": this older LiteLLM "daily with models" export repeats each team\'s whole-day figures on every model row, ' +
        'so its per-model numbers are not real; export the daily view instead (or daily with models from a LiteLLM version whose export has "Prompt Tokens")',
    );
  });

  it('daily by key from the proxy export endpoint: the key user fills the user, "-" is empty, flat cost is in the reported cost', async () => {
    const header = ['Date', 'Team', 'Team ID', 'Key Alias', 'Key ID', 'User ID', 'User Email', 'Spend ($)', 'Flat Cost ($)', 'Total Cost ($)', ...counts, ...cache];
    const summary = await h.load('keys.csv', csvText(header, [
      ['2026-09-01', 'Research', 'team-2', 'ci-key', 'hash-1', 'u-1', 'ana@example.com', '1.5000', '2.0000', '3.5000', 2, 2, 0, 30, 20, 10, 0, 0],
      ['2026-09-01', 'Research', 'team-2', '-', 'hash-2', '-', '-', '0.5000', '0.0000', '0.5000', 1, 1, 0, 3, 2, 1, 0, 0],
    ]));
    expect(summary.recognisedAs).toMatchObject({ id: 'litellm-team-daily-keys', label: 'LiteLLM team usage export (daily by API key)' });
    expect(litellmEvents()).toEqual(expect.arrayContaining([
      expect.objectContaining({ user_id: 'u-1', user_email: 'ana@example.com', cost_reported_usd: 3.5 }),
      expect.objectContaining({ user_id: null, user_email: null, cost_reported_usd: 0.5 }),
    ]));
  });
});

describe('LiteLLM headers are recognised as exactly one format', () => {
  const entities = ['Team', 'Tag', 'Organization', 'Customer', 'Agent'];
  const cases: [string[], string][] = entities.flatMap((entity): [string[], string][] => {
    const slug = entity.toLowerCase();
    return [
      [dailyHeader(entity), `litellm-${slug}-daily`],
      [[...dailyHeader(entity), ...cache], `litellm-${slug}-daily`],
      [['Date', entity, `${entity} ID`, 'Spend ($)', 'Flat Cost ($)', 'Total Cost ($)', ...counts, ...cache], `litellm-${slug}-daily`],
      [modelsHeader(entity), `litellm-${slug}-daily-models`],
      [[...modelsHeader(entity), 'Prompt Tokens', 'Completion Tokens', ...cache], `litellm-${slug}-daily-models`],
      [keysHeader(entity), `litellm-${slug}-daily-keys`],
    ];
  });

  it.each(cases)('%j is %s and no other format', (header, id) => {
    const recognition = recogniseHeader(sourceFormats, header, 'csv');
    expect(recognition.kind === 'format' ? recognition.format.id : recognition.kind).toBe(id);
    const exact = sourceFormats.filter((format) => {
      const match = matchHeader(format, header);
      return format.containers.includes('csv') && match.missing.length === 0 && match.unexpected.length === 0;
    });
    expect(exact.map((format) => format.id)).toEqual([id]);
  });
});
