/**
 * Estimated cost of a usage row from the bundled, offline @pydantic/genai-prices table (date-effective,
 * time-of-day and tiered prices) or from the user's per-model overrides, which win. A model or a token
 * kind without a price gives `unpriced`, never $0.
 */
import { noPriceOverrides, overrideKey } from './pricing/overrides';
import type { PriceOverride, PriceOverrides } from './pricing/overrides';
import { lookUpTableModel, rateFor, ratesAt } from './pricing/tableRates';
import type { PeriodRates, Rate } from './pricing/tableRates';

export { chooseCost, costModes, defaultCostMode, isCostMode } from './pricing/costMode';
export type { CostMode } from './pricing/costMode';
export { PricingCoverage, tokenKindLabels } from './pricing/coverage';
export { noPriceOverrides, parsePriceOverrides } from './pricing/overrides';
export type { ParsedPriceOverrides, PriceOverride, PriceOverrides } from './pricing/overrides';

/** One row's tokens in our model: the parts are disjoint, reasoning is already inside output. */
export interface PricingUsage {
  model: string | null | undefined;
  provider?: string | null;
  /** epoch ms; picks the price in force then */
  at: number;
  /** input that was neither read from nor written to the cache */
  inputTokens: number;
  cacheReadTokens: number;
  /** all cache writes; the 5m/1h parts, when known, are inside it */
  cacheWriteTokens: number;
  cacheWrite5mTokens?: number | null;
  cacheWrite1hTokens?: number | null;
  outputTokens: number;
  /** requests in the row; only models with a per-request fee need it */
  requests?: number | null;
}

export type { TokenKind } from '../shared/results';
import type { TokenKind } from '../shared/results';

export type CostEstimate =
  | { kind: 'priced'; usd: number; source: 'table' | 'override'; provider: string | null; model: string }
  | { kind: 'unpriced'; reason: 'model'; model: string; detail: string }
  | { kind: 'unpriced'; reason: 'token-kind'; model: string; tokenKinds: TokenKind[]; detail: string }
  | { kind: 'unpriced'; reason: 'usage'; model: string; detail: string };

export interface EstimateOptions {
  overrides?: PriceOverrides;
}

const perMillion = 1_000_000;

export function estimateCost(usage: PricingUsage, options: EstimateOptions = {}): CostEstimate {
  const model = usage.model?.trim() ?? '';
  if (model === '') return { kind: 'unpriced', reason: 'model', model: '(no model)', detail: 'the row names no model' };
  const invalid = invalidUsage(usage);
  if (invalid !== null) return { kind: 'unpriced', reason: 'usage', model, detail: invalid };

  const overrides = options.overrides ?? noPriceOverrides;
  const override = overrides.byModel.size > 0 ? overrides.byModel.get(overrideKey(model)) : undefined;
  if (override !== undefined) return priceWith(overrideRates(override), usage, model, 'override', null, model);

  const lookup = lookUpTableModel(model, usage.provider);
  if (!lookup.found) return { kind: 'unpriced', reason: 'model', model, detail: lookup.detail };
  return priceWith(ratesAt(lookup.model, usage.at), usage, model, 'table', lookup.model.providerId, lookup.model.modelId);
}

function priceWith(
  rates: PeriodRates,
  usage: PricingUsage,
  model: string,
  source: 'table' | 'override',
  pricedProvider: string | null,
  pricedModel: string,
): CostEstimate {
  const cacheWrite1h = usage.cacheWrite1hTokens ?? 0;
  const cacheWrite5m = usage.cacheWrite5mTokens ?? 0;
  // the library's tiers (e.g. Gemini above 200k prompt tokens) count every input token, cached or not
  const totalInput = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const missing: TokenKind[] = [];
  let perMillionUsd = 0;
  const add = (tokens: number, rate: Rate | undefined, kind: TokenKind): void => {
    if (tokens <= 0) return;
    if (rate === undefined) missing.push(kind);
    else perMillionUsd += tokens * rateFor(rate, totalInput);
  };

  add(usage.inputTokens, rates.input, 'input');
  add(usage.cacheReadTokens, rates.cacheRead, 'cache-read');
  add(cacheWrite1h, rates.cacheWrite1h, 'cache-write-1h');
  if (rates.cacheWrite5m !== undefined) {
    add(cacheWrite5m, rates.cacheWrite5m, 'cache-write');
    add(usage.cacheWriteTokens - cacheWrite1h - cacheWrite5m, rates.cacheWrite, 'cache-write');
  } else {
    // without a 5m price, 5m writes and writes of unknown duration are all at the plain cache-write price
    add(usage.cacheWriteTokens - cacheWrite1h, rates.cacheWrite, 'cache-write');
  }
  add(usage.outputTokens, rates.output, 'output');
  let usd = perMillionUsd / perMillion;

  if (rates.perThousandRequests !== undefined) {
    if (usage.requests == null) missing.push('requests');
    else usd += (usage.requests * rateFor(rates.perThousandRequests, totalInput)) / 1000;
  }

  if (missing.length > 0) {
    const kinds = [...new Set(missing)];
    return { kind: 'unpriced', reason: 'token-kind', model, tokenKinds: kinds, detail: `${pricedModel} has no ${kinds.join(', ')} price` };
  }
  return { kind: 'priced', usd, source, provider: pricedProvider, model: pricedModel };
}

function overrideRates(override: PriceOverride): PeriodRates {
  return {
    input: override.inputPerMTok,
    output: override.outputPerMTok,
    cacheRead: override.cacheReadPerMTok,
    cacheWrite: override.cacheWritePerMTok,
    // one cache-write price, when that is all the user gave, covers the 1-hour writes too
    cacheWrite1h: override.cacheWrite1hPerMTok ?? override.cacheWritePerMTok,
  };
}

function invalidUsage(usage: PricingUsage): string | null {
  // plain checks, not a loop over an object: this runs for every imported row
  const bad =
    badCount('inputTokens', usage.inputTokens) ??
    badCount('cacheReadTokens', usage.cacheReadTokens) ??
    badCount('cacheWriteTokens', usage.cacheWriteTokens) ??
    badCount('outputTokens', usage.outputTokens) ??
    (usage.cacheWrite5mTokens == null ? null : badCount('cacheWrite5mTokens', usage.cacheWrite5mTokens)) ??
    (usage.cacheWrite1hTokens == null ? null : badCount('cacheWrite1hTokens', usage.cacheWrite1hTokens)) ??
    (usage.requests == null ? null : badCount('requests', usage.requests));
  if (bad !== null) return bad;
  const parts = (usage.cacheWrite5mTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0);
  if (parts > usage.cacheWriteTokens) return `cache writes 5m + 1h (${parts}) exceed the cache-write total (${usage.cacheWriteTokens})`;
  if (typeof usage.at !== 'number' || !Number.isFinite(usage.at)) return `the time ${String(usage.at)} is not an instant`;
  return null;
}

function badCount(name: string, count: unknown): string | null {
  return typeof count === 'number' && Number.isFinite(count) && count >= 0 ? null : `${name} is ${String(count)}, not a count`;
}
