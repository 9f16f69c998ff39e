/**
 * The building blocks of the columnar index's passes: the selected rows numbered into groups (`denseGroups`,
 * `oneGroup`), a column's values at the selected rows (`selectedValues`: a view when the selection has no gap),
 * and per-group sums over them in time order. Each is a function of its own with one small loop (the sums' take
 * four rows a turn): V8 optimises each loop on its own, and a column whose values need no check (no NULL, whole
 * numbers) gets the plain loop.
 */
import type { ColumnFacts, Selection } from './eventIndex';
import { overwrittenFloat64, overwrittenInt32, zeroedInt32 } from './scratch';

/** The selected rows (each a column's values are read at, side by side: see selectedValues) numbered into groups. */
export interface Grouping extends Selection {
  /** each selected row's dense group id */
  groupOfRow: Int32Array;
  /** each group's key (-1 for NULL), groups in order of first appearance */
  keyOfGroup: number[];
  /** each group's row count */
  rows: Int32Array;
}

/** A figure per group; `seen` null when every group has a value (the column has no NULL). */
export interface PerGroup {
  sums: Float64Array;
  seen: Uint8Array | null;
}

/** A group's figure: null when none of its rows had a value. */
export function valueOf({ sums, seen }: PerGroup, group: number): number | null {
  return seen === null || seen[group] === 1 ? sums[group]! : null;
}

export function denseGroups(selection: Selection, groupKeys: Int32Array, largestKey: number): Grouping {
  // key k at k + 1 of the lookups, NULL at 0
  const denseOf = new Int32Array(largestKey + 2).fill(-1);
  const rowsOf = new Int32Array(largestKey + 2);
  const keyOfGroup: number[] = [];
  const { count, contiguousFrom, selected } = selection;
  const groupOfRow = overwrittenInt32(count);
  // without a gap the keys are read in place, not through the selected rows
  const keys = contiguousFrom === null ? null : groupKeys.subarray(contiguousFrom, contiguousFrom + count);
  for (let s = 0; s < count; s++) {
    const slot = (keys === null ? groupKeys[selected![s]!]! : keys[s]!) + 1;
    let group = denseOf[slot]!;
    if (group === -1) {
      group = denseOf[slot] = keyOfGroup.length;
      keyOfGroup.push(slot - 1);
    }
    groupOfRow[s] = group;
    rowsOf[slot]!++;
  }
  const rows = Int32Array.from(keyOfGroup, (key) => rowsOf[key + 1]!);
  return { ...selection, groupOfRow, keyOfGroup, rows };
}

/** Every selected row in one group (key -1: none); no group when none is selected. */
export function oneGroup(selection: Selection): Grouping {
  const { count } = selection;
  return { ...selection, groupOfRow: zeroedInt32(count), keyOfGroup: count > 0 ? [-1] : [], rows: count > 0 ? Int32Array.of(count) : new Int32Array(0) };
}

/** A column's values at the selected rows: a view of the column when they are a run, else a copy. */
export function selectedValues<Column extends Float64Array | Int32Array>(values: Column, { count, contiguousFrom, selected }: Selection): Column {
  if (contiguousFrom !== null) return values.subarray(contiguousFrom, contiguousFrom + count) as Column;
  const gathered = (values instanceof Float64Array ? overwrittenFloat64(count) : overwrittenInt32(count)) as Column;
  for (let s = 0; s < count; s++) gathered[s] = values[selected![s]!]!;
  return gathered;
}


/** What a sum needs of a grouping: each row's group and each group's row count (their length is the group count). */
export type GroupedRows = Pick<Grouping, 'groupOfRow' | 'rows'>;

/**
 * Rows a turn of the loops below take. V8 spends about as long on a loop's own turn as on the add it makes, so
 * these loops add four rows a turn, in row order (a measured 1.9× at ten million rows).
 */
export const rowsPerTurn = 4;

/**
 * Plain sums: integer figures, and any column of whole numbers (exact, so equal to the compensated sum).
 * `anyOrder`: every partial sum is exact (ColumnFacts.wholeNumbers), so the rows of a turn may go to four sums of
 * their own, added together at the end: an add then does not wait for the one before it to the same group (few
 * groups, as by model, made each wait; ~1.6x at a million rows).
 */
