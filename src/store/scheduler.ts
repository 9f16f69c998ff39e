/**
 * Runs store work one job at a time. Reads queued since the last mutation are reordered so the main
 * content (a report table) goes before side panels (KPIs, chart, agent detail); a mutation is never
 * overtaken and never overtakes, so a read queued after an import sees all of it.
 */
export type Lane = 'mutation' | 'main' | 'side';

interface Job {
  lane: Lane;
  start(): void;
}

export class Scheduler {
  private readonly waiting: Job[] = [];
  private busy = false;

  run<T>(lane: Lane, work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        Promise.resolve()
          .then(work)
          .then(resolve, reject)
          .finally(() => {
            this.busy = false;
            this.startNext();
          });
      };
      this.waiting.push({ lane, start });
      this.startNext();
    });
  }

  private startNext(): void {
    if (this.busy || this.waiting.length === 0) return;
    const [job] = this.waiting.splice(this.nextIndex(), 1);
    this.busy = true;
    job!.start();
  }

  /** The first main-lane read ahead of any mutation, else the oldest job. */
  private nextIndex(): number {
    for (const [index, job] of this.waiting.entries()) {
      if (job.lane === 'mutation') return 0;
      if (job.lane === 'main') return index;
    }
    return 0;
  }
}
