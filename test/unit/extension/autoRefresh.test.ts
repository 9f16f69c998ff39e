import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutoRefresh } from '../../../src/extension/fetch/autoRefresh';

const minute = 60_000;

/** A refresh that stays open until the test finishes it. */
function controlledRuns() {
  const finishers: (() => void)[] = [];
  const run = () => new Promise<void>((resolve) => finishers.push(resolve));
  return { finishers, run };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('auto-refresh', () => {
  it('off by default; every N minutes once set', async () => {
    const { finishers, run } = controlledRuns();
    const auto = new AutoRefresh(run);
    vi.advanceTimersByTime(60 * minute);
    expect(finishers).toHaveLength(0);
    auto.set(15);
    vi.advanceTimersByTime(15 * minute - 1);
    expect(finishers).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(finishers).toHaveLength(1);
    finishers[0]!();
    await flush();
    vi.advanceTimersByTime(15 * minute);
    expect(finishers).toHaveLength(2);
    auto.dispose();
  });

  it('a tick while a refresh still runs is skipped, not queued', async () => {
    const { finishers, run } = controlledRuns();
    const auto = new AutoRefresh(run);
    auto.set(5);
    vi.advanceTimersByTime(5 * minute);
    expect(finishers).toHaveLength(1);
    vi.advanceTimersByTime(10 * minute);
    expect(finishers).toHaveLength(1);
    expect(auto.skipped).toBe(2);
    finishers[0]!();
    await flush();
    vi.advanceTimersByTime(5 * minute);
    expect(finishers).toHaveLength(2);
    auto.dispose();
  });

  it('stops when the interval goes to 0; a failed refresh does not stop the next', async () => {
    let calls = 0;
    const auto = new AutoRefresh(async () => {
      calls++;
      throw new Error('401');
    });
    auto.set(1);
    vi.advanceTimersByTime(minute);
    await flush();
    vi.advanceTimersByTime(minute);
    await flush();
    expect(calls).toBe(2);
    auto.set(0);
    vi.advanceTimersByTime(60 * minute);
    expect(calls).toBe(2);
    expect(auto.interval).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a new interval starts counting from the change; setting the same one again does not restart it', async () => {
    let calls = 0;
    const auto = new AutoRefresh(async () => {
      calls++;
    });
    auto.set(10);
    vi.advanceTimersByTime(8 * minute);
    auto.set(10);
    vi.advanceTimersByTime(2 * minute);
    expect(calls).toBe(1);
    await flush();
    auto.set(30);
    vi.advanceTimersByTime(29 * minute);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(minute);
    expect(calls).toBe(2);
    auto.set(Number.NaN);
    expect(vi.getTimerCount()).toBe(0);
  });
});
