/**
 * Every message from the reports webview goes through `handle`: `parseWebviewMessage` first (unknown
 * or malformed → dropped and logged without its content), then one enumerated action each. Nothing
 * in a message names a file, URL, SQL or command: exports go to the host-chosen target, actions map
 * to our own code.
 */
import type { HostMessage, WebviewAction, WebviewMessage } from '../protocol';
import { parseWebviewMessage } from '../protocol';
import type { DataService } from './dataService';
import type { ExportService } from './exportService';
import type { Log } from './log';

/** Where replies go: the panel's webview, or a collector for the test hook. */
export interface MessageSink {
  post(message: HostMessage): void;
  /** the webview (re)loaded and asked for its initial state */
  ready(): void;
}

export interface RouterDeps {
  data: DataService;
  exporter: ExportService;
  runAction(action: WebviewAction): Promise<void>;
}

export class WebviewMessageRouter {
  dropped = 0;
  handled = 0;
  readonly handledTypes: string[] = [];

  constructor(
    private readonly deps: RouterDeps,
    private readonly log: Log,
  ) {}

  /** Resolves when the message is fully handled (its reply posted); false when it was dropped. */
  async handle(raw: unknown, sink: MessageSink): Promise<boolean> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.dropped++;
      this.log.warn(`dropped an invalid message from the reports webview (${this.dropped} so far)`);
      return false;
    }
    this.handled++;
    this.handledTypes.push(message.type);
    if (this.handledTypes.length > 50) this.handledTypes.shift();
    await this.deps.data.ready;
    await this.dispatch(message, sink);
    return true;
  }

  private async dispatch(message: WebviewMessage, sink: MessageSink): Promise<void> {
    const { data } = this.deps;
    switch (message.type) {
      case 'ready':
        sink.ready();
        return;
      case 'report/get':
        return this.reply(sink, message.requestId, () => data.store.call('report', message.query, data.timeContext()));
      case 'overview/get':
        return this.reply(sink, message.requestId, () =>
          data.store.call('overview', message.query, data.timeContext(), message.granularity, message.splitBy),
        );
      case 'agentDetail/get':
        return this.reply(sink, message.requestId, () =>
          data.store.call('agentDetail', message.agentId, message.timeframe, data.timeContext(), message.granularity, message.filters),
        );
      case 'export/request':
        return this.reply(sink, message.requestId, async () => {
          const outcome = await this.deps.exporter.exportReport(message.query);
          if (!outcome) throw new Error('Export cancelled.');
          return { fileName: outcome.fileName, rows: outcome.rows };
        });
      case 'action/run':
        try {
          await this.deps.runAction(message.action);
        } catch (error) {
          this.log.error(`webview action ${message.action} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        return;
    }
  }

  private async reply(sink: MessageSink, requestId: string, work: () => Promise<unknown>): Promise<void> {
    try {
      sink.post({ type: 'reply', requestId, ok: true, result: await work() });
    } catch (error) {
      sink.post({ type: 'reply', requestId, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
