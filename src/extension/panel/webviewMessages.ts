/**
 * Every message from the reports webview goes through `handle`: `parseWebviewMessage` first (unknown
 * or malformed → dropped and logged without its content), then one enumerated action each. Nothing
 * in a message names a file, URL, SQL or command: exports go to the host-chosen target, actions map
 * to our own code, and a Sources action names a source id that the host looks up in its own list.
 */
import type { HostMessage, RequestParams, RequestResult, RequestType, WebviewAction, WebviewMessage } from '../../protocol';
import { isRequest, parseWebviewMessage } from '../../protocol';
import type { DataService } from '../data/dataService';
import type { ExportService } from '../export/exportService';
import type { Log } from '../log';
import type { SourceActions } from '../sources/sourceActions';

/** Where replies go: the panel's webview, or a collector for the test hook. */
export interface MessageSink {
  post(message: HostMessage): void;
  /** the webview (re)loaded and asked for its initial state */
  ready(): void;
}

/** What the panel hands each raw message to. */
export interface WebviewMessageHandler {
  /** Resolves when the message is fully handled (its reply posted); false when it was dropped. */
  handle(raw: unknown, sink: MessageSink): Promise<boolean>;
}

export interface RouterDeps {
  data: DataService;
  exporter: ExportService;
  /** the Sources list: the host looks every id up itself */
  sources: Pick<SourceActions, 'list' | 'refresh' | 'remove'>;
  runAction(action: WebviewAction): Promise<void>;
}

/** One handler per request type; a handler that returns the wrong result type does not compile. */
export type RequestHandlers = { [K in RequestType]: (params: RequestParams<K>) => Promise<RequestResult<K>> };

export function requestHandlers({ data, exporter, sources }: RouterDeps): RequestHandlers {
  return {
    'report/get': ({ query }) => data.report(query),
    'overview/get': ({ query, granularity, splitBy }) => data.overview(query, granularity, splitBy),
    'agentDetail/get': ({ agentId, timeframe, granularity, filters }) => data.agentDetail(agentId, timeframe, granularity, filters),
    'export/request': async ({ query }) => {
      const outcome = await exporter.exportReport(query);
      if (!outcome) throw new Error('Export cancelled.');
      return { fileName: outcome.fileName, rows: outcome.rows };
    },
    'sources/list': () => sources.list(),
    'sources/refresh': ({ sourceId }) => sources.refresh(sourceId),
    'sources/remove': ({ sourceId }) => sources.remove(sourceId),
  };
}

function answer<K extends RequestType>(handlers: RequestHandlers, message: { type: K } & RequestParams<K>): Promise<RequestResult<K>> {
  return (handlers[message.type] as (params: RequestParams<K>) => Promise<RequestResult<K>>)(message);
}

export class WebviewMessageRouter implements WebviewMessageHandler {
  /** for the log line only */
  private droppedCount = 0;
  private readonly handlers: RequestHandlers;

  constructor(
    private readonly deps: RouterDeps,
    private readonly log: Log,
  ) {
    this.handlers = requestHandlers(deps);
  }

  async handle(raw: unknown, sink: MessageSink): Promise<boolean> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.droppedCount++;
      this.log.warn(`dropped an invalid message from the reports webview (${this.droppedCount} so far)`);
      return false;
    }
    await this.deps.data.ready;
    await this.dispatch(message, sink);
    return true;
  }

  private async dispatch(message: WebviewMessage, sink: MessageSink): Promise<void> {
    if (isRequest(message)) {
      try {
        sink.post({ type: 'reply', requestId: message.requestId, ok: true, result: await answer(this.handlers, message) });
      } catch (error) {
        sink.post({ type: 'reply', requestId: message.requestId, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    switch (message.type) {
      case 'ready':
        sink.ready();
        return;
      case 'action/run':
        try {
          await this.deps.runAction(message.action);
        } catch (error) {
          this.log.error(`webview action ${message.action} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        return;
    }
  }
}
