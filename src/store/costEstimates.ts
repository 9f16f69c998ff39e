/**
 * Each event's estimated cost (cost_estimated_usd) from the bundled price table and the user's per-model
 * overrides: set at import, and set again for every row when the prices change. `meta` keeps the
 * fingerprint of the prices the stored estimates were made with, so a database opened or restored with
 * other overrides (or from before estimates existed, such as a migrated version 1 snapshot) is repriced.
 * Unpriced rows get NULL, never 0.
 */
import type { Database } from 'sql.js';
import type { EventRecord } from '../core/ingest/normalise';
import { estimateCost, noPriceOverrides, type PriceOverrides } from '../core/pricing';
import { overrideKey } from '../core/pricing/overrides';
import { moneyCode } from '../core/moneyCodes';
import { storedColumn } from '../core/schema';
import { storedCombinations } from './combinations';
import { labelTexts } from './labels';

/** The bundled table: a new version of the package may change prices, so it is part of the fingerprint. */
export const priceTableVersion = '@pydantic/genai-prices 0.1.8';

const fingerprintKey = 'price_fingerprint';

/** The fields of an event the estimate reads. */
export type EventUsage = Pick<
  EventRecord,
  'model' | 'provider' | 'ts' | 'requests' | 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens'
>;

export type RowCostEstimate = (row: EventUsage) => number | null;

export function priceFingerprint(overrides: PriceOverrides): string {
  const entries = [...overrides.byModel].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ table: priceTableVersion, overrides: entries });
}

export class CostEstimator {
  readonly fingerprint: string;

  constructor(readonly overrides: PriceOverrides = noPriceOverrides) {
    this.fingerprint = priceFingerprint(overrides);
  }

  /** USD, or null when the row cannot be priced (no model, a model or token kind without a price, nothing to price). */
  readonly estimate: RowCostEstimate = (row) => {
    const estimate = estimateCost(
      {
        model: row.model,
        provider: row.provider,
        at: row.ts,
        // an unknown count is 0 for the price only; the row keeps it unknown
        inputTokens: row.inputTokens ?? 0,
        cacheReadTokens: row.cacheReadTokens ?? 0,
        cacheWriteTokens: row.cacheWriteTokens ?? 0,
        cacheWrite5mTokens: row.cacheWrite5mTokens,
        cacheWrite1hTokens: row.cacheWrite1hTokens,
        outputTokens: row.outputTokens ?? 0,
        requests: row.requests,
      },
      { overrides: this.overrides },
    );
    if (estimate.kind !== 'priced') return null;
    // output without input: the source could not split its input from the cache (Langfuse's daily
    // aggregates); pricing the input as 0 would show a fraction of the cost as the whole
    if (row.inputTokens === null && row.outputTokens !== null) return null;
    const noTokens = row.inputTokens === null && row.outputTokens === null && row.cacheReadTokens === null && row.cacheWriteTokens === null;
    // a row that reports no tokens at all has a cost only through a per-request fee; $0 would claim more than we know
    if (noTokens && estimate.usd === 0) return null;
    return estimate.usd;
  };
}

export function storedPriceFingerprint(db: Database): string | null {
  const value = db.exec('SELECT value FROM meta WHERE key = ?', [fingerprintKey])[0]?.values[0]?.[0];
  return value === undefined || value === null ? null : String(value);
}

/**
 * Rows per step, each step its own transaction: SQLite keeps the rollback journal (the original of every page a
 * transaction changes) in the wasm heap, which never gives memory back, and one model's events are on nearly
 * every page: repricing a million events in one transaction had grown the store's memory by the table's size.
 */
const batchRows = 50_000;
const estimateFunction = 'aur_estimated_cost';

/** Re-estimates every event with the table and `overrides`, and records their fingerprint; returns the rows repriced. */
export function repriceAll(db: Database, overrides: PriceOverrides = noPriceOverrides): number {
  return reprice(db, new CostEstimator(overrides), null);
}

/**
 * Reprices when the stored estimates were made with other prices (or none); true when it did. When only
 * overrides changed, only the events of the models whose override changed are repriced. `current`, the
 * estimator the stored estimates were made with, puts them back if repricing fails part way.
 */
export function ensureEstimates(db: Database, overrides: PriceOverrides = noPriceOverrides, current?: CostEstimator): boolean {
  const estimator = new CostEstimator(overrides);
  const stored = storedPriceFingerprint(db);
  if (stored === estimator.fingerprint) return false;
  const changed = stored === null ? null : changedOverrideModels(stored, estimator.fingerprint);
  reprice(db, estimator, changed === null ? null : modelKeysNamed(db, changed), current?.fingerprint === stored ? current : undefined);
  return true;
}

