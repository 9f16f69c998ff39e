/**
 * cost_estimated_usd in the store (issue 8): set at import from the bundled price table and the user's overrides,
 * set again when the overrides change or a database made with other prices is opened or restored. Expected dollars
 * are worked out by hand below from the per-MTok list prices in the table.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePriceOverrides, type PriceOverrides } from '../../src/core/pricing';
import { CostEstimator, priceFingerprint, priceTableVersion, reprice, repriceAll, storedPriceFingerprint } from '../../src/store/costEstimates';
import { loadEngine, prepareConnection } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { tempDir, wasmPath } from './helpers/db';
import { exactKeySql, keyLiteral, naturalKeys } from './helpers/eventKeys';

// USD per million tokens, as the bundled @pydantic/genai-prices table lists them:
//   claude-sonnet-4 (anthropic): input 3, cache read 0.30, cache write (5 min) 3.75, cache write (1 h) 6, output 15
//   gpt-4o (openai): input 2.50, cache read 1.25, output 10 — no cache-write price
//   gpt-4o-mini (openai): input 0.15, output 0.60;  gemini-2.5-pro (google, prompts up to 200k): input 1.25, output 10
const header = 'event_id,ts,model,provider,input_tokens,cache_read_tokens,cache_write_tokens,cache_write_5m_tokens,cache_write_1h_tokens,output_tokens,reasoning_tokens,cost_usd';
const events = [
  // 1000×3 + 2000×0.30 + 400×3.75 + 500×15 = 3000 + 600 + 1500 + 7500 = 12600 → 0.0126
  'a,2026-11-10T10:00:00Z,claude-sonnet-4,anthropic,1000,2000,400,,,500,100,0.02',
  // 400 writes: 300 for 5 minutes, 100 for 1 hour: 300×3.75 + 100×6 = 1125 + 600 = 1725, + 3000 + 600 + 7500 → 12825 → 0.012825
  'b,2026-11-10T10:01:00Z,claude-sonnet-4,anthropic,1000,2000,400,300,100,500,0,',
  // 800×2.50 + 200×1.25 + 100×10 = 2000 + 250 + 1000 = 3250 → 0.00325
  'c,2026-11-10T10:02:00Z,gpt-4o,openai,800,200,0,,,100,0,',
  // cache writes on gpt-4o: no price for that kind → unpriced
  'd,2026-11-10T10:03:00Z,gpt-4o,openai,800,0,50,,,100,0,',
  // a model no table knows → unpriced
  'e,2026-11-10T10:04:00Z,acme-llm-9,,1000,0,0,,,1000,0,0.5',
  // no token counts at all: nothing to price (gpt-4o has no per-request fee) → empty, not $0
  'f,2026-11-10T10:05:00Z,gpt-4o,openai,,,,,,,,0.1',
  // output unknown: priced on what is known, 1000×2.50 = 2500 → 0.0025 (the row keeps its output empty)
  'g,2026-11-10T10:06:00Z,gpt-4o,openai,1000,,,,,,,',
  // no model → unpriced
  'h,2026-11-10T10:07:00Z,,,1000,0,0,,,1000,0,',
  // every count zero on a priced model: it cost nothing
  'i,2026-11-10T10:08:00Z,gpt-4o,openai,0,0,0,,,0,0,',
  // input unknown, output known (a source that cannot split input from cache): the input cost is missing → empty
  'j,2026-11-10T10:09:00Z,gpt-4o,openai,,,,,,1000,,',
];
const tableEstimates = { a: 0.0126, b: 0.012825, c: 0.00325, d: null, e: null, f: null, g: 0.0025, h: null, i: 0, j: null };

let SQL: SqlJsStatic;
const tmp = tempDir('aur-estimates-');
const eventsFile = tmp.file('events.csv', [header, ...events].join('\n'));
beforeAll(async () => {
  SQL = await loadEngine(wasmPath);
});
afterAll(() => tmp.remove());

function overrides(value: unknown): PriceOverrides {
  const parsed = parsePriceOverrides(value);
  expect(parsed.problems).toEqual([]);
  return parsed.overrides;
}

/** the natural keys of the imported events (`id:` and the event_id) */
const eventKeys = events.map((line) => `id:${line.split(',')[0]!}`);

