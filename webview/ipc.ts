/**
 * The webview's end of the IPC: VS Code's webview API as a `Host`. This is the only place that calls
 * `acquireVsCodeApi` (allowed once per page); the handle stays inside the returned object, never on `window`.
 */
import type { Host } from './host';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeHost(): Host {
  const api = acquireVsCodeApi();
  return {
    postMessage: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
    onMessage: (listener) => window.addEventListener('message', (event: MessageEvent) => listener(event.data)),
  };
}
