/**
 * The token model (issue 8): each source's input converted to uncached input by its declaration, its own
 * total checked, cache writes split by lifetime; canonical files declare input without cache tokens;
 * reasoning is a subset of output in every report.
 */
import type { Database } from 'sql.js';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveCacheWrites } from '../../src/core/ingest/cacheWriteSplit';
import { canonicalTokenSemantics, checkTotal, TokenError, uncachedInput, type TokenSemantics } from '../../src/core/ingest/tokenSemantics';
import { columnNames } from '../../src/shared/reports';
import { importFile, type ImportOptions } from '../../src/store/importer';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { openTestDb, rows, tempDir, wasmPath } from './helpers/db';

const openAi: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };
const codex: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: false };
const columns = { input: 'in', cacheRead: 'read', cacheWrite: 'write', output: 'out', total: 'all' };

function thrown(work: () => unknown): TokenError {
  try {
    work();
  } catch (error) {
    if (error instanceof TokenError) return error;
    throw error;
  }
  throw new Error('expected a TokenError');
}

describe('uncachedInput', () => {
  it('canonical (and Anthropic, Claude Code): input is already uncached', () => {
    expect(uncachedInput({ input: 1000, cacheRead: 300, cacheWrite: 40, output: 5 }, canonicalTokenSemantics, columns)).toBe(1000);
  });

  it('OpenAI: input includes cache reads and writes', () => {
    expect(uncachedInput({ input: 1340, cacheRead: 300, cacheWrite: 40, output: 5 }, openAi, columns)).toBe(1000);
  });

  it('Codex, OpenRouter: input includes cache reads only', () => {
    expect(uncachedInput({ input: 1300, cacheRead: 300, cacheWrite: 40, output: 5 }, codex, columns)).toBe(1000);
  });

  it('missing cache counts subtract nothing; no input stays unknown', () => {
    expect(uncachedInput({ input: 70, cacheRead: null, cacheWrite: null, output: null }, openAi, columns)).toBe(70);
    expect(uncachedInput({ input: null, cacheRead: 10, cacheWrite: 2, output: 1 }, openAi, columns)).toBeNull();
  });

  it('an input smaller than the cache inside it is a row error naming those columns', () => {
    const error = thrown(() => uncachedInput({ input: 100, cacheRead: 90, cacheWrite: 20, output: 0 }, openAi, columns));
    expect(error.columns).toEqual(['in', 'read', 'write']);
    expect(error.message).toBe('"in" (100) includes "read" + "write" (110) for this source, so it cannot be smaller than them');
    expect(thrown(() => uncachedInput({ input: 100, cacheRead: 101, cacheWrite: 500, output: 0 }, codex, columns)).columns).toEqual(['in', 'read']);
  });
});

describe('checkTotal', () => {
  it('adds the cache the input does not already include', () => {
    expect(() => checkTotal({ input: 1000, cacheRead: 300, cacheWrite: 40, output: 200, total: 1540 }, canonicalTokenSemantics, columns)).not.toThrow();
    expect(() => checkTotal({ input: 1340, cacheRead: 300, cacheWrite: 40, output: 200, total: 1540 }, openAi, columns)).not.toThrow();
    expect(() => checkTotal({ input: 1300, cacheRead: 300, cacheWrite: 40, output: 200, total: 1540 }, codex, columns)).not.toThrow();
  });

  it('a mismatch is a row error naming the total and the parts with their values', () => {
    const error = thrown(() => checkTotal({ input: 1340, cacheRead: 300, cacheWrite: 40, output: 200, total: 1880 }, openAi, columns));
    expect(error.columns).toEqual(['all', 'in', 'out']);
    expect(error.message).toBe('"all" is 1880 but "in" 1340 + "out" 200 = 1540');
    const canonical = thrown(() => checkTotal({ input: 10, cacheRead: null, cacheWrite: 5, output: 1, total: 11 }, canonicalTokenSemantics, columns));
    expect(canonical.message).toBe('"all" is 11 but "in" 10 + "read" empty + "write" 5 + "out" 1 = 16');
  });

  it('reasoning is not a part: a total equal to input + output passes whatever the reasoning', () => {
    expect(() => checkTotal({ input: 10, cacheRead: null, cacheWrite: null, output: 30, total: 40 }, canonicalTokenSemantics, columns)).not.toThrow();
  });

  it('rows without a total are not checked', () => {
    expect(() => checkTotal({ input: 1, cacheRead: 2, cacheWrite: 3, output: 4 }, canonicalTokenSemantics, columns)).not.toThrow();
    expect(() => checkTotal({ input: 1, cacheRead: 2, cacheWrite: 3, output: 4, total: null }, canonicalTokenSemantics, columns)).not.toThrow();
  });
});