/** event key → cost_estimated_usd of a database's bytes, in key order (a key not among `keys` as stored) */
function estimatesIn(bytes: Uint8Array, keys: readonly string[] = eventKeys): Record<string, number | null> {
  const db = new SQL.Database(bytes);
  try {
    const stored = naturalKeys(db, `SELECT ${exactKeySql()} FROM events ORDER BY rowid`, keys);
    const usds = db.exec('SELECT cost_estimated_usd FROM events ORDER BY rowid')[0]?.values ?? [];
    const rows = stored.map((key, i) => [key, usds[i]![0]] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(rows.map(([key, usd]) => [key.replace(/^id:/, ''), usd as number | null]));
  } finally {
    db.close();
  }
}

function fingerprintIn(bytes: Uint8Array): string | null {
  const db = new SQL.Database(bytes);
  try {
    return storedPriceFingerprint(db);
  } finally {
    db.close();
  }
}

async function estimates(store: UsageStore, keys?: readonly string[]): Promise<Record<string, number | null>> {
  return estimatesIn(await store.snapshot(), keys);
}

/** equal keys; numbers to 12 decimals (float products), null exactly */
function expectEstimates(actual: Record<string, number | null>, expected: Record<string, number | null>): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [key, usd] of Object.entries(expected)) {
    if (usd === null) expect(actual[key], key).toBeNull();
    else expect(actual[key], key).toBeCloseTo(usd, 12);
  }
}

async function importedStore(prices?: PriceOverrides): Promise<UsageStore> {
  const store = UsageStore.open(SQL, undefined, prices);
  expect((await store.importFile(eventsFile)).imported).toBe(events.length);
  return store;
}

describe('estimated cost at import', () => {
  it('prices each event from its model, provider and tokens; unpriced rows and rows without tokens stay empty', async () => {
    const store = await importedStore();
    expectEstimates(await estimates(store), tableEstimates);
    store.close();
  });

  it('overrides win over the table when the store has them at import', async () => {
    // gpt-4o at $1 input, $0.50 cache read, $2 output: c = 800 + 100 + 200 = 1100 → 0.0011, g = 1000 → 0.001; d still has
    // cache writes and no price for them; acme-llm-9 at $1/$2: e = 1000 + 2000 = 3000 → 0.003
    const store = await importedStore(overrides({ 'gpt-4o': { inputPerMTok: 1, cacheReadPerMTok: 0.5, outputPerMTok: 2 }, 'acme-llm-9': { inputPerMTok: 1, outputPerMTok: 2 } }));
    expectEstimates(await estimates(store), { ...tableEstimates, c: 0.0011, e: 0.003, g: 0.001 });
    store.close();
  });
});

