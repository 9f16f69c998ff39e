/**
 * The columnar index keeps rows in (ts, rowid) order while the table is read in rowid order (an index on ts
 * would cost every event about 17 bytes for this alone). Rows mostly come as a few runs already in time
 * order, one per file or scan, so the runs are found and merged pairwise: linear for one run, n log(runs)
 * for more.
 */

/**
 * The positions of `ts[0..length)` in time order, equal times in the order given (a stable sort): taken
 * in rowid order, they come out in (ts, rowid) order. Null when they are in that order already.
 */
export function timeOrder(ts: Float64Array, length: number): Uint32Array | null {
  let bounds = [0];
  for (let i = 1; i < length; i++) if (ts[i]! < ts[i - 1]!) bounds.push(i);
  if (bounds.length === 1) return null;
  bounds.push(length);
  let from = new Uint32Array(length);
  for (let i = 0; i < length; i++) from[i] = i;
  let to = new Uint32Array(length);
  while (bounds.length > 2) {
    const merged = [0];
    for (let run = 0; run + 1 < bounds.length; run += 2) {
      const start = bounds[run]!;
      const middle = bounds[run + 1]!;
      const end = run + 2 < bounds.length ? bounds[run + 2]! : middle;
      let left = start;
      let right = middle;
      let out = start;
      while (left < middle && right < end) to[out++] = ts[from[right]!]! < ts[from[left]!]! ? from[right++]! : from[left++]!;
      while (left < middle) to[out++] = from[left++]!;
      while (right < end) to[out++] = from[right++]!;
      merged.push(end);
    }
    bounds = merged;
    [from, to] = [to, from];
  }
  return from;
}

/** Puts `column[0..order.length)` in `order` (from timeOrder); `spare` is a work array at least as long. */
export function reorder<T extends Float64Array | Int32Array>(column: T, order: Uint32Array, spare: T): void {
  const length = order.length;
  for (let i = 0; i < length; i++) spare[i] = column[order[i]!]!;
  column.set(spare.subarray(0, length));
}

/** Puts columns read in rowid order into (ts, rowid) order; `numbers[0]` is ts. */
export function inTimeOrder(numbers: readonly Float64Array[], others: readonly Int32Array[], length: number): void {
  const order = timeOrder(numbers[0]!, length);
  if (order === null) return;
  const spareNumbers = new Float64Array(length);
  for (const column of numbers) reorder(column, order, spareNumbers);
  if (others.length === 0) return;
  const spareInts = new Int32Array(length);
  for (const column of others) reorder(column, order, spareInts);
}