describe('resolveCacheWrites', () => {
  const names = { total: 'cw', fiveMinutes: 'cw5', oneHour: 'cw1' };

  it('without a split the total stands alone', () => {
    expect(resolveCacheWrites({ total: 70, fiveMinutes: null, oneHour: null }, names)).toEqual({ total: 70, fiveMinutes: null, oneHour: null });
    expect(resolveCacheWrites({ total: null, fiveMinutes: null, oneHour: null }, names)).toEqual({ total: null, fiveMinutes: null, oneHour: null });
  });

  it('with a split the total is the sum of the parts, a missing part being 0', () => {
    expect(resolveCacheWrites({ total: null, fiveMinutes: 30, oneHour: 12 }, names)).toEqual({ total: 42, fiveMinutes: 30, oneHour: 12 });
    expect(resolveCacheWrites({ total: 42, fiveMinutes: 30, oneHour: 12 }, names)).toEqual({ total: 42, fiveMinutes: 30, oneHour: 12 });
    expect(resolveCacheWrites({ total: 30, fiveMinutes: 30, oneHour: null }, names)).toEqual({ total: 30, fiveMinutes: 30, oneHour: 0 });
  });

  it('a total that is not the sum is a row error naming the three columns', () => {
    const error = thrown(() => resolveCacheWrites({ total: 50, fiveMinutes: 30, oneHour: null }, names));
    expect(error.columns).toEqual(['cw', 'cw5', 'cw1']);
    expect(error.message).toBe('"cw" is 50 but "cw5" 30 + "cw1" empty = 30');
  });
});

const tmp = tempDir('aur-tokens-');
afterAll(() => tmp.remove());
let fileNo = 0;
const ts = '2026-11-10T12:00:00Z';

describe('importing canonical files', () => {
  let db: Database;
  beforeEach(async () => {
    db = await openTestDb();
  });
  const load = (name: string, text: string, options: ImportOptions = {}) => importFile(db, tmp.file(`${++fileNo}-${name}`, text), options);
  const tokens = () => rows(db, `SELECT input_tokens AS i, cache_read_tokens AS r, cache_write_tokens AS w, cache_write_5m_tokens AS w5,
    cache_write_1h_tokens AS w1, output_tokens AS o, reasoning_tokens AS z FROM events ORDER BY ts`);

  it('keep input as given (input excludes cache) and accept a total_tokens that equals input + cache read + cache write + output', async () => {
    const summary = await load('t.csv', `ts,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,reasoning_tokens,total_tokens\n${ts},1000,300,40,200,150,1540\n`);
    expect(summary.imported).toBe(1);
    expect(summary.unknownColumns).toEqual([]);
    expect(tokens()).toEqual([{ i: 1000, r: 300, w: 40, w5: null, w1: null, o: 200, z: 150 }]);
  });

  it('a total_tokens that disagrees is a row error on that column naming the parts', async () => {
    const text = `ts,Prompt Tokens,cache_read_tokens,completion_tokens,total_tokens\n${ts},1000,300,200,1200\n${ts},5,0,5,10\n`;
    await expect(load('bad.csv', text)).rejects.toThrow(
      'bad.csv:2: column "total_tokens": "total_tokens" is 1200 but "Prompt Tokens" 1000 + "cache_read_tokens" 300 + "cache_write_tokens" empty + "completion_tokens" 200 = 1500',
    );
    const skipped = await load('bad.csv', text, { skipBadRows: true });
    expect(skipped).toMatchObject({ imported: 1, rejected: 1 });
    expect(skipped.rejects[0]).toMatchObject({ line: 2, column: 'total_tokens' });
  });

  it('store the 5-minute / 1-hour split and derive cache_write_tokens from it', async () => {
    await load('split.csv', `ts,cache_write_5m_tokens,cache_write_1h_tokens\n${ts},30,12\n`);
    expect(tokens()).toEqual([{ i: null, r: null, w: 42, w5: 30, w1: 12, o: null, z: null }]);
  });

  it('a cache_write_tokens that is not 5m + 1h is a row error naming the three columns', async () => {
    await expect(load('split.csv', `ts,cache_write_tokens,cache_write_5m_tokens,cache_write_1h_tokens\n${ts},50,30,12\n`)).rejects.toThrow(
      'column "cache_write_tokens": "cache_write_tokens" is 50 but "cache_write_5m_tokens" 30 + "cache_write_1h_tokens" 12 = 42',
    );
  });

  it('rows that differ only in their cache-write split are two events, not duplicates', async () => {
    const summary = await load('split.csv', `ts,cache_write_5m_tokens,cache_write_1h_tokens\n${ts},30,12\n${ts},12,30\n`);
    expect(summary).toMatchObject({ imported: 2, duplicates: 0 });
  });

  it('a Claude Code transcript line brings its nested cache_creation split', async () => {
    const line = {
      timestamp: ts, requestId: 'req_1', sessionId: 's1',
      message: {
        model: 'claude-sonnet-4',
        usage: {
          input_tokens: 3, output_tokens: 90, cache_read_input_tokens: 5000, cache_creation_input_tokens: 700,
          cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 200 },
        },
      },
    };
    expect(await load('t.jsonl', `${JSON.stringify(line)}\n`, { source: 'claude-code' })).toMatchObject({ imported: 1, unknownColumns: [] });
    expect(tokens()).toEqual([{ i: 3, r: 5000, w: 700, w5: 500, w1: 200, o: 90, z: null }]);
  });

  it('cost, cost_usd and costUSD feed the reported cost; the estimated cost stays empty', async () => {
    await load('c.csv', `ts,cost\n${ts},0.25\n`);
    await load('c.csv', `ts,cost_usd\n2026-11-10T12:00:01Z,0.5\n`);
    await load('c.jsonl', `{"timestamp":"2026-11-10T12:00:02Z","costUSD":0.75}\n`);
    await load('c.csv', `ts,input_tokens\n2026-11-10T12:00:03Z,4\n`);
    expect(rows(db, 'SELECT cost_reported_usd AS reported, cost_estimated_usd AS estimated FROM events ORDER BY ts')).toEqual([
      { reported: 0.25, estimated: null }, { reported: 0.5, estimated: null }, { reported: 0.75, estimated: null }, { reported: null, estimated: null },
    ]);
  });
});