/** The override keys whose prices differ between two fingerprints; null when the table itself differs (or the old one is unreadable). */
function changedOverrideModels(before: string, after: string): Set<string> | null {
  const parse = (fingerprint: string): { table: string; overrides: Map<string, string> } | null => {
    try {
      const value = JSON.parse(fingerprint) as { table?: unknown; overrides?: unknown };
      if (typeof value.table !== 'string' || !Array.isArray(value.overrides)) return null;
      return { table: value.table, overrides: new Map((value.overrides as [string, unknown][]).map(([key, prices]) => [key, JSON.stringify(prices)])) };
    } catch {
      return null;
    }
  };
  const [old, next] = [parse(before), parse(after)];
  if (old === null || next === null || old.table !== next.table) return null;
  const changed = new Set<string>();
  for (const key of new Set([...old.overrides.keys(), ...next.overrides.keys()])) {
    if (old.overrides.get(key) !== next.overrides.get(key)) changed.add(key);
  }
  return changed;
}

function modelKeysNamed(db: Database, overrideKeys: Set<string>): number[] {
  const names = db.exec('SELECT model_key, name FROM models')[0]?.values ?? [];
  return names.filter(([, name]) => overrideKeys.has(overrideKey(String(name)))).map(([key]) => Number(key));
}

/**
 * Sets cost_estimated_usd of every event (models null) or of the events of `models`, then the fingerprint.
 * The price is computed in JS through a SQL function, so SQLite reads and writes each row in one pass, a
 * step of rows at a time. When a step fails the steps before it stay done: they are repriced back with
 * `previous` (the estimates' own prices, so the table is as it was), or, without it or should that fail,
 * the fingerprint is removed so that the next open reprices every row.
 */
export function reprice(db: Database, estimator: CostEstimator, models: readonly number[] | null, previous?: CostEstimator, stepRows = batchRows): number {
  try {
    const rows = repriceInSteps(db, estimator, models, stepRows);
    db.run('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)', [fingerprintKey, estimator.fingerprint]);
    return rows;
  } catch (error) {
    try {
      if (previous === undefined) throw error;
      repriceInSteps(db, previous, models, stepRows);
    } catch {
      db.run('DELETE FROM meta WHERE key = ?', [fingerprintKey]);
    }
    throw error;
  }
}

function repriceInSteps(db: Database, estimator: CostEstimator, models: readonly number[] | null, stepRows: number): number {
  const modelNames = new Map<number, string>();
  for (const [key, name] of db.exec('SELECT model_key, name FROM models')[0]?.values ?? []) modelNames.set(Number(key), String(name));
  const labels = labelTexts(db);
  const providerOfSet = new Map<number, string | null>();
  for (const [key, parts] of storedCombinations(db, 'label_set')) providerOfSet.set(key, parts.provider == null ? null : (labels.get(parts.provider) ?? null));
  db.create_function(estimateFunction, (modelKey, labelSet, ts, requests, input, output, cacheRead, cacheWrite, cacheWrite5m, cacheWrite1h) =>
    moneyCode(estimator.estimate({
      model: modelKey === null ? null : (modelNames.get(Number(modelKey)) ?? null),
      provider: providerOfSet.get(labelSet as number) ?? null,
      ts: ts as number,
      requests: requests as number | null,
      inputTokens: input as number | null,
      outputTokens: output as number | null,
      cacheReadTokens: cacheRead as number | null,
      cacheWriteTokens: cacheWrite as number | null,
      cacheWrite5mTokens: cacheWrite5m as number | null,
      cacheWrite1hTokens: cacheWrite1h as number | null,
    })),
  );
  const [first, last] = (db.exec('SELECT MIN(rowid), MAX(rowid) FROM event_rows')[0]?.values[0] ?? [null, null]).map((value) => (value === null ? null : Number(value)));
  if (first == null || last == null || models?.length === 0) return 0;
  const onlyModels = models === null ? '' : ` AND model_key IN (${models.map(Number).join(', ')})`;
  const update = db.prepare(
    `UPDATE event_rows SET ${storedColumn('cost_estimated_usd')} = ${estimateFunction}(model_key, ${storedColumn('provider')}, ts, requests, input_tokens, output_tokens,
       cache_read_tokens, cache_write_tokens, cache_write_5m_tokens, cache_write_1h_tokens)
     WHERE rowid >= ? AND rowid < ?${onlyModels}`,
  );
  let rows = 0;
  try {
    for (let from = first; from <= last; from += stepRows) {
      db.exec('BEGIN');
      try {
        update.run([from, from + stepRows]);
        rows += db.getRowsModified();
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    }
  } finally {
    update.free();
  }
  return rows;
}

/** The price table alone, for imports that are not given the user's overrides. */
export const tableCostEstimate: RowCostEstimate = new CostEstimator().estimate;
