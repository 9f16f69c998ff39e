/**
 * Cost in a report's cost mode, and what the price table could not price in a selection. A row's cost is
 * `chooseCost(mode, reported, estimated)`; costSql is the same choice for sums done in SQL.
 */
import { storedColumn } from '../schema';
import { defaultCostMode, estimateCost, PricingCoverage, type CostEstimate, type PriceOverrides } from '../pricing';
import type { SqlRunner } from '../sql';
import type { CostInfo, CostMode } from '../../shared/results';
import type { Scope } from './query';

/** One event's cost in `mode` over `events e`, as chooseCost picks it. */
export function costSql(mode: CostMode): string {
  switch (mode) {
    case 'reported':
      return 'e.cost_reported_usd';
    case 'estimated':
      return 'e.cost_estimated_usd';
    case 'auto':
      return 'COALESCE(e.cost_reported_usd, e.cost_estimated_usd)';
  }
}

export function costModeOf(ctx: { costMode?: CostMode }): CostMode {
  return ctx.costMode ?? defaultCostMode;
}

/**
 * Rows of `events e` without an estimate, found through the partial index over them (the view reads the stored
 * code through an expression, which SQLite cannot match to the index: `e.cost_estimated_usd IS NULL` reads every row).
 */
export const noEstimateSql = `e.rowid IN (SELECT rowid FROM event_rows WHERE ${storedColumn('cost_estimated_usd')} IS NULL)`;

/** rows the chosen cost leaves empty although they have tokens: the estimate could not price them */
const unpricedRows: Record<Exclude<CostMode, 'reported'>, string> = {
  estimated: noEstimateSql,
  auto: `e.cost_reported_usd IS NULL AND ${noEstimateSql}`,
};

export const hasTokens =
  '(COALESCE(e.input_tokens, 0) > 0 OR COALESCE(e.cache_read_tokens, 0) > 0 OR COALESCE(e.cache_write_tokens, 0) > 0 OR COALESCE(e.output_tokens, 0) > 0)';

/** Aggregates over a group of unpriced rows, in the order `explainUnpriced` reads them: first time, then which token kinds it has. */
export const unpricedGroupSql =
  `MIN(e.ts), MAX(COALESCE(e.input_tokens, 0) > 0), MAX(COALESCE(e.cache_read_tokens, 0) > 0), MAX(COALESCE(e.output_tokens, 0) > 0),
   MAX(COALESCE(e.cache_write_tokens, 0) - COALESCE(e.cache_write_1h_tokens, 0) > 0), MAX(COALESCE(e.cache_write_1h_tokens, 0) > 0)`;

/**
 * Why a group of rows without an estimate has none: one token of every kind the group has, priced at
 * its first row's time — the same rates its rows were priced with. `flags` are unpricedGroupSql's values.
 */
export function explainUnpriced(model: unknown, provider: unknown, flags: readonly unknown[], overrides?: PriceOverrides): CostEstimate {
  const [at, input, cacheRead, output, cacheWrite, cacheWrite1h] = flags;
  const one = (flag: unknown) => (Number(flag) > 0 ? 1 : 0);
  const cacheWrite1hTokens = one(cacheWrite1h);
  return estimateCost(
    {
      model: model === null ? null : String(model),
      provider: provider === null ? null : String(provider),
      at: Number(at),
      inputTokens: one(input),
      cacheReadTokens: one(cacheRead),
      cacheWriteTokens: one(cacheWrite) + cacheWrite1hTokens,
      cacheWrite1hTokens,
      outputTokens: one(output),
      requests: 1,
    },
    { overrides },
  );
}

/**
 * The mode and, when it uses estimates, the models and token kinds without a price among the selected
 * rows that have tokens but no cost. One GROUP BY over those rows; each group (model, provider and which
 * kinds of tokens it has) is priced once more to learn why it has no price.
 */
export function costInfo(db: SqlRunner, scope: Scope, mode: CostMode, overrides?: PriceOverrides): CostInfo {
  if (mode === 'reported') return { mode, coverage: null };
  const groups = db.all(
    `${scope.with}SELECT (SELECT name FROM models WHERE model_key = e.model_key), e.provider, ${unpricedGroupSql}
     FROM events e WHERE ${scope.where} AND ${unpricedRows[mode]} AND ${hasTokens}
     GROUP BY e.model_key, e.provider`,
    scope.params,
  );
  const coverage = new PricingCoverage();
  for (const [model, provider, ...flags] of groups) coverage.add(explainUnpriced(model, provider, flags, overrides));
  return {
    mode,
    coverage: {
      unpricedModels: [...coverage.unpricedModels].sort(),
      unpricedTokenKinds: [...coverage.unpricedTokenKinds].map(([kind, models]) => ({ kind, models: [...models].sort() })),
      sentence: coverage.sentence(),
    },
  };
}