describe('repricing', () => {
  it('new overrides reprice; the same again do nothing; removing them brings the table prices back', async () => {
    const store = await importedStore();
    const gpt = overrides({ 'GPT-4o': { inputPerMTok: 1, cacheReadPerMTok: 0.5, outputPerMTok: 2 } });
    expect(await store.setPriceOverrides(gpt)).toBe(true);
    expectEstimates(await estimates(store), { ...tableEstimates, c: 0.0011, g: 0.001 });
    expect(fingerprintIn(await store.snapshot())).toBe(priceFingerprint(gpt));
    expect(await store.setPriceOverrides(overrides({ 'gpt-4o': { inputPerMTok: 1, cacheReadPerMTok: 0.5, outputPerMTok: 2 } }))).toBe(false);

    // one model's override replaced by another's: claude-sonnet-4 at $1 for everything it has:
    // a = (1000 + 2000 + 400 + 500)×1 = 3900 → 0.0039; b = 0.0039 as well (one cache-write price covers the 1-hour writes)
    const claude = overrides({ 'claude-sonnet-4': { inputPerMTok: 1, outputPerMTok: 1, cacheReadPerMTok: 1, cacheWritePerMTok: 1 } });
    expect(await store.setPriceOverrides(claude)).toBe(true);
    expectEstimates(await estimates(store), { ...tableEstimates, a: 0.0039, b: 0.0039 });

    expect(await store.setPriceOverrides(overrides({}))).toBe(true);
    expectEstimates(await estimates(store), tableEstimates);
    store.close();
  });

  it('an override that misses a token kind the rows have leaves those rows unpriced', async () => {
    const store = await importedStore();
    // no cache-read price: a, b and c have cache reads; g (input only) is priced at $5: 1000×5 → 0.005
    await store.setPriceOverrides(overrides({ 'claude-sonnet-4': { inputPerMTok: 5, outputPerMTok: 5 }, 'gpt-4o': { inputPerMTok: 5, outputPerMTok: 5 } }));
    expectEstimates(await estimates(store), { ...tableEstimates, a: null, b: null, c: null, g: 0.005, i: 0 });
    store.close();
  });

  it('an overrides change reprices only the events of the models whose prices changed', async () => {
    const plain = await importedStore();
    const db = new SQL.Database(await plain.snapshot());
    plain.close();
    prepareConnection(db);
    // planted values show which rows were written again
    db.run('UPDATE events SET cost_estimated_usd = 42');
    const store = UsageStore.open(SQL, db.export());
    db.close();
    await store.setPriceOverrides(overrides({ 'gpt-4o': { inputPerMTok: 1, cacheReadPerMTok: 0.5, outputPerMTok: 2 } }));
    expectEstimates(await estimates(store), { a: 42, b: 42, c: 0.0011, d: null, e: 42, f: null, g: 0.001, h: 42, i: 0, j: null });
    store.close();
  });

  it('repriceAll re-estimates every row and records the fingerprint', async () => {
    const store = await importedStore();
    const db = new SQL.Database(await store.snapshot());
    store.close();
    prepareConnection(db);
    db.run('UPDATE events SET cost_estimated_usd = 99');
    expect(repriceAll(db, overrides({ 'acme-llm-9': { inputPerMTok: 1, outputPerMTok: 2 } }))).toBe(events.length);
    expectEstimates(estimatesIn(db.export()), { ...tableEstimates, e: 0.003 });
    expect(storedPriceFingerprint(db)).toBe(priceFingerprint(overrides({ 'acme-llm-9': { inputPerMTok: 1, outputPerMTok: 2 } })));
    db.close();
  });
});

describe('repricing that fails part way (each step of rows is its own transaction)', () => {
  /** prices every row at $1 until its seventh row, then fails */
  const failing = (): CostEstimator => {
    let rows = 0;
    return {
      fingerprint: 'failing',
      overrides: overrides({}),
      estimate: () => {
        if (++rows > 6) throw new Error('the price table broke');
        return 1;
      },
    };
  };

  it('puts back the steps done with the prices the estimates were made with', async () => {
    const store = await importedStore();
    const db = new SQL.Database(await store.snapshot());
    store.close();
    const fingerprint = storedPriceFingerprint(db);
    // steps of 3 rows: two steps done (six rows at $1), the third fails
    expect(() => reprice(db, failing(), null, new CostEstimator(), 3)).toThrow('the price table broke');
    expectEstimates(estimatesIn(db.export()), tableEstimates);
    expect(storedPriceFingerprint(db)).toBe(fingerprint);
    db.close();
  });

  it('without them, leaves no fingerprint: the next open reprices every row', async () => {
    const store = await importedStore();
    const db = new SQL.Database(await store.snapshot());
    store.close();
    expect(() => reprice(db, failing(), null, undefined, 3)).toThrow('the price table broke');
    expect(Object.values(estimatesIn(db.export())).filter((usd) => usd === 1)).toHaveLength(6);
    expect(storedPriceFingerprint(db)).toBeNull();
    const reopened = UsageStore.open(SQL, db.export());
    db.close();
    expectEstimates(await estimates(reopened), tableEstimates);
    reopened.close();
  });
});

