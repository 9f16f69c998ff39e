/**
 * Typed arrays on shared memory, for the columns of the index the figure thread (figureThread.ts) reads: a message
 * carries them, not copies of them. Memory not written to is not taken, as with an ArrayBuffer. Only those columns,
 * and only in their final arrays: V8 lets shared memory that is no longer used go later than other memory (8 MB
 * arrays made and dropped in a loop: 189 MB resident at most, against 84), so the arrays an import grows, the
 * other columns and a pass's work arrays stay unshared (a task's few work arrays are copied into its message).
 */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

/** An array of `like`'s kind and this length: on shared memory when `shared`. */
export function arrayLike<A extends Float64Array | Int32Array>(like: A, length: number, shared = false): A {
  if (shared) return (like instanceof Float64Array ? sharedFloat64(length) : sharedInt32(length)) as A;
  return new (like.constructor as new (length: number) => A)(length);
}
