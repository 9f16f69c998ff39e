/** A Host for Node tests: records what the webview posts and persists, and delivers host messages on demand. */
import type { HostMessage, HostState, WebviewMessage } from '../../../src/protocol';
import type { Host } from '../../../webview/host';

export class FakeHost implements Host {
  readonly posted: WebviewMessage[] = [];
  stored: unknown;
  private listener: ((data: unknown) => void) | undefined;

  constructor(initialState?: unknown) {
    this.stored = initialState;
  }

  postMessage(message: WebviewMessage): void {
    this.posted.push(structuredClone(message));
  }

  getState(): unknown {
    return this.stored === undefined ? undefined : structuredClone(this.stored);
  }

  setState(state: unknown): void {
    this.stored = structuredClone(state);
  }

  onMessage(listener: (data: unknown) => void): void {
    this.listener = listener;
  }

  /** Delivers a message (or any junk) as the extension would post it. */
  deliver(data: HostMessage | unknown): void {
    this.listener?.(structuredClone(data));
  }

  /** The requests of one type posted so far. */
  requests<K extends WebviewMessage['type']>(type: K): Extract<WebviewMessage, { type: K }>[] {
    return this.posted.filter((message): message is Extract<WebviewMessage, { type: K }> => message.type === type);
  }

  reply(request: { requestId: string }, result: unknown): void {
    this.deliver({ type: 'reply', requestId: request.requestId, ok: true, result });
  }

  fail(request: { requestId: string }, error: string): void {
    this.deliver({ type: 'reply', requestId: request.requestId, ok: false, error });
  }
}

export function hostState(overrides: Partial<HostState> = {}): HostState {
  return {
    hasData: true,
    eventCount: 10,
    timeZone: 'UTC',
    weekStartsOn: 1,
    defaultTimeframe: 'last-30-days',
    today: '2026-11-05',
    filterOptions: {
      agentTypes: ['single_task'],
      models: ['gpt-4o'],
      creators: [],
      agents: [{ value: 'agent-1', label: 'Support Bot' }],
      orgs: [],
      firstEventAt: Date.UTC(2026, 9, 7),
      lastEventAt: Date.UTC(2026, 10, 5, 12),
      eventCount: 10,
    },
    dataVersion: 1,
    dataSpan: { first: '2026-10-07', last: '2026-11-05' },
    ...overrides,
  };
}