export function plainSums(values: Float64Array, complete: boolean, { groupOfRow, rows }: GroupedRows, anyOrder = false): PerGroup {
  const sums = new Float64Array(rows.length);
  const count = groupOfRow.length;
  const turnsEnd = count - (count % rowsPerTurn);
  // the second, third and fourth row of a turn add to sums of their own when the order does not matter
  const second = anyOrder ? new Float64Array(rows.length) : sums;
  const third = anyOrder ? new Float64Array(rows.length) : sums;
  const fourth = anyOrder ? new Float64Array(rows.length) : sums;
  const addedUp = () => {
    if (anyOrder) for (let group = 0; group < sums.length; group++) sums[group]! += second[group]! + third[group]! + fourth[group]!;
  };
  if (complete) {
    let s = 0;
    for (; s < turnsEnd; s += rowsPerTurn) {
      sums[groupOfRow[s]!]! += values[s]!;
      second[groupOfRow[s + 1]!]! += values[s + 1]!;
      third[groupOfRow[s + 2]!]! += values[s + 2]!;
      fourth[groupOfRow[s + 3]!]! += values[s + 3]!;
    }
    for (; s < count; s++) sums[groupOfRow[s]!]! += values[s]!;
    addedUp();
    return { sums, seen: null };
  }
  const seen = new Uint8Array(rows.length);
  const addOne = (s: number) => {
    const value = values[s]!;
    if (value === value) {
      const group = groupOfRow[s]!;
      sums[group]! += value;
      seen[group] = 1;
    }
  };
  let s = 0;
  for (; s < turnsEnd; s += rowsPerTurn) {
    const a = values[s]!;
    const b = values[s + 1]!;
    const c = values[s + 2]!;
    const d = values[s + 3]!;
    // most turns have a value in each row: no test per row then
    if (a === a && b === b && c === c && d === d) {
      const p = groupOfRow[s]!;
      const q = groupOfRow[s + 1]!;
      const r = groupOfRow[s + 2]!;
      const t = groupOfRow[s + 3]!;
      sums[p]! += a;
      seen[p] = 1;
      second[q]! += b;
      seen[q] = 1;
      third[r]! += c;
      seen[r] = 1;
      fourth[t]! += d;
      seen[t] = 1;
    } else for (let row = s; row < s + rowsPerTurn; row++) addOne(row);
  }
  for (; s < count; s++) addOne(s);
  addedUp();
  return { sums, seen };
}

/** Compensated (Kahan–Babuška–Neumaier) sums, CompensatedSum's steps on arrays, rowsPerTurn rows a turn. */
export function compensatedSums(values: Float64Array, complete: boolean, { groupOfRow, rows }: GroupedRows): PerGroup {
  const sums = new Float64Array(rows.length);
  const compensations = new Float64Array(rows.length);
  const seen = complete ? null : new Uint8Array(rows.length);
  const add = (group: number, value: number) => {
    const sum = sums[group]!;
    const next = sum + value;
    compensations[group]! += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sums[group] = next;
  };
  const addOne = (s: number) => {
    const value = values[s]!;
    if (value !== value) return;
    const group = groupOfRow[s]!;
    add(group, value);
    if (seen !== null) seen[group] = 1;
  };
  const count = groupOfRow.length;
  const turnsEnd = count - (count % rowsPerTurn);
  let s = 0;
  for (; s < turnsEnd; s += rowsPerTurn) {
    const a = values[s]!;
    const b = values[s + 1]!;
    const c = values[s + 2]!;
    const d = values[s + 3]!;
    if (a === a && b === b && c === c && d === d) {
      const p = groupOfRow[s]!;
      const q = groupOfRow[s + 1]!;
      const r = groupOfRow[s + 2]!;
      const t = groupOfRow[s + 3]!;
      add(p, a);
      add(q, b);
      add(r, c);
      add(t, d);
      if (seen !== null) {
        seen[p] = 1;
        seen[q] = 1;
        seen[r] = 1;
        seen[t] = 1;
      }
    } else for (let row = s; row < s + rowsPerTurn; row++) addOne(row);
  }
  for (; s < count; s++) addOne(s);
  for (let group = 0; group < sums.length; group++) sums[group]! += compensations[group]!;
  return { sums, seen };
}

/**
 * A column's sum per group: plain for counts (`compensate` false) and for whole numbers that add up exactly, else
 * compensated as CompensatedSum adds (money, latencies).
 */
export function columnSums(values: Float64Array, facts: ColumnFacts, compensate: boolean, grouped: GroupedRows): PerGroup {
  return compensate && !facts.wholeNumbers ? compensatedSums(values, facts.complete, grouped) : plainSums(values, facts.complete, grouped, facts.wholeNumbers);
}

/** Provider names in the order they compare, and each dictionary code's rank among them; NULL and the empty name rank -1, below every name. */
export function providerRanks(values: readonly (string | null)[]): { rankOf: Int32Array; names: string[] } {
  const byName = values.map((name, code) => ({ name, code })).filter(({ name }) => name !== null && name !== '');
  byName.sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0));
  const rankOf = new Int32Array(values.length).fill(-1);
  byName.forEach(({ code }, rank) => (rankOf[code] = rank));
  return { rankOf, names: byName.map(({ name }) => name!) };
}

/** The greatest rank per group of the codes at the selected rows; -1 for none. */
export function greatestRankPerGroup(codes: Int32Array, rankOf: Int32Array, groupOfRow: Int32Array, groups: number): Int32Array {
  const greatest = new Int32Array(groups).fill(-1);
  for (let s = 0; s < groupOfRow.length; s++) {
    const rank = rankOf[codes[s]!]!;
    const group = groupOfRow[s]!;
    if (rank > greatest[group]!) greatest[group] = rank;
  }
  return greatest;
}
