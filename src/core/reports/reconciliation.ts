/**
 * Reconciliation: per UTC day and model, the billed cost (bill lines of the providers' cost sources)
 * next to two estimates from the price table — over the local rows (agent logs, imported files) and over
 * the provider's own token counts (its usage API or console export) — with the differences, the coverage
 * (estimate ÷ billed, in %) and what the estimates could not price. A side without rows is empty, never
 * $0; a row with only one side still appears. Days are UTC days because bills are bucketed by UTC day.
 */
import { tokenKindLabels, type CostEstimate, type PriceOverrides } from '../pricing';
import type { PassScope, SqlRunner } from '../sql';
import { ALL_TIME, type TimeRange } from '../timeframe';
import { explainUnpriced, hasTokens, noEstimateSql, unpricedGroupSql } from './cost';
import { CompensatedSum } from './groupTotals';
import { money, roundTo, text } from './numbers';
import { eachEvent } from './eventPass';
import { eventScope, type Cell, type ReportQuery } from './query';

/** Formats whose rows are bill lines: billed USD per day (and model where the bill names it). */
export const billFormats = ['anthropic-cost', 'openai-cost', 'copilot-billing'] as const;
/** Formats holding a provider's own token counts, from its admin API or its console's export. */
export const providerUsageFormats = ['anthropic-usage', 'openai-usage'] as const;

export const notByModelLabel = '(not by model)';
export const totalLabel = 'Total';

const dayMs = 86_400_000;
export type Side = 'billed' | 'local' | 'provider';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
/** the UTC day number of e.ts, rounding down also before 1970 */
const daySql = `(e.ts / ${dayMs} - (e.ts % ${dayMs} < 0))`;
/** rows of other fetch sources (proxies, observability tools) count as provider token counts too */
const sideSql = `CASE WHEN e.source IN (${list(billFormats)}) THEN 'billed'
  WHEN e.source IN (${list(providerUsageFormats)}) OR e.source_key IN (SELECT source_key FROM sources WHERE kind = 'fetch') THEN 'provider'
  ELSE 'local' END`;

/** sideSql's rule, on a row's source format and source key */
function sideResolver(db: SqlRunner): (source: string, sourceKey: number | null) => Side {
  const fetched = new Set(db.all("SELECT source_key FROM sources WHERE kind = 'fetch'").map(([key]) => Number(key)));
  const billed = new Set<string>(billFormats);
  const provider = new Set<string>(providerUsageFormats);
  return (source, sourceKey) => (billed.has(source) ? 'billed' : provider.has(source) || (sourceKey !== null && fetched.has(sourceKey)) ? 'provider' : 'local');
}

/** The whole UTC days a range touches: a bill day is never cut by the report's zone. */
export function utcDays(range: TimeRange): TimeRange {
  return { start: Math.floor(range.start / dayMs) * dayMs, end: Math.ceil(range.end / dayMs) * dayMs };
}

const isoDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

/** Names the report's days in its header, the CLI's stderr and json `notes` (all time names none). */
export function utcDaysNote(range: TimeRange): string {
  const days = utcDays(range);
  if (days.end <= days.start || (range.start === ALL_TIME.start && range.end === ALL_TIME.end)) return 'Days are UTC days (provider bills are bucketed by UTC day).';
  return `Days are UTC days (provider bills are bucketed by UTC day): ${isoDay(days.start / dayMs)} to ${isoDay(days.end / dayMs - 1)} UTC.`;
}

/** One (UTC day, model) row's sums per side (null: its events on that side all lack the cost) and the greatest provider its events name. */
export interface ReconciliationSums {
  day: number;
  modelKey: number | null;
  sums: Record<Side, number | null>;
  eventProvider: string | null;
}

/** Which side an event is on, by its source format and source key. */
export type SideOf = (source: string, sourceKey: number | null) => Side;

/** The rows' sums, added up row by row over `eachEvent`: the billed cost on the billed side, else the estimate. */
export function reconciliationOnRows(db: SqlRunner, scope: PassScope, sideOf: SideOf): ReconciliationSums[] {
  const rows = new Map<number, { day: number; modelKey: number | null; sums: Record<Side, CompensatedSum>; eventProvider: string | null }>();
  eachEvent(db, scope, ['ts', 'model_key', 'source', 'source_key', 'cost_reported_usd', 'cost_estimated_usd', 'provider'],
    ([ts, modelKey, source, sourceKey, reported, estimated, provider]) => {
      const day = Math.floor((ts as number) / dayMs);
      // one number per (day, model key), exact: keys are below 2^31, days within 2^21 of 1970 (5,700 years)
      const key = day * 2 ** 32 + (modelKey === null ? 0 : (modelKey as number) + 1);
      let row = rows.get(key);
      if (!row) {
        row = { day, modelKey: modelKey as number | null, sums: { billed: new CompensatedSum(), local: new CompensatedSum(), provider: new CompensatedSum() }, eventProvider: null };
        rows.set(key, row);
      }
      const side = sideOf(source as string, sourceKey as number | null);
      // a side with rows whose values are all unknown stays empty: add(null) marks nothing
      row.sums[side].add((side === 'billed' ? reported : estimated) as number | null);
      if (provider !== null && (provider as string) > (row.eventProvider ?? '')) row.eventProvider = provider as string;
    },
  );
  return [...rows.values()].map(({ sums, ...row }) => ({ ...row, sums: { billed: sums.billed.value, local: sums.local.value, provider: sums.provider.value } }));
}

