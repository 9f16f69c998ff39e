/**
 * Typed arrays on shared memory, for the columns of the index the figure thread (figureThread.ts) reads and the
 * rows of its tasks: a message carries them, not copies of them. Memory not written to is not taken, as with an
 * ArrayBuffer. Only arrays that live long: V8 lets shared memory that is no longer used go later than other memory
 * (8 MB arrays made and dropped in a loop: 189 MB resident at most, against 84), so those columns are shared in the
 * index's arrays and in the room an import's estimate makes for them, not in the arrays an import grows by doubling;
 * the other columns and a pass's work arrays stay unshared, and the tasks' rows travel in two buffers used again.
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
