/**
 * The scan thread a first local-log scan reads in (see `scanWorker.ts`). A thread takes longer to start than
 * a thousand small transcripts take to read, so a client that knows a scan is coming (the CLI given
 * `--claude-code`) has one started as the store worker starts, and the scan takes that one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const script = join(__dirname, 'scanWorker.js');

let spare: { thread: Worker; exited: boolean } | undefined;

/** Whether scans can read in a thread (the bundle has the thread's script; tests running the sources do not). */
export function scanThreadsAvailable(): boolean {
  return existsSync(script);
}

/** Starts a thread for the next scan; it does not keep the process alive while no scan has taken it. */
export function startSpareScanThread(): void {
  if (spare !== undefined || !scanThreadsAvailable()) return;
  const started = { thread: new Worker(script), exited: false };
  started.thread.unref();
  // a spare that failed to start is replaced when a scan asks for one; its error is the new thread's to report
  started.thread.once('error', () => {});
  started.thread.once('exit', () => (started.exited = true));
  spare = started;
}

/** A thread waiting for its job (`{ job }` as its first message): the spare when there is a live one, else a new one. */
export function takeScanThread(): Worker {
  const taken = spare;
  spare = undefined;
  if (taken === undefined || taken.exited) return new Worker(script);
  taken.thread.ref();
  return taken.thread;
}
