/**
 * Hidden commands for the extension-host tests (registered only in development/test mode, never in
 * package.json): a serialisable snapshot of the host's state, a way to push a raw message through the
 * webview message handler, a pinned clock, and answers for the next confirmations (Remove in the
 * Sources list). `ObservedMessageHandler` wraps the message router in those modes so the tests can
 * count dropped and handled messages without counters in the router.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type HostState } from '../protocol';
import { clock } from './data/clock';
import { testCommandIds } from './commandIds';
import type { DataService } from './data/dataService';
import { Log, type Severity } from './log';
import type { SnapshotPersistence } from './persistence/persistence';
import type { PanelObserver, ReportsPanelManager } from './panel/reportsPanel';
import type { UsageStatusBar } from './statusBar/statusBar';
import type { TopAgentsView } from './tree/topAgentsView';
import type { MessageSink, WebviewMessageHandler } from './panel/webviewMessages';
import type { LocalLogWatcher } from './localLogs/localLogWatcher';
import { modalConfirmer, type Confirmer, type Question } from './sources/sourceActions';

const kept = 50;

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > kept) list.shift();
}

/** The log, also keeping the last notifications and warnings/errors for the test state. */
export class RecordingLog extends Log {
  readonly notifications: { severity: Severity; message: string }[] = [];
  readonly problems: string[] = [];

  override warn(message: string): void {
    keep(this.problems, `warning: ${message}`);
    super.warn(message);
  }

  override error(message: string): void {
    keep(this.problems, `error: ${message}`);
    super.error(message);
  }

  override notify<T extends string>(severity: Severity, message: string, ...actions: T[]): Thenable<T | undefined> {
    keep(this.notifications, { severity, message });
    return super.notify(severity, message, ...actions);
  }
}

/** What the current reports panel did since it opened: renders, `ready`s, posted message types, its CSP. */
export class PanelProbe implements PanelObserver {
  private readyCount = 0;
  private renders = 0;
  private postedTypes: string[] = [];
  private lastHostState: HostState | null = null;
  private csp: string | null = null;
  private openedAt: number | null = null;

  opened(): void {
    this.readyCount = 0;
    this.renders = 0;
    this.postedTypes = [];
    this.lastHostState = null;
    this.csp = null;
    this.openedAt = Date.now();
  }

  rendered(html: string): void {
    this.renders++;
    this.csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replaceAll('&#39;', "'") ?? null;
  }

  readied(): void {
    this.readyCount++;
  }

  posted(message: HostMessage): void {
    keep(this.postedTypes, message.type);
    if (message.type === 'init' || message.type === 'data/changed') this.lastHostState = message.state;
  }

  state(open: boolean) {
    if (!open) return { readyCount: 0, renders: 0, lastHostState: null, posted: [], csp: null, openedAt: null };
    const { readyCount, renders, lastHostState, csp, openedAt } = this;
    return { readyCount, renders, lastHostState, posted: [...this.postedTypes], csp, openedAt };
  }
}

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

/** Answers the next confirmations as the test told it (`__testAnswerConfirm`); asks the user when told nothing. */
export class ScriptedConfirmer implements Confirmer {
  private readonly answers: boolean[] = [];
  readonly asked: string[] = [];

  answerNext(answer: boolean): void {
    this.answers.push(answer);
  }

  confirm(question: Question): Promise<boolean> {
    keep(this.asked, question.message);
    const answer = this.answers.shift();
    return answer === undefined ? modalConfirmer.confirm(question) : Promise.resolve(answer);
  }
}

export interface TestHookServices {
  context: vscode.ExtensionContext;
  data: DataService;
  log: RecordingLog;
  panelProbe: PanelProbe;
  persistence: SnapshotPersistence;
  panels: ReportsPanelManager;
  tree: TopAgentsView;
  status: UsageStatusBar;
  messages: ObservedMessageHandler;
  watcher: LocalLogWatcher;
  confirmer: ScriptedConfirmer;
}

export function registerTestHooks(services: TestHookServices): vscode.Disposable[] {
  const { context, data, log, persistence, panels, tree, status, messages, panelProbe, watcher, confirmer } = services;
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
          panel: { ...panels.state(), ...panelProbe.state(panels.state().open) },
          tree: tree.state(),
          statusBar: status.state(),
          droppedMessages: messages.dropped,
          handledMessages: messages.handled,
          handledTypes: messages.handledTypes,
          notifications: log.notifications,
          logProblems: log.problems,
          persistence: persistence.state(),
          watcher: watcher.state(),
          confirmations: confirmer.asked,
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
    vscode.commands.registerCommand(testCommandIds.answerConfirm, (answer: unknown) => {
      confirmer.answerNext(answer === true);
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
