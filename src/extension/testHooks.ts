/**
 * Hidden commands for the extension-host tests (registered only in development/test mode, never in
 * package.json): a serialisable snapshot of the host's state, a way to push a raw message through the
 * webview message handler, and a pinned clock. `ObservedMessageHandler` wraps the message router in
 * those modes so the tests can count dropped and handled messages without counters in the router.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage } from '../protocol';
import { clock } from './clock';
import { testCommandIds } from './commandIds';
import type { DataService } from './dataService';
import type { Log } from './log';
import type { SnapshotPersistence } from './persistence';
import type { ReportsPanelManager } from './reportsPanel';
import type { UsageStatusBar } from './statusBar';
import type { TopAgentsView } from './topAgentsView';
import type { MessageSink, WebviewMessageHandler } from './webviewMessages';

/** Counts what the wrapped handler accepts and drops (test state only; classified with the same validator). */
export class ObservedMessageHandler implements WebviewMessageHandler {
  dropped = 0;
  handled = 0;
  readonly handledTypes: string[] = [];

  constructor(private readonly inner: WebviewMessageHandler) {}

  handle(raw: unknown, sink: MessageSink): Promise<boolean> {
    const message = parseWebviewMessage(raw);
    if (!message) this.dropped++;
    else {
      this.handled++;
      this.handledTypes.push(message.type);
      if (this.handledTypes.length > 50) this.handledTypes.shift();
    }
    return this.inner.handle(raw, sink);
  }
}

export interface TestHookServices {
  context: vscode.ExtensionContext;
  data: DataService;
  log: Log;
  persistence: SnapshotPersistence;
  panels: ReportsPanelManager;
  tree: TopAgentsView;
  status: UsageStatusBar;
  messages: ObservedMessageHandler;
}

export function registerTestHooks(services: TestHookServices): vscode.Disposable[] {
  const { context, data, log, persistence, panels, tree, status, messages } = services;
  return [
    vscode.commands.registerCommand(testCommandIds.state, async () => {
      await data.ready;
      await tree.refresh();
      await status.refresh();
      return JSON.parse(
        JSON.stringify({
          extensionMode: vscode.ExtensionMode[context.extensionMode],
          globalStorage: context.globalStorageUri.fsPath,
          dataVersion: data.dataVersion,
          eventCount: data.eventCount,
          hasData: data.hasData,
          settings: data.settings,
          panel: panels.state(),
          tree: tree.state(),
          statusBar: status.state(),
          droppedMessages: messages.dropped,
          handledMessages: messages.handled,
          handledTypes: messages.handledTypes,
          notifications: log.notifications,
          logProblems: log.problems,
          persistence: persistence.state(),
        }),
      ) as unknown;
    }),
    vscode.commands.registerCommand(testCommandIds.injectMessage, async (raw: unknown) => {
      await data.ready;
      const posted: HostMessage[] = [];
      const accepted = await messages.handle(raw, {
        post: (message) => posted.push(message),
        ready: () => undefined,
      });
      return { accepted, posted: JSON.parse(JSON.stringify(posted)) as unknown };
    }),
    vscode.commands.registerCommand(testCommandIds.setClock, async (iso: unknown) => {
      await data.ready;
      clock.pin(typeof iso === 'string' ? Date.parse(iso) : undefined);
      data.checkDay();
      await data.changed('refresh');
      return clock.now();
    }),
  ];
}
