/**
 * Reconciliation's sums per UTC day and model on the columnar index: each event's (day, model) cell and side,
 * then the cost of each (cell, side) summed in time order with the row-by-row pass's compensated summation, so
 * the sums are the same. The rows come sorted by time, so a day's cells are numbered as the day goes by.
 */
import type { Database } from 'sql.js';
import type { ReconciliationSums, Side, SideOf } from '../core/reports/reconciliation';
import type { PassScope } from '../core/sql';
import type { EventIndex } from './eventIndex';
import { compensatedSums, greatestRankPerGroup, providerRanks, selectedValues, valueOf } from './indexSums';
import { overwrittenFloat64, overwrittenInt32 } from './scratch';

const dayMs = 86_400_000;
const sides: readonly Side[] = ['billed', 'local', 'provider'];
const sideCount = sides.length;

export function reconciliationPassOn(index: EventIndex, db: Database): (scope: PassScope, sideOf: SideOf) => ReconciliationSums[] {
  return (scope, sideOf) => reconciliationSums(index, db, scope, sideOf);
}

function reconciliationSums(index: EventIndex, db: Database, scope: PassScope, sideOf: SideOf): ReconciliationSums[] {
  const selection = index.select(db, scope);
  const column = <Column extends Float64Array | Int32Array>(values: Column) => selectedValues(values, selection);
  const ts = column(index.numbers.ts);
  const models = column(index.keys.model_key);
  const { cells, days, modelKeys } = dayModelCells(ts, models, index.largestKey('model_key'));
  const sideOfSource = sidesOfSources(index.texts.source.values, index.largestKey('source_key'), sideOf);
  const sources = column(index.texts.source.codes);
  const sourceKeys = column(index.keys.source_key);

  // each (cell, side) a group of its own: the billed side sums the reported cost, the others the estimate
  const reported = column(index.numbers.cost_reported_usd);
  const estimated = column(index.numbers.cost_estimated_usd);
  const costs = overwrittenFloat64(selection.count);
  const groupOfRow = overwrittenInt32(selection.count);
  for (let s = 0; s < selection.count; s++) {
    const side = sideOfSource(sources[s]!, sourceKeys[s]!);
    costs[s] = side === 0 ? reported[s]! : estimated[s]!;
    groupOfRow[s] = cells[s]! * sideCount + side;
  }
  const sums = compensatedSums(costs, false, { groupOfRow, rows: new Int32Array(days.length * sideCount) });
  const { rankOf, names } = providerRanks(index.texts.provider.values);
  const greatest = greatestRankPerGroup(column(index.texts.provider.codes), rankOf, cells, days.length);
  return days.map((day, cell) => ({
    day,
    modelKey: modelKeys[cell] === -1 ? null : modelKeys[cell]!,
    sums: Object.fromEntries(sides.map((side, at) => [side, valueOf(sums, cell * sides.length + at)])) as Record<Side, number | null>,
    eventProvider: greatest[cell] === -1 ? null : names[greatest[cell]!]!,
  }));
}

/** Each row's (day, model) cell, numbered in order of first appearance, and each cell's day and model key (-1: none). */
function dayModelCells(ts: Float64Array, models: Int32Array, largestModel: number) {
  const cells = overwrittenInt32(ts.length);
  const days: number[] = [];
  const modelKeys: number[] = [];
  // the cell of model key k on the current day at k + 1, valid while its day is the current one
  const cellOf = new Int32Array(largestModel + 2);
  const dayOf = new Float64Array(largestModel + 2).fill(NaN);
  for (let s = 0; s < ts.length; s++) {
    const day = Math.floor(ts[s]! / dayMs);
    const slot = models[s]! + 1;
    if (dayOf[slot] !== day) {
      dayOf[slot] = day;
      cellOf[slot] = days.length;
      days.push(day);
      modelKeys.push(slot - 1);
    }
    cells[s] = cellOf[slot]!;
  }
  return { cells, days, modelKeys };
}

/** A row's side (its index in `sides`) by its source format's code and source key (-1: none), asked of `sideOf` once for each. */
function sidesOfSources(names: readonly (string | null)[], largestSourceKey: number, sideOf: SideOf): (source: number, sourceKey: number) => number {
  const width = largestSourceKey + 2;
  const known = new Int8Array(names.length * width).fill(-1);
  return (source, sourceKey) => {
    const at = source * width + sourceKey + 1;
    let side = known[at]!;
    if (side === -1) side = known[at] = sides.indexOf(sideOf(names[source] ?? '', sourceKey === -1 ? null : sourceKey));
    return side;
  };
}
