/**
 * The only channel to the extension host. `acquireVsCodeApi` is called once, here, and the handle
 * stays private to this module. Requests carry a fresh requestId and resolve with the host's reply
 * (rejected on an error reply or after 30 s); pushes (`init`, `data/changed`, `focus/agent`) go to
 * the registered listener.
 */
import type { HostMessage, HostState, ReplyTypes, WebviewMessage } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export const requestTimeoutMs = 30_000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request as the caller writes it; `request` adds the requestId. */
export type RequestMessage = DistributiveOmit<Extract<WebviewMessage, { requestId: string }>, 'requestId'>;
export type PushMessage = Exclude<HostMessage, { type: 'reply' }>;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

const pending = new Map<string, Pending>();
let counter = 0;
const session = Math.random().toString(36).slice(2, 10);
let pushListener: ((message: PushMessage) => void) | undefined;

export class RequestError extends Error {
  override name = 'RequestError';
}

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function request<M extends RequestMessage>(message: M): Promise<ReplyTypes[M['type']]> {
  counter += 1;
  const requestId = `${session}-${counter}`;
  return new Promise<ReplyTypes[M['type']]>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(requestId);
      reject(new RequestError(`The extension did not answer within ${requestTimeoutMs / 1000} s.`));
    }, requestTimeoutMs);
    pending.set(requestId, { resolve: resolve as (result: unknown) => void, reject, timer });
    api.postMessage({ ...message, requestId } as WebviewMessage);
  });
}

export function getPersisted(): unknown {
  return api.getState();
}

export function setPersisted(state: unknown): void {
  api.setState(state);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHostState(value: unknown): value is HostState {
  return isObject(value) && typeof value.hasData === 'boolean' && isObject(value.filterOptions) && typeof value.today === 'string';
}

/** Shape check of inbound messages: anything that is not one of the host's messages is ignored. */
function handle(event: MessageEvent): void {
  const data: unknown = event.data;
  if (!isObject(data) || typeof data.type !== 'string') return;
  switch (data.type) {
    case 'reply': {
      if (typeof data.requestId !== 'string') return;
      const entry = pending.get(data.requestId);
      if (!entry) return;
      pending.delete(data.requestId);
      clearTimeout(entry.timer);
      if (data.ok === true) entry.resolve(data.result);
      else entry.reject(new RequestError(typeof data.error === 'string' ? data.error : 'The request failed.'));
      return;
    }
    case 'init':
    case 'data/changed':
      if (isHostState(data.state)) pushListener?.({ type: data.type, state: data.state });
      return;
    case 'focus/agent':
      if (typeof data.agentId === 'string') pushListener?.({ type: 'focus/agent', agentId: data.agentId });
      return;
  }
}

/** Starts listening and posts `ready` (the host sends nothing before it). */
export function connect(listener: (message: PushMessage) => void): void {
  pushListener = listener;
  window.addEventListener('message', handle);
  post({ type: 'ready' });
}
