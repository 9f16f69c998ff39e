/**
 * Work arrays of the report passes, reused from one store call to the next. A new typed array of a million
 * rows is memory the kernel hands over page by page (4–6 ms per 4–8 MB on this project's machine kind, and an
 * all-time report takes several); a reused one is there already and only needs zeroing. Every array comes
 * zeroed, as `new` gives it, unless the caller writes it whole first (`overwrittenInt32`). The arrays handed
 * out during a call stay that call's until the next one starts (`nextScratchCall`, when the store makes a
 * report runner): a pass's figures may be read until its report is done.
 * Between calls the pool keeps about what the store reserved after its last change (the arrays most passes take).
 */

/** Smaller arrays are allocated as usual: too small for their pages to matter. */
const pooledFromBytes = 8 * 1024;
/** Past this many bytes handed out in one call, arrays are allocated as usual (a caller that never starts a new call). */
const callLimitBytes = 1 << 30;

/** A power of two: a later, slightly longer selection fits the same buffer (pages past its length stay untouched). */
function bufferSize(bytes: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(bytes, 1)));
}

const free: ArrayBuffer[] = [];
const used: ArrayBuffer[] = [];
let usedBytes = 0;
/** what the last `reserveScratch` asked for: between calls the pool keeps about that much (the largest buffers) */
let keptBytes = 0;

/**
 * A new store call: the arrays handed out before are free to hand out again, the largest of them up to about
 * what was reserved; the others go (a read that needed more, a filtered one gathering columns, does not keep
 * its extra memory for good).
 */
export function nextScratchCall(): void {
  const all = [...free, ...used].sort((a, b) => b.byteLength - a.byteLength);
  free.length = 0;
  used.length = 0;
  usedBytes = 0;
  let kept = 0;
  for (const held of all) {
    if (kept + held.byteLength > keptBytes * 1.25) continue;
    free.push(held);
    kept += held.byteLength;
  }
}

/**
 * Buffers let go of before a change: until the garbage collector takes them, a buffer is taken back rather than new
 * memory allocated beside them (a change that makes little garbage, a repricing, saw no collection before the pool
 * was reserved again: 16 MB more at a million events each time).
 */
let letGo: WeakRef<ArrayBuffer>[] = [];

/** The smallest buffer let go of and not yet collected that holds `bytes`; null when none does. */
function takenBack(bytes: number): ArrayBuffer | null {
  letGo = letGo.filter((ref) => ref.deref() !== undefined);
  let best = -1;
  for (let i = 0; i < letGo.length; i++) {
    const size = letGo[i]!.deref()!.byteLength;
    if (size >= bytes && (best === -1 || size < letGo[best]!.deref()!.byteLength)) best = i;
  }
  return best === -1 ? null : letGo.splice(best, 1)[0]!.deref()!;
}

/**
 * Lets go of every pooled buffer: before a change (an import, a repricing), whose own memory should not come on
 * top of what the reads before it had pooled.
 */
export function releaseScratch(): void {
  for (const held of [...free, ...used]) letGo.push(new WeakRef(held));
  free.length = 0;
  used.length = 0;
  usedBytes = 0;
  keptBytes = 0;
}

/** Bytes of the buffers free to hand out. */
export function freeScratchBytes(): number {
  return free.reduce((sum, held) => sum + held.byteLength, 0);
}

/**
 * Puts buffers of these sizes among the free ones, their pages touched: the first report after a change then
 * finds the arrays most passes take (the selected rows, their groups, a column's values) ready.
 */
export function reserveScratch(sizes: readonly number[]): void {
  keptBytes = sizes.reduce((sum, bytes) => sum + bufferSize(bytes), 0);
  const wanted = [...sizes];
  for (const held of free) {
    const fits = wanted.findIndex((bytes) => held.byteLength >= bytes);
    if (fits !== -1) wanted.splice(fits, 1);
  }
  for (const bytes of wanted) {
    if (bytes < pooledFromBytes) continue;
    const reserved = takenBack(bytes) ?? new ArrayBuffer(bufferSize(bytes));
    new Uint8Array(reserved, 0, bytes).fill(0);
    free.push(reserved);
  }
}

function buffer(bytes: number): ArrayBuffer | null {
  if (bytes < pooledFromBytes || usedBytes + bytes > callLimitBytes) return null;
  // the smallest free buffer that fits
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const size = free[i]!.byteLength;
    if (size >= bytes && (best === -1 || size < free[best]!.byteLength)) best = i;
  }
  const taken = best === -1 ? (takenBack(bytes) ?? new ArrayBuffer(bufferSize(bytes))) : free.splice(best, 1)[0]!;
  used.push(taken);
  usedBytes += taken.byteLength;
  return taken;
}

export function zeroedInt32(length: number): Int32Array {
  const taken = buffer(length * 4);
  return taken === null ? new Int32Array(length) : new Int32Array(taken, 0, length).fill(0);
}

export function zeroedFloat64(length: number): Float64Array {
  const taken = buffer(length * 8);
  return taken === null ? new Float64Array(length) : new Float64Array(taken, 0, length).fill(0);
}

/**
 * An array of the pool with what an earlier read left in it: for an array its caller writes whole before it
 * reads any of it (zeroing a reused array costs about what a pass over it does: 80 MB at ten million rows).
 */
export function overwrittenInt32(length: number): Int32Array {
  const taken = buffer(length * 4);
  return taken === null ? new Int32Array(length) : new Int32Array(taken, 0, length);
}

/** overwrittenInt32's Float64Array. */
export function overwrittenFloat64(length: number): Float64Array {
  const taken = buffer(length * 8);
  return taken === null ? new Float64Array(length) : new Float64Array(taken, 0, length);
}

export function zeroedUint8(length: number): Uint8Array {
  const taken = buffer(length);
  return taken === null ? new Uint8Array(length) : new Uint8Array(taken, 0, length).fill(0);
}
