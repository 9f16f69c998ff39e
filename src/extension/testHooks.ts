/**
 * Hidden commands for the extension-host tests (registered only in development/test mode, never in
 * package.json): a serialisable snapshot of the host's state, a way to push a raw message through the
 * webview message handler, and a pinned clock.
 */
import * as vscode from 'vscode';
import type { HostMessage } from '../protocol';
import { clock } from './clock';
import { testCommandIds } from './commandIds';
import type { DataService } from './dataService';
import type { Log } from './log';
import type { SnapshotPersistence } from './persistence';
import type { ReportsPanelManager } from './reportsPanel';
import type { UsageStatusBar } from './statusBar';
import type { TopAgentsView } from './topAgentsView';
import type { WebviewMessageRouter } from './webviewMessages';

export interface TestHookServices {
  context: vscode.ExtensionContext;
  data: DataService;
  log: Log;
  persistence: SnapshotPersistence;
  panels: ReportsPanelManager;
  tree: TopAgentsView;
  status: UsageStatusBar;
  router: WebviewMessageRouter;
}

export function registerTestHooks(services: TestHookServices): vscode.Disposable[] {
  const { context, data, log, persistence, panels, tree, status, router } = services;
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
          droppedMessages: router.dropped,
          handledMessages: router.handled,
          handledTypes: router.handledTypes,
          notifications: log.notifications,
          logProblems: log.problems,
          persistence: persistence.state(),
        }),
      ) as unknown;
    }),
    vscode.commands.registerCommand(testCommandIds.injectMessage, async (raw: unknown) => {
      await data.ready;
      const posted: HostMessage[] = [];
      const accepted = await router.handle(raw, {
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
