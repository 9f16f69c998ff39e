/**
 * The channel to the extension host over a `Host`. Requests carry a fresh requestId and resolve with
 * the host's reply (rejected on an error reply or after 30 s); pushes (`init`, `data/changed`,
 * `focus/agent`) that pass a shape check go to the listener, anything else is ignored.
 */
import type { HostMessage, HostState, ReplyTypes, WebviewMessage } from '../src/protocol';
import type { Host } from './host';

export const requestTimeoutMs = 30_000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request as the caller writes it; `request` adds the requestId. */
export type RequestMessage = DistributiveOmit<Extract<WebviewMessage, { requestId: string }>, 'requestId'>;
export type PushMessage = Exclude<HostMessage, { type: 'reply' }>;
/** `timeoutMs: null` waits as long as the host takes (it shows its own progress or a question meanwhile). */
export type Requester = <M extends RequestMessage>(message: M, options?: { timeoutMs?: number | null }) => Promise<ReplyTypes[M['type']]>;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class RequestError extends Error {
  override name = 'RequestError';
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDataSpan(value: unknown): boolean {
  return value === null || (isObject(value) && typeof value.first === 'string' && typeof value.last === 'string');
}

function isHostState(value: unknown): value is HostState {
  return (
    isObject(value) &&
    typeof value.hasData === 'boolean' &&
    isObject(value.filterOptions) &&
    typeof value.today === 'string' &&
    (value.dataSpan === undefined || isDataSpan(value.dataSpan))
  );
}

/** A push message from the host, or undefined when `data` is not one. */
export function parsePush(data: unknown): PushMessage | undefined {
  if (!isObject(data)) return undefined;
  switch (data.type) {
    case 'init':
    case 'data/changed':
      return isHostState(data.state) ? { type: data.type, state: data.state } : undefined;
    case 'focus/agent':
      return typeof data.agentId === 'string' ? { type: 'focus/agent', agentId: data.agentId } : undefined;
    default:
      return undefined;
  }
}

export class HostChannel {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;
  private readonly session = Math.random().toString(36).slice(2, 10);
  private pushListener: ((message: PushMessage) => void) | undefined;

  constructor(private readonly host: Host, private readonly timeoutMs = requestTimeoutMs) {
    host.onMessage((data) => this.handle(data));
  }

  post(message: WebviewMessage): void {
    this.host.postMessage(message);
  }

  readonly request: Requester = (message, options = {}) => {
    this.counter += 1;
    const requestId = `${this.session}-${this.counter}`;
    const timeoutMs = options.timeoutMs === undefined ? this.timeoutMs : options.timeoutMs;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === null
          ? undefined
          : setTimeout(() => {
              this.pending.delete(requestId);
              reject(new RequestError(`The extension did not answer within ${timeoutMs / 1000} s.`));
            }, timeoutMs);
      this.pending.set(requestId, { resolve: resolve as (result: unknown) => void, reject, timer });
      this.host.postMessage({ ...message, requestId } as WebviewMessage);
    });
  };

  /** Registers the push listener and posts `ready` (the host sends nothing before it). */
  connect(listener: (message: PushMessage) => void): void {
    this.pushListener = listener;
    this.post({ type: 'ready' });
  }

  private handle(data: unknown): void {
    if (isObject(data) && data.type === 'reply') {
      this.settle(data);
      return;
    }
    const push = parsePush(data);
    if (push) this.pushListener?.(push);
  }

  private settle(reply: Record<string, unknown>): void {
    if (typeof reply.requestId !== 'string') return;
    const entry = this.pending.get(reply.requestId);
    if (!entry) return;
    this.pending.delete(reply.requestId);
    clearTimeout(entry.timer);
    if (reply.ok === true) entry.resolve(reply.result);
    else entry.reject(new RequestError(typeof reply.error === 'string' ? reply.error : 'The request failed.'));
  }
}
