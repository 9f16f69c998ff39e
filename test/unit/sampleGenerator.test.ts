import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  agentHeader,
  eventHeader,
  generateDimensions,
  generateEvents,
  orgHeader,
  userHeader,
  type GeneratorOptions,
} from '../../src/tools/sample/generate';

const DAY_MS = 86_400_000;

/** The options the shipped sample (media/sample) was generated with. */
const SAMPLE: GeneratorOptions = { events: 4000, seed: 42, endDay: '2026-11-15', days: 90 };

function take(opts: GeneratorOptions, n: number): string[][] {
  const out: string[][] = [];
  for (const row of generateEvents(opts, generateDimensions(opts))) {
    out.push(row);
    if (out.length >= n) break;
  }
  return out;
}

function all(opts: GeneratorOptions): string[][] {
  return [...generateEvents(opts, generateDimensions(opts))];
}

/** Same quoting rule as src/tools/gen.ts. */
function csvLine(row: readonly string[]): string {
  return row.map((f) => (/[",\r\n]/.test(f) ? '"' + f.replace(/"/g, '""') + '"' : f)).join(',');
}

const col = (name: string): number => eventHeader.indexOf(name);

describe('sample generator', () => {
  it('has the exact headers', () => {
    expect(eventHeader.join(',')).toBe(
      'event_id,timestamp,org_id,user_id,user_email,user_name,role,agent_id,agent_name,agent_type,session_id,model,provider,project,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,credits,cost_usd,latency_ms,status,error_type',
    );
    expect(agentHeader.join(',')).toBe('agent_id,name,type,model,created_by,created_at,org_id');
    expect(userHeader.join(',')).toBe('user_id,email,name,role,org_id');
    expect(orgHeader.join(',')).toBe('org_id,name,parent_org_id');
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = take(SAMPLE, 100);
    const b = take(SAMPLE, 100);
    const c = take({ ...SAMPLE, seed: 7 }, 100);
    expect(a).toHaveLength(100);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(generateDimensions(SAMPLE)).toEqual(generateDimensions({ ...SAMPLE }));
  });

  it('produces exactly the requested number of rows, sorted, inside the window', () => {
    for (const opts of [SAMPLE, { ...SAMPLE, events: 1234, days: 7, endDay: '2024-02-29', seed: 3 }]) {
      const rows = all(opts);
      expect(rows).toHaveLength(opts.events);
      const end = Date.parse(`${opts.endDay}T00:00:00Z`) + DAY_MS; // exclusive
      const start = end - opts.days * DAY_MS;
      const ts = col('timestamp');
      let prev = '';
      for (const r of rows) {
        expect(r).toHaveLength(eventHeader.length);
        const t = r[ts]!;
        expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(t >= prev).toBe(true);
        prev = t;
        const ms = Date.parse(t);
        expect(ms).toBeGreaterThanOrEqual(start);
        expect(ms).toBeLessThan(end);
      }
      expect(new Set(rows.map((r) => r[col('event_id')])).size).toBe(rows.length);
    }
  });

  it('handles zero events and a one-day window', () => {
    expect(all({ ...SAMPLE, events: 0 })).toHaveLength(0);
    const rows = all({ ...SAMPLE, events: 50, days: 1 });
    expect(rows).toHaveLength(50);
    for (const r of rows) expect(r[col('timestamp')]!.startsWith('2026-11-15T')).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => generateDimensions({ ...SAMPLE, endDay: '2026-02-30' })).toThrow();
    expect(() => generateEvents({ ...SAMPLE, days: 0 }, generateDimensions(SAMPLE))).toThrow();
  });

  it('references only known agents, users and orgs', () => {
    const dims = generateDimensions(SAMPLE);
    expect(dims.orgs.every((r) => r.length === orgHeader.length)).toBe(true);
    expect(dims.users.every((r) => r.length === userHeader.length)).toBe(true);
    expect(dims.agents.every((r) => r.length === agentHeader.length)).toBe(true);
    expect(dims.users).toHaveLength(24);
    expect(dims.agents).toHaveLength(12);
    const orgs = new Set(dims.orgs.map((r) => r[0]));
    const users = new Map(dims.users.map((r) => [r[0], r]));
    const agents = new Map(dims.agents.map((r) => [r[0], r]));
    for (const u of dims.users) expect(orgs.has(u[4])).toBe(true);
    for (const a of dims.agents) {
      expect(users.has(a[4])).toBe(true);
      expect(orgs.has(a[6])).toBe(true);
    }
    for (const r of generateEvents(SAMPLE, dims)) {
      const agent = agents.get(r[col('agent_id')]);
      const user = users.get(r[col('user_id')]);
      expect(agent).toBeDefined();
      expect(user).toBeDefined();
      expect(orgs.has(r[col('org_id')])).toBe(true);
      expect(r[col('org_id')]).toBe(user![4]);
      expect(r[col('agent_name')]).toBe(agent![1]);
      // agents only run after they were created
      expect(r[col('timestamp')]! > agent![5]!).toBe(true);
    }
  });

  it('has the sub-org chain and non-ASCII user names', () => {
    const dims = generateDimensions(SAMPLE);
    const parent = new Map(dims.orgs.map((r) => [r[0], r[2]]));
    expect(parent.get('org_acme_research_eu')).toBe('org_acme_research');
    expect(parent.get('org_acme_research')).toBe('org_acme');
    expect(parent.get('org_acme')).toBe('');
    expect(parent.get('org_globex')).toBe('');
    const names = dims.users.map((u) => u[2]);
    expect(names).toContain('Zoë Müller');
    expect(names).toContain('Łukasz Nowak');
    for (const u of dims.users) expect(u[1]).toMatch(/^[a-z0-9.-]+@[a-z.]+$/);
  });

  it('has realistic value formats and rates', () => {
    const rows = all(SAMPLE);
    const errors = rows.filter((r) => r[col('status')] === 'error');
    const rate = errors.length / rows.length;
    expect(rate).toBeGreaterThanOrEqual(0.01);
    expect(rate).toBeLessThanOrEqual(0.1);
    for (const r of rows) {
      const status = r[col('status')];
      expect(status === 'ok' || status === 'error').toBe(true);
      expect(r[col('error_type')] === '').toBe(status === 'ok');
      for (const c of ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens']) {
        expect(r[col(c)]).toMatch(/^\d+$/);
      }
      expect(r[col('credits')]).toMatch(/^\d+(\.\d{1,4})?$/);
      expect(r[col('cost_usd')]).toMatch(/^\d+(\.\d{1,6})?$/);
      expect(r[col('latency_ms')]).toMatch(/^(\d+)?$/);
      const m = r[col('model')]!;
      if (!/o4-mini|opus/.test(m)) expect(r[col('reasoning_tokens')]).toBe('0');
    }
    const noSession = rows.filter((r) => r[col('session_id')] === '').length / rows.length;
    expect(noSession).toBeGreaterThan(0.02);
    expect(noSession).toBeLessThan(0.09);
    const noLatency = rows.filter((r) => r[col('latency_ms')] === '').length / rows.length;
    expect(noLatency).toBeGreaterThan(0.01);
    expect(noLatency).toBeLessThan(0.06);
    expect(new Set(rows.map((r) => r[col('provider')]))).toEqual(new Set(['anthropic', 'openai', 'google']));
    expect(rows.some((r) => /[",]/.test(r[col('agent_name')]!))).toBe(false);
  });

  it('tricky mode exercises CSV quoting', () => {
    const opts = { ...SAMPLE, tricky: true, events: 3000 };
    const dims = generateDimensions(opts);
    expect(dims.agents.some((a) => /[",]/.test(a[1]!))).toBe(true);
    const rows = all(opts);
    expect(rows.some((r) => /[",]/.test(r[col('agent_name')]!))).toBe(true);
    expect(rows.some((r) => r[col('error_type')]!.includes(','))).toBe(true);
  });

  it('matches the shipped media/sample/events.csv', () => {
    const file = fileURLToPath(new URL('../../media/sample/events.csv', import.meta.url));
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.at(-1)).toBe(''); // trailing newline
    lines.pop();
    expect(lines.length).toBe(SAMPLE.events + 1);
    const expected = [csvLine(eventHeader), ...take(SAMPLE, 49).map(csvLine)];
    expect(lines.slice(0, 50)).toEqual(expected);
    const last = all(SAMPLE).at(-1)!;
    expect(lines.at(-1)).toBe(csvLine(last));
  });

  it('matches the shipped dimension CSVs', () => {
    const dims = generateDimensions(SAMPLE);
    const read = (name: string): string =>
      readFileSync(fileURLToPath(new URL(`../../media/sample/${name}`, import.meta.url)), 'utf8');
    const text = (header: readonly string[], rows: string[][]): string =>
      [header, ...rows].map(csvLine).join('\n') + '\n';
    expect(read('orgs.csv')).toBe(text(orgHeader, dims.orgs));
    expect(read('users.csv')).toBe(text(userHeader, dims.users));
    expect(read('agents.csv')).toBe(text(agentHeader, dims.agents));
  });
});