class Row {
  readonly unpriced = new Set<string>();
  constructor(
    readonly day: number,
    readonly modelKey: number | null,
    readonly sums: Record<Side, number | null> = { billed: null, local: null, provider: null },
    readonly provider: string | null = null,
  ) {}
}

/** "no price", "no cache-write price", "unusable token counts" */
function unpricedPhrase(estimate: CostEstimate): string | null {
  if (estimate.kind === 'priced') return null;
  if (estimate.reason === 'model') return 'no price';
  if (estimate.reason === 'usage') return 'unusable token counts';
  return `no ${estimate.tokenKinds.map((kind) => tokenKindLabels[kind]).join(', ')} price`;
}

function figures(billed: number | null, local: number | null, provider: number | null): Cell[] {
  const minus = (estimate: number | null) => (estimate === null || billed === null ? null : money(estimate - billed));
  const coverage = (estimate: number | null) => (estimate === null || billed === null || billed === 0 ? null : roundTo((estimate / billed) * 100, 2));
  return [money(billed), money(local), money(provider), minus(local), minus(provider), coverage(local), coverage(provider)];
}

export function reconciliationReport(db: SqlRunner, query: ReportQuery, range: TimeRange, overrides?: PriceOverrides): Cell[][] {
  const scope = eventScope(utcDays(range), query.filters, { target: 'model', text: query.search });
  const passScope = { range: utcDays(range), filters: query.filters, search: { target: 'model' as const, text: query.search } };
  const sideOf = sideResolver(db);
  const sums = db.reconciliationPass ? db.reconciliationPass(passScope, sideOf) : reconciliationOnRows(db, passScope, sideOf);
  const keyOf = (day: number, modelKey: number | null) => `${day}:${modelKey}`;
  const rows = new Map(sums.map(({ day, modelKey, sums, eventProvider }) => [keyOf(day, modelKey), new Row(day, modelKey, sums, eventProvider)]));
  const rowOf = (day: number, modelKey: number | null) => {
    const key = keyOf(day, modelKey);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = new Row(day, modelKey)));
    return row;
  };
  const unpricedGroups = db.all(
    `${scope.with}SELECT ${daySql}, e.model_key, (SELECT name FROM models WHERE model_key = e.model_key), e.provider, ${unpricedGroupSql}
     FROM events e WHERE ${scope.where} AND (${sideSql}) <> 'billed' AND ${noEstimateSql} AND ${hasTokens}
     GROUP BY 1, e.model_key, e.provider`,
    scope.params,
  );
  const totalUnpriced = new Set<string>();
  for (const [day, modelKey, model, provider, ...flags] of unpricedGroups) {
    const phrase = unpricedPhrase(explainUnpriced(model, provider, flags, overrides));
    if (phrase === null) continue;
    rowOf(Number(day), modelKey === null ? null : Number(modelKey)).unpriced.add(phrase);
    totalUnpriced.add(`${text(model) ?? notByModelLabel}: ${phrase}`);
  }

  const models = new Map(db.all('SELECT model_key, name, provider FROM models').map((row) => [Number(row[0]), row]));
  const name = (key: number | null) => (key === null ? null : text(models.get(key)?.[1]));
  // each row's model name and day found once, not in every comparison (a year of days by model is thousands of rows)
  const named = [...rows.values()].map((row) => ({ row, name: name(row.modelKey) }));
  const ordered = named.sort((a, b) => {
    if (a.row.day !== b.row.day) return a.row.day - b.row.day;
    return a.name === b.name ? 0 : a.name === null ? 1 : b.name === null ? -1 : a.name < b.name ? -1 : 1;
  });
  const dayTexts = new Map<number, string>();
  const dayText = (day: number) => {
    let found = dayTexts.get(day);
    if (found === undefined) dayTexts.set(day, (found = isoDay(day)));
    return found;
  };
  const totals = { billed: new CompensatedSum(), local: new CompensatedSum(), provider: new CompensatedSum() };
  const out: Cell[][] = ordered.map(({ row, name: modelName }) => {
    const [billed, local, provider] = (['billed', 'local', 'provider'] as const).map((side) => {
      const value = row.sums[side];
      totals[side].add(value);
      return value;
    });
    return [
      dayText(row.day),
      modelName ?? notByModelLabel,
      (row.modelKey === null ? null : text(models.get(row.modelKey)?.[2])) ?? row.provider,
      ...figures(billed!, local!, provider!),
      row.unpriced.size === 0 ? null : [...row.unpriced].sort().join('; '),
    ];
  });
  if (out.length > 0) {
    out.push([
      totalLabel, null, null,
      ...figures(totals.billed.value, totals.local.value, totals.provider.value),
      totalUnpriced.size === 0 ? null : [...totalUnpriced].sort().join('; '),
    ]);
  }
  return out;
}
