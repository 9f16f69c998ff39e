/**
 * Auto-refresh of the fetch sources every N minutes (pure; timers injected): a tick while a refresh is
 * still running is skipped rather than queued, and setting the interval to 0 stops it.
 */
import type { Timers } from '../localLogs/scanScheduler';

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class AutoRefresh {
  private minutes = 0;
  private timer: unknown;
  private running = false;
  /** ticks skipped because a refresh was still running */
  skipped = 0;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly timers: Timers = realTimers,
  ) {}

  get interval(): number {
    return this.minutes;
  }

  /** A new interval in minutes (0 or less: off); the next tick is a full interval from now. */
  set(minutes: number): void {
    const next = Number.isFinite(minutes) && minutes > 0 ? minutes : 0;
    if (next === this.minutes && (next === 0 || this.timer !== undefined)) return;
    this.minutes = next;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.minutes === 0) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.tick();
      this.schedule();
    }, this.minutes * 60_000);
  }

  private tick(): void {
    if (this.running) {
      this.skipped++;
      return;
    }
    this.running = true;
    void this.run()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
      });
  }

  dispose(): void {
    this.minutes = 0;
    this.schedule();
  }
}