describe('reasoning is a subset of output in every report', () => {
  it('no token figure adds reasoning to output; a model without a reported cost is empty, not $0', async () => {
    const store = UsageStore.open(await loadEngine(wasmPath));
    const path = tmp.file('reasoning.csv', [
      'event_id,ts,user_id,agent_id,model,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,reasoning_tokens,cost_usd',
      `r1,${ts},u1,a1,m-priced,10,5,3,100,40,0.5`,
      `r2,${ts},u1,a1,m-unpriced,20,0,0,50,50,`,
    ].join('\n'));
    await store.importFile(path);
    const ctx = { now: Date.parse('2026-11-18T15:00:00Z'), timeZone: 'UTC', weekStartsOn: 1 as const };
    const timeframe = { from: '2026-11-01', to: '2026-11-30' };
    const pick = async (report: 'models' | 'user-usage' | 'users' | 'agents', names: string[]) => {
      const result = await store.report({ report, timeframe: report === 'user-usage' ? { day: '2026-11-10' } : timeframe }, ctx);
      return result.rows.map((row) => names.map((name) => row[columnNames(report).indexOf(name)]));
    };
    // by hand: output 100 + 50 = 150, reasoning 40 + 50 = 90 inside it
    const models = await pick('models', ['model', 'output_tokens_total', 'reasoning_tokens_total', 'cost_usd']);
    expect(models.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([['m-priced', 100, 40, 0.5], ['m-unpriced', 50, 50, null]]);
    // input + output + cache read + cache write = 10+100+5+3 + 20+50 = 188
    expect(await pick('user-usage', ['output_tokens', 'total_tokens'])).toEqual([[150, 188]]);
    expect(await pick('users', ['output_tokens_total'])).toEqual([[150]]);
    expect(await pick('agents', ['output_tokens_total'])).toEqual([[150]]);
    const { kpis, series } = await store.overview({ report: 'agents', timeframe }, ctx, 'day');
    // KPI and chart tokens are input + output: 10+100 + 20+50 = 180
    expect(kpis.current.tokens).toBe(180);
    expect(kpis.current.costUsd).toBe(0.5);
    expect(series.series.flatMap((line) => line.tokens).reduce<number>((sum, value) => sum + (value ?? 0), 0)).toBe(180);
    store.close();
  });
});