describe('databases made with other prices', () => {
  it('a snapshot is repriced when opened or restored with other overrides, and left alone with the same', async () => {
    const plain = await importedStore();
    const bytes = await plain.snapshot();
    plain.close();
    const acme = overrides({ 'acme-llm-9': { inputPerMTok: 1, outputPerMTok: 2 } });

    const opened = UsageStore.open(SQL, bytes.slice(), acme);
    expectEstimates(await estimates(opened), { ...tableEstimates, e: 0.003 });
    opened.close();

    const restoring = UsageStore.open(SQL, undefined, acme);
    await restoring.restore(bytes.slice());
    expectEstimates(await estimates(restoring), { ...tableEstimates, e: 0.003 });
    restoring.close();

    // same prices: the stored estimates are kept as they are (a planted value survives)
    const db = new SQL.Database(bytes.slice());
    prepareConnection(db);
    db.run(`UPDATE events SET cost_estimated_usd = 42 WHERE event_key = ${keyLiteral('id:a')}`);
    const same = UsageStore.open(SQL, db.export());
    db.close();
    expect((await estimates(same)).a).toBe(42);
    same.close();
  });

  it('a snapshot without a fingerprint or from another price table is repriced in full', async () => {
    const plain = await importedStore();
    const db = new SQL.Database(await plain.snapshot());
    plain.close();
    prepareConnection(db);
    db.run('UPDATE events SET cost_estimated_usd = 42');
    db.run("UPDATE meta SET value = ? WHERE key = 'price_fingerprint'", [JSON.stringify({ table: '@pydantic/genai-prices 0.0.1', overrides: [] })]);
    const otherTable = UsageStore.open(SQL, db.export());
    expectEstimates(await estimates(otherTable), tableEstimates);
    otherTable.close();
    db.run("DELETE FROM meta WHERE key = 'price_fingerprint'");
    const none = UsageStore.open(SQL, db.export());
    expectEstimates(await estimates(none), tableEstimates);
    none.close();
    db.close();
  });

  it('a schema version 1 snapshot (test/fixtures/migration) gets estimates when opened', async () => {
    const migration = fileURLToPath(new URL('../fixtures/migration/', import.meta.url));
    const v1 = new SQL.Database();
    v1.exec(readFileSync(join(migration, 'schema-v1.sql'), 'utf8'));
    v1.exec(readFileSync(join(migration, 'schema-v1-rows.sql'), 'utf8'));
    const bytes = v1.export();
    v1.close();
    const store = UsageStore.open(SQL, bytes);
    const hashedKeys = ['hm4VHkX1ZJ28KL3srapq9M', 'noqjDPbe0T-xwtO_dXfRXx', 'eqPd34Gj1E_Ynt-FnJvwa_', '2Cj0hD1V0FOmScJKwkgEYx'];
    const estimated = await estimates(store, [...hashedKeys.map((key) => `h:${key}`), 'id:o08']);
    store.close();
    // events-no-id.csv, rows 1–4 (hashed keys; the model's provider is on the models row only):
    //   gpt-4o with 40 cache writes → unpriced; claude-sonnet-4 2000×3 + 1200×3.75 + 500×15 = 18000 → 0.018;
    //   gpt-4o without tokens → empty; gpt-4o-mini 50×0.15 + 10×0.60 = 13.5 → 0.0000135
    const hashed = (key: string) => estimated[`h:${key}`];
    expect(hashed('hm4VHkX1ZJ28KL3srapq9M')).toBeNull();
    expect(hashed('noqjDPbe0T-xwtO_dXfRXx')).toBeCloseTo(0.018, 12);
    expect(hashed('eqPd34Gj1E_Ynt-FnJvwa_')).toBeNull();
    expect(hashed('2Cj0hD1V0FOmScJKwkgEYx')).toBeCloseTo(0.0000135, 15);
    // reports fixture o08: gemini-2.5-pro 2000×1.25 + 500×10 = 7500 → 0.0075
    expect(estimated.o08).toBeCloseTo(0.0075, 12);
    expect(fingerprintIn(await UsageStore.open(SQL, bytes).snapshot())).toBe(priceFingerprint(overrides({})));
  });
});

it('the fingerprint names the installed price table', () => {
  const require = createRequire(import.meta.url);
  const { version } = JSON.parse(readFileSync(join(require.resolve('@pydantic/genai-prices'), '..', '..', 'package.json'), 'utf8')) as { version: string };
  expect(priceTableVersion).toBe(`@pydantic/genai-prices ${version}`);
});
