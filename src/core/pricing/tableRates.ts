/**
 * Per-token rates from the bundled @pydantic/genai-prices table, looked up once per (provider, model)
 * and kept with every price period of the model, so that pricing a row is a map lookup, a period pick
 * and a few multiplications (the library's own calcPrice costs tens of µs per call).
 *
 * Only the bundled data is used: nothing here calls the library's updatePrices, so it never fetches.
 */
import type * as PriceTable from '@pydantic/genai-prices';
import type { ConditionalPrice, ModelInfo, ModelPrice } from '@pydantic/genai-prices';

/**
 * The table is loaded on the first lookup, not with the bundle: evaluating it takes ~70 ms, which every
 * thread that never prices a row (the CLI's main thread, the extension host) or prices later (the store
 * worker, while it starts a scan thread) would otherwise wait through at start-up.
 */
let table: typeof PriceTable | undefined;
function priceTable(): typeof PriceTable {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load it at start-up
  return (table ??= require('@pydantic/genai-prices') as typeof PriceTable);
}

/** USD per million tokens (per thousand for requests); tiered = chosen by the row's total input tokens. */
export type Rate = number | TieredRate;

export interface TieredRate {
  base: number;
  /** ascending by start; a tier applies when the total input exceeds its start */
  tiers: readonly { start: number; price: number }[];
}

/** The rates of one price period, by our token kinds; a missing rate means the table has no price. */
export interface PeriodRates {
  input?: Rate;
  output?: Rate;
  cacheRead?: Rate;
  cacheWrite?: Rate;
  cacheWrite5m?: Rate;
  cacheWrite1h?: Rate;
  perThousandRequests?: Rate;
}

type PeriodConstraint =
  | { type: 'always' }
  | { type: 'from'; startMs: number }
  | { type: 'daily'; startSecond: number; endSecond: number };

interface PricePeriod {
  constraint: PeriodConstraint;
  rates: PeriodRates;
}

export interface TableModel {
  providerId: string;
  modelId: string;
  periods: readonly PricePeriod[];
}

export type TableLookup = { found: true; model: TableModel } | { found: false; detail: string };

// provider ('' when none) → model → lookup: two maps, so a row costs no key string
const lookups = new Map<string, Map<string, TableLookup>>();
// model names come from imported files; a file of random names must not grow the cache without bound
const maxLookups = 10_000;

/** The table's entry for a model, by the given provider or, without one the table knows, by the model's name. */
export function lookUpTableModel(model: string, provider: string | null | undefined): TableLookup {
  const providerKey = provider ?? '';
  let byModel = lookups.get(providerKey);
  if (byModel === undefined) {
    if (lookups.size >= maxLookups) lookups.clear();
    lookups.set(providerKey, (byModel = new Map()));
  }
  let lookup = byModel.get(model);
  if (lookup === undefined) {
    lookup = resolve(model, provider);
    if (byModel.size >= maxLookups) byModel.clear();
    byModel.set(model, lookup);
  }
  return lookup;
}

function resolve(model: string, provider: string | null | undefined): TableLookup {
  const knownProvider = provider != null && provider.trim() !== '' && priceTable().findProvider({ providerId: provider }) !== undefined;
  try {
    // empty usage: only the matched provider and model are wanted here, prices are read per period below
    const match = priceTable().calcPrice({}, model, knownProvider ? { providerId: provider } : {});
    if (match === null) {
      return { found: false, detail: knownProvider ? `${provider}/${model} is not in the price table` : `${model} is not in the price table` };
    }
    return { found: true, model: tableModelOf(match.provider.id, match.model) };
  } catch (error) {
    return { found: false, detail: `${model}: the price table entry is unreadable (${(error as Error).message})` };
  }
}

/** A table entry's price periods, read once; throws on a constraint it cannot read. */
export function tableModelOf(providerId: string, model: ModelInfo): TableModel {
  const periods: PricePeriod[] = Array.isArray(model.prices)
    ? (model.prices as ConditionalPrice[]).map((period) => ({ constraint: constraintOf(period), rates: ratesOf(period.prices) }))
    : [{ constraint: { type: 'always' }, rates: ratesOf(model.prices) }];
  return { providerId, modelId: model.id, periods };
}

function constraintOf(period: ConditionalPrice): PeriodConstraint {
  const constraint = period.constraint;
  if (constraint === undefined) return { type: 'always' };
  if (constraint.type === 'start_date') {
    const startMs = Date.parse(`${constraint.start_date}T00:00:00Z`);
    if (Number.isNaN(startMs)) throw new Error(`bad start date ${constraint.start_date}`);
    return { type: 'from', startMs };
  }
  if (constraint.type === 'time_of_date') {
    return { type: 'daily', startSecond: utcSecondOfDay(constraint.start_time), endSecond: utcSecondOfDay(constraint.end_time) };
  }
  throw new Error(`unknown price constraint ${JSON.stringify(constraint)}`);
}

/** `16:30:00Z`, `08:00:00+08:00` → the UTC second of the day it names. */
function utcSecondOfDay(time: string): number {
  const parts = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!parts) throw new Error(`bad time of day ${time}`);
  const [, hours, minutes, seconds, fraction = '', sign, offsetHours = '0', offsetMinutes = '0'] = parts;
  const local = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0${fraction}`);
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60 * (sign === '-' ? -1 : 1);
  return (local - offset + 86400) % 86400;
}

function ratesOf(price: ModelPrice): PeriodRates {
  return {
    input: rateOf(price.input_mtok),
    output: rateOf(price.output_mtok),
    cacheRead: rateOf(price.cache_read_mtok),
    cacheWrite: rateOf(price.cache_write_mtok),
    cacheWrite5m: rateOf(price.cache_write_5m_mtok),
    cacheWrite1h: rateOf(price.cache_write_1h_mtok),
    perThousandRequests: rateOf(price.requests_kcount),
  };
}

function rateOf(value: ModelPrice[string]): Rate | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return { base: value.base, tiers: [...value.tiers].sort((a, b) => a.start - b.start) };
}

/** The period in force at `at`, chosen as the library does: the last matching period, else the first. */
export function ratesAt(model: TableModel, at: number): PeriodRates {
  const periods = model.periods;
  for (let index = periods.length - 1; index >= 0; index--) {
    const period = periods[index]!;
    if (inForce(period.constraint, at)) return period.rates;
  }
  return periods[0]!.rates;
}

const msPerDay = 86_400_000;

function inForce(constraint: PeriodConstraint, at: number): boolean {
  switch (constraint.type) {
    case 'always':
      return true;
    case 'from':
      return at >= constraint.startMs;
    case 'daily': {
      const second = (((at % msPerDay) + msPerDay) % msPerDay) / 1000;
      const { startSecond, endSecond } = constraint;
      // a window such as 16:30–00:30 wraps past midnight
      return endSecond < startSecond ? second >= startSecond || second < endSecond : second >= startSecond && second < endSecond;
    }
  }
}

/** The rate for a row whose total input (uncached + cache read + cache write) is `totalInput`. */
export function rateFor(rate: Rate, totalInput: number): number {
  if (typeof rate === 'number') return rate;
  let price = rate.base;
  for (const tier of rate.tiers) if (totalInput > tier.start) price = tier.price;
  return price;
}
