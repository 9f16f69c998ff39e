import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScanScheduler } from '../../../src/extension/localLogs/scanScheduler';

/** A run that stays open until the test finishes it. */
function controlledRuns() {
  const runs: { keys: string[]; finish: () => void }[] = [];
  const run = (keys: string[]) =>
    new Promise<void>((resolve) => {
      runs.push({ keys, finish: resolve });
    });
  return { runs, run };
}

/** Lets the scheduler's promise callbacks run. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('scan scheduler', () => {
  it('signals within the window join one run, which starts when the window closes', async () => {
    const { runs, run } = controlledRuns();
    const scheduler = new ScanScheduler(2000, run);
    scheduler.signal('claude-code');
    vi.advanceTimersByTime(1500);
    scheduler.signal('codex');
    scheduler.signal('claude-code');
    vi.advanceTimersByTime(499);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs.map((r) => r.keys)).toEqual([['claude-code', 'codex']]);
  });

  it('a steady stream of signals does not postpone the run (the window is not restarted)', () => {
    const { runs, run } = controlledRuns();
    const scheduler = new ScanScheduler(2000, run);
    for (let t = 0; t < 2000; t += 500) {
      scheduler.signal('claude-code');
      vi.advanceTimersByTime(500);
    }
    expect(runs).toHaveLength(1);
  });

  it('never overlaps runs: signals during a run make exactly one more run, a window after it ends', async () => {
    const { runs, run } = controlledRuns();
    const scheduler = new ScanScheduler(2000, run);
    scheduler.signal('a');
    vi.advanceTimersByTime(2000);
    expect(runs).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      scheduler.signal(i % 2 === 0 ? 'a' : 'b');
      vi.advanceTimersByTime(2000);
    }
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await flush();
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(2000);
    expect(runs.map((r) => r.keys)).toEqual([['a'], ['a', 'b']]);
    runs[1]!.finish();
    await flush();
    vi.advanceTimersByTime(10_000);
    expect(runs).toHaveLength(2);
    expect(scheduler.busy).toBe(false);
  });

  it('a failed run does not stop later ones', async () => {
    let calls = 0;
    const scheduler = new ScanScheduler(100, async () => {
      calls++;
      throw new Error('scan failed');
    });
    scheduler.signal('a');
    vi.advanceTimersByTime(100);
    await flush();
    scheduler.signal('a');
    vi.advanceTimersByTime(100);
    await flush();
    expect(calls).toBe(2);
  });

  it('after dispose nothing runs, not even a window already open', () => {
    const { runs, run } = controlledRuns();
    const scheduler = new ScanScheduler(2000, run);
    scheduler.signal('a');
    scheduler.dispose();
    vi.advanceTimersByTime(5000);
    scheduler.signal('a');
    vi.advanceTimersByTime(5000);
    expect(runs).toEqual([]);
  });
});
