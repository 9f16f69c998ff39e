/** Messages between the store client and the store worker: requests with ids, replies with a result or an error. */
import type { UsageStore } from './usageStore';

/** The store operations a client may call (the worker rejects anything else). */
export const storeOperations = [
  'importFile', 'importFiles', 'report', 'overview', 'detailedSeries', 'agentDetail', 'filterOptions', 'stats', 'snapshot', 'restore', 'clear',
  'setPriceOverrides', 'scanLocalLogs', 'listSources', 'removeSource', 'importFetched',
] as const;
export type StoreOperation = (typeof storeOperations)[number];

type Method<K extends StoreOperation> = UsageStore[K] extends (...args: infer A) => Promise<infer R> ? { args: A; result: R } : never;

/** Argument lists as sent: the AbortSignal becomes a cancel message, importFiles' per-file callback progress replies. */
export type WireArgs<K extends StoreOperation> = K extends 'importFile'
  ? [path: Method<K>['args'][0], options?: Method<K>['args'][1]]
  : K extends 'importFiles' | 'scanLocalLogs'
    ? [job: Method<K>['args'][0]]
    : Method<K>['args'];
export type WireResult<K extends StoreOperation> = Method<K>['result'];

export type WorkerRequest =
  | { id: number; op: StoreOperation; args: unknown[] }
  | { id: number; op: 'cancel'; target: number };

export interface SerializedError {
  name: string;
  message: string;
  file?: string;
  line?: number | null;
  column?: string | null;
  reason?: string;
}

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: SerializedError }
  /** importFiles or scanLocalLogs started the file with this index (of `count`, when the scan knows it); the request is still running */
  | { id: number; progress: number; count?: number };

export interface WorkerInit {
  wasmPath: string;
  /**
   * Reports read a columnar index of the events, kept up as the last step of every change, so that every report
   * (the panel's first paint after an import too) is fast. The CLI's report command keeps it on too: an import
   * grows the index as it writes, and one report from it costs less than reading the table in time order through
   * the events view (8.1 against 9.3 s end to end at 1M, paired runs). Off, reports read the table.
   */
  indexAfterChanges?: boolean;
  /** a local-log scan is coming (the CLI given `--claude-code`): its thread starts with the worker */
  scanThreadAhead?: boolean;
  /** files of this many bytes or more are parsed in a thread of their own (default `parseThreadFromBytes`; tests lower it) */
  parseThreadFromBytes?: number;
  /** group passes over this many rows or more have the figure thread add up some figures (default `figureThreadFromRows`; tests lower it) */
  figureThreadFromRows?: number;
}
