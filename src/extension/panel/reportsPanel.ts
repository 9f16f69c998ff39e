/**
 * The singleton reports panel. Nothing is posted before the webview's `ready`; `ready` is answered
 * with `init` + HostState (again after every reload — the panel does not retain its context while
 * hidden, so showing it again reloads the page). Data changes push `data/changed`. Restorable after
 * a window reload through the panel serializer.
 */
import * as vscode from 'vscode';
import type { HostMessage } from '../../protocol';
import { panelViewType } from '../commandIds';
import type { DataService } from '../data/dataService';
import type { Log } from '../log';
import type { WebviewMessageHandler } from './webviewMessages';
import { createNonce, renderWebviewHtml } from './webviewHtml';

export const panelTitle = 'Agent Usage Reports';

/** Hears what the panel does; the test hooks record it (production passes none). */
export interface PanelObserver {
  /** a panel was created or restored */
  opened(): void;
  rendered(html: string): void;
  /** the webview sent `ready` */
  readied(): void;
  posted(message: HostMessage): void;
}

export interface PanelState {
  open: boolean;
  visible: boolean;
  ready: boolean;
  options: { enableScripts: boolean; enableForms: boolean; enableCommandUris: boolean; retainContextWhenHidden: boolean; localResourceRoots: string[] } | null;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableForms: false,
    enableCommandUris: false,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

class ReportsPanel {
  ready = false;
  private pendingFocus: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly data: DataService,
    private readonly router: WebviewMessageHandler,
    private readonly log: Log,
    private readonly observer: PanelObserver | undefined,
    onDispose: () => void,
  ) {
    observer?.opened();
    const { enableScripts, enableForms, enableCommandUris, localResourceRoots } = panelOptions(extensionUri);
    panel.webview.options = { enableScripts, enableForms, enableCommandUris, localResourceRoots };
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'report-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'report-dark.svg'),
    };
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        void this.router.handle(raw, { post: (message) => this.post(message), ready: () => this.onReady() });
      }),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden webview is torn down; it sends `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      data.onDidChange(() => this.pushState('data/changed')),
      panel.onDidDispose(() => {
        this.disposables.forEach((disposable) => disposable.dispose());
        onDispose();
      }),
    );
    this.render();
  }

  render(): void {
    const webview = this.panel.webview;
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', name)).toString();
    this.ready = false;
    const html = renderWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: asset('webview.js'),
      styleUri: asset('webview.css'),
      nonce: createNonce(),
      title: panelTitle,
    });
    this.observer?.rendered(html);
    webview.html = html;
  }

  options(): NonNullable<PanelState['options']> {
    const options = this.panel.webview.options;
    return {
      enableScripts: options.enableScripts === true,
      enableForms: options.enableForms === true,
      enableCommandUris: options.enableCommandUris === true || Array.isArray(options.enableCommandUris),
      retainContextWhenHidden: this.panel.options.retainContextWhenHidden === true,
      localResourceRoots: (options.localResourceRoots ?? []).map((uri) => uri.toString()),
    };
  }

  focusAgent(agentId: string): void {
    if (this.ready) this.post({ type: 'focus/agent', agentId });
    else this.pendingFocus = agentId;
  }

  private onReady(): void {
    this.ready = true;
    this.observer?.readied();
    this.pushState('init');
    this.queue = this.queue.then(() => {
      if (this.pendingFocus !== undefined && this.ready) {
        this.post({ type: 'focus/agent', agentId: this.pendingFocus });
        this.pendingFocus = undefined;
      }
    });
  }

  /** Posts states in order (each built after the previous one was posted). */
  private pushState(type: 'init' | 'data/changed'): void {
    this.queue = this.queue.then(async () => {
      if (!this.ready) return;
      try {
        await this.data.ready;
        const state = await this.data.hostState();
        this.post({ type, state });
      } catch (error) {
        this.log.error(`could not build the panel state: ${String(error)}`);
      }
    });
  }

  post(message: HostMessage): void {
    if (!this.ready) return;
    this.observer?.posted(message);
    void this.panel.webview.postMessage(message);
  }
}

export class ReportsPanelManager implements vscode.Disposable {
  private current: ReportsPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly data: DataService,
    private readonly router: WebviewMessageHandler,
    private readonly log: Log,
    private readonly observer?: PanelObserver,
  ) {}

  /** Opens the panel, or reveals it when it is open. */
  show(): void {
    if (this.current) {
      this.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(panelViewType, panelTitle, vscode.ViewColumn.Active, panelOptions(this.extensionUri));
    this.adopt(panel);
  }

  /** The serializer's entry: a panel restored after a window reload. */
  revive(panel: vscode.WebviewPanel): void {
    if (this.current) {
      // only one reports panel: keep the one we have
      panel.dispose();
      return;
    }
    this.adopt(panel);
  }

  showAgent(agentId: string): void {
    this.show();
    this.current?.focusAgent(agentId);
  }

  state(): PanelState {
    const panel = this.current;
    return {
      open: panel !== undefined,
      visible: panel?.panel.visible ?? false,
      ready: panel?.ready ?? false,
      options: panel?.options() ?? null,
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.current = new ReportsPanel(panel, this.extensionUri, this.data, this.router, this.log, this.observer, () => {
      this.current = undefined;
    });
  }

  dispose(): void {
    this.current?.panel.dispose();
  }
}

export function registerPanelSerializer(manager: ReportsPanelManager): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(panelViewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
      manager.revive(panel);
    },
  });
}
