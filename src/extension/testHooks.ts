/**
 * Hidden commands for the extension-host tests (registered only in development/test mode, never in
 * package.json): a serialisable snapshot of the host's state, a way to push a raw message through the
 * webview message handler, a pinned clock, and answers for the next confirmations (Remove in the
 * Sources list) and for the fetch commands' pickers and input boxes. `ObservedMessageHandler` wraps the message router in those modes so the tests can
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
import type { FetchService } from './fetch/fetchService';
import { windowPrompts, type Prompts } from './fetch/prompts';

const kept = 50;

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > kept) list.shift();
}

/** The log, also keeping the last notifications and warnings/errors for the test state. */
export class RecordingLog extends Log {
  readonly notifications: { severity: Severity; message: string }[] = [];
  readonly problems: string[] = [];
  /** every line written to the output channel, so a test can prove what never reached it */
  readonly lines: string[] = [];

  override info(message: string): void {
    this.lines.push(message);
    super.info(message);
  }

  override warn(message: string): void {
    this.lines.push(message);
    keep(this.problems, `warning: ${message}`);
    super.warn(message);
  }

  override error(message: string): void {
    this.lines.push(message);
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
  /** every message posted to the panel, serialised, so a test can prove what never reached the webview */
  private readonly postedJson: string[] = [];
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
    this.postedJson.push(JSON.stringify(message));
    if (message.type === 'init' || message.type === 'data/changed') this.lastHostState = message.state;
  }

  /** how many messages posted to any panel since activation contain `text` */
  postedContaining(text: string): number {
    return this.postedJson.filter((json) => json.includes(text)).length;
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

/**
 * Answers the fetch commands' pickers and input boxes as the test told it (`__testAnswerPrompt`: an item's
 * label or description, or a typed text; null = Escape); shows the real ones when told nothing. It
 * records what was asked and what validation refused — never what was typed.
 */
export class ScriptedPrompts implements Prompts {
  private readonly answers: (string | null)[] = [];
  readonly asked: string[] = [];

  answerNext(answer: string | null): void {
    this.answers.push(answer);
  }

  async pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    keep(this.asked, `pick: ${options.title ?? ''} [${items.map((item) => item.label).join(' | ')}]`);
    if (this.answers.length === 0) return windowPrompts.pick(items, options);
    const answer = this.answers.shift();
    if (answer === null || answer === undefined) return undefined;
    const item = items.find((candidate) => candidate.label === answer || candidate.description === answer);
    if (!item) keep(this.asked, `no item "${answer}"`);
    return item;
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    keep(this.asked, `input: ${options.title ?? ''}${options.password ? ' (password)' : ''}`);
    if (this.answers.length === 0) return windowPrompts.input(options);
    const answer = this.answers.shift();
    if (answer === null || answer === undefined) return undefined;
    const refused = await options.validateInput?.(answer);
    if (refused) {
      keep(this.asked, `refused: ${typeof refused === 'string' ? refused : refused.message}`);
      return undefined;
    }
    return answer;
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
  prompts: ScriptedPrompts;
  fetcher: FetchService;
}

export function registerTestHooks(services: TestHookServices): vscode.Disposable[] {
  const { context, data, log, persistence, panels, tree, status, messages, panelProbe, watcher, confirmer, prompts, fetcher } = services;
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
          prompts: prompts.asked,
          fetch: { runs: fetcher.runs },
          logLines: log.lines,
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
    vscode.commands.registerCommand(testCommandIds.answerPrompt, (answer: unknown) => {
      prompts.answerNext(typeof answer === 'string' ? answer : null);
    }),
    vscode.commands.registerCommand(testCommandIds.postedContains, (text: unknown) => (typeof text === 'string' && text !== '' ? panelProbe.postedContaining(text) : 0)),
    vscode.commands.registerCommand(testCommandIds.setClock, async (iso: unknown) => {
      await data.ready;
      clock.pin(typeof iso === 'string' ? Date.parse(iso) : undefined);
      data.checkDay();
      await data.changed('refresh');
      return clock.now();
    }),
  ];
}
