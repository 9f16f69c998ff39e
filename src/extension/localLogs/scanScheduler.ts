/**
 * Coalesces change signals into scans (pure): the first signal opens a window of `delayMs`, every signal
 * in it joins the same run. Runs never overlap: signals during a run wait for it and open one more
 * window afterwards, so at most one run is queued however busy the files are.
 *
 * The window is not restarted by later signals: an agent appending every second would otherwise keep
 * a trailing debounce waiting forever.
 */

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ScanScheduler<Key> {
  private readonly pending = new Set<Key>();
  private timer: unknown;
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly run: (keys: Key[]) => Promise<void>,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Something under `key` changed. */
  signal(key: Key): void {
    if (this.disposed) return;
    this.pending.add(key);
    if (this.timer === undefined && !this.running) this.openWindow();
  }

  /** A run is in progress or a window is open. */
  get busy(): boolean {
    return this.running !== undefined || this.timer !== undefined;
  }

  private openWindow(): void {
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, this.delayMs);
  }

  private start(): void {
    if (this.disposed || this.pending.size === 0) return;
    const keys = [...this.pending];
    this.pending.clear();
    this.running = this.run(keys)
      .catch(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.pending.size > 0 && !this.disposed) this.openWindow();
      });
  }

  dispose(): void {
    this.disposed = true;
    this.pending.clear();
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
