/** The passes' pooled work arrays: zeroed like `new`, never shared within a call, reused by the next call. */
import { describe, expect, it } from 'vitest';
import { freeScratchBytes, nextScratchCall, overwrittenInt32, releaseScratch, reserveScratch, zeroedFloat64, zeroedInt32, zeroedUint8 } from '../../src/store/scratch';

describe('scratch arrays', () => {
  it('come zeroed, apart from each other within a call, and from the same memory in the next call', () => {
    releaseScratch();
    // the pool keeps about what was last reserved between calls: room for two arrays here
    reserveScratch([200_000, 200_000]);
    nextScratchCall();
    const first = zeroedInt32(50_000);
    const second = zeroedInt32(50_000);
    expect(second.buffer).not.toBe(first.buffer);
    first.fill(7);
    second.fill(9);
    expect(first.every((value) => value === 7)).toBe(true);
    nextScratchCall();
    const again = zeroedFloat64(20_000);
    expect([first.buffer, second.buffer]).toContain(again.buffer);
    expect(again.every((value) => value === 0)).toBe(true);
    const bytes = zeroedUint8(100_000);
    expect([first.buffer, second.buffer]).toContain(bytes.buffer);
    expect(bytes.buffer).not.toBe(again.buffer);
    expect(bytes.every((value) => value === 0)).toBe(true);
  });

  it('keeps between calls only about what was reserved, the largest buffers first', () => {
    releaseScratch();
    reserveScratch([1 << 20]);
    nextScratchCall();
    zeroedUint8(1 << 20);
    zeroedUint8(1 << 19);
    zeroedUint8(1 << 18);
    nextScratchCall();
    // 1 MiB reserved: its buffer and the 256 KiB one are kept (within a quarter more), the 512 KiB one goes
    expect(freeScratchBytes()).toBe((1 << 20) + (1 << 18));
  });

  it('allocates small arrays as usual, and reserved buffers serve the next call', () => {
    nextScratchCall();
    const small = zeroedInt32(100);
    expect(small.buffer.byteLength).toBe(400);
    const before = freeScratchBytes();
    reserveScratch([3_000_000 * 4]);
    expect(freeScratchBytes()).toBe(before + 2 ** 24);
    // what is free already is not reserved twice
    reserveScratch([3_000_000 * 4]);
    expect(freeScratchBytes()).toBe(before + 2 ** 24);
    nextScratchCall();
    const rows = zeroedInt32(3_000_000);
    expect(rows.buffer.byteLength).toBe(2 ** 24);
    expect(freeScratchBytes()).toBe(before);
  });

  it('lets go of every buffer before a change', () => {
    zeroedFloat64(100_000);
    nextScratchCall();
    expect(freeScratchBytes()).toBeGreaterThan(0);
    releaseScratch();
    expect(freeScratchBytes()).toBe(0);
    nextScratchCall();
    expect(freeScratchBytes()).toBe(0);
  });

  it('takes back a buffer it let go of that the collector has not taken, rather than allocating beside it', () => {
    releaseScratch();
    nextScratchCall();
    // larger than any other test here pools, so that only these can be taken back (pages not written take no memory)
    const small = overwrittenInt32(1 << 23);
    const large = overwrittenInt32(1 << 24);
    expect([small.buffer.byteLength, large.buffer.byteLength]).toEqual([1 << 25, 1 << 26]);
    small.fill(5, 0, 1000);
    // a change: the pool lets go of both while this test still holds them, so no collector can take them
    releaseScratch();
    expect(freeScratchBytes()).toBe(0);
    // the smallest that fits is taken back, zeroed as a reserve gives it; then the other
    reserveScratch([(1 << 25) - 100]);
    expect(freeScratchBytes()).toBe(1 << 25);
    nextScratchCall();
    const again = zeroedUint8(100_000);
    // identity compared as a boolean: a failed toBe would print both 32 MiB buffers
    expect(again.buffer === small.buffer, 'the small buffer again').toBe(true);
    expect(again.every((value) => value === 0)).toBe(true);
    expect(overwrittenInt32(3 << 22).buffer === large.buffer, 'the large buffer again').toBe(true);
    // nothing left to take back: a new buffer
    expect(overwrittenInt32(3 << 22).buffer === large.buffer, 'a new buffer').toBe(false);
  });
});
