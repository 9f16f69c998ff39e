/**
 * What the panel needs from VS Code's webview API, as an interface so that the logic around it
 * (state, queries, the report controller) runs in plain Node tests with a fake host.
 * `ipc.ts` is the real one.
 */
import type { WebviewMessage } from '../src/protocol';

export interface Host {
  postMessage(message: WebviewMessage): void;
  /** the persisted UI state (undefined on the first start) */
  getState(): unknown;
  setState(state: unknown): void;
  /** every message the extension posts into the page, unvalidated */
  onMessage(listener: (data: unknown) => void): void;
}

/** The part of the host that keeps the UI state. */
export type StateStorage = Pick<Host, 'getState' | 'setState'>;
