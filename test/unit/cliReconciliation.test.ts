/**
 * `agent-usage report reconciliation` end to end (dist/cli.js): an OpenAI cost export (the bill) next to
 * local rows (our columns), prices from --price-overrides so the estimate is computed by hand here.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiCostHeader } from './formats/consoleExportHeaders';
import { tempDir } from './helpers/db';

const cli = join(process.cwd(), 'dist', 'cli.js');
const tmp = tempDir('aur-cli-reconciliation-');
afterAll(() => tmp.remove());

const nov10 = Date.UTC(2026, 10, 10) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', '+00:00');
const costLine = (amount: string, lineItem: string) =>
  [nov10, nov10 + 86_400, iso(nov10), iso(nov10 + 86_400), amount, 'usd', `"${lineItem}"`, 'proj-1', 'org-1', 'Personal'].join(',');
const bill = tmp.file(
  'cost.csv',
  [openaiCostHeader.join(','), costLine('0.5', 'gpt-4o, input'), costLine('0.25', 'gpt-4o, output'), costLine('0.1', 'web search tool calls')].join('\n'),
);
const local = tmp.file('local.csv', ['event_id,ts,model,provider,input_tokens,output_tokens', 'e1,2026-11-10T12:00:00Z,gpt-4o,openai,100000,50000'].join('\n'));
const prices = tmp.file('prices.json', JSON.stringify({ 'gpt-4o': { inputPerMTok: 2, outputPerMTok: 8 } }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'report', 'reconciliation', '--input', bill, '--input', local, '--price-overrides', prices, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const window = ['--from', '2026-11-10', '--to', '2026-11-10'];

describe('agent-usage report reconciliation', () => {
  it('json: the rows by UTC day and model, the total, and the note naming the UTC days', () => {
    const { code, stdout } = run(...window, '--tz', 'America/New_York', '--format', 'json');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as { rows: Record<string, unknown>[]; notes: string[] };
    const empty = { estimated_provider_usd: null, provider_minus_billed_usd: null, provider_coverage_pct: null, unpriced: null };
    expect(output.rows).toEqual([
      // billed 0.50 + 0.25 = 0.75; local 100k × 2 + 50k × 8 per million = 0.20 + 0.40 = 0.60: −0.15, 80 %
      { day_utc: '2026-11-10', model: 'gpt-4o', provider: 'openai', billed_usd: 0.75, estimated_local_usd: 0.6, local_minus_billed_usd: -0.15, local_coverage_pct: 80, ...empty },
      // the web search line names no model
      { day_utc: '2026-11-10', model: '(not by model)', provider: 'openai', billed_usd: 0.1, estimated_local_usd: null, local_minus_billed_usd: null, local_coverage_pct: null, ...empty },
      // 0.60 / 0.85 = 70.588… %
      { day_utc: 'Total', model: null, provider: null, billed_usd: 0.85, estimated_local_usd: 0.6, local_minus_billed_usd: -0.25, local_coverage_pct: 70.59, ...empty },
    ]);
    // New York's 2026-11-10 runs from 05:00Z to 05:00Z the next day: UTC days 10 and 11
    expect(output.notes).toEqual(['Days are UTC days (provider bills are bucketed by UTC day): 2026-11-10 to 2026-11-11 UTC.']);
  });

  it('csv: the header of the spec, and the note on stderr', () => {
    const { code, stdout, stderr } = run(...window, '--tz', 'UTC', '--format', 'csv');
    expect(code).toBe(0);
    expect(stdout.split('\r\n')[0]).toBe(
      'day_utc,model,provider,billed_usd,estimated_local_usd,estimated_provider_usd,local_minus_billed_usd,provider_minus_billed_usd,local_coverage_pct,provider_coverage_pct,unpriced',
    );
    expect(stdout.split('\r\n')[1]).toBe('2026-11-10,gpt-4o,openai,0.75,0.6,,-0.15,,80,,');
    expect(stderr).toContain('note: Days are UTC days (provider bills are bucketed by UTC day): 2026-11-10 to 2026-11-10 UTC.\n');
  });
});
