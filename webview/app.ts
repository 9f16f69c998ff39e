/**
 * The panel: one tab per report (vscode-tabs), the host's pushes (`init`, `data/changed`,
 * `focus/agent`) and the persisted UI state that picks the tab on start-up.
 */
import { reportIds, type HostState, type ReportId, type WebviewAction } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { el } from './dom';
import { connect, post, type PushMessage } from './ipc';
import { ReportView } from './reportView';
import { UiStore } from './state';

export class App {
  private readonly store = new UiStore();
  private readonly views = new Map<ReportId, ReportView>();
  private readonly tabs: HTMLElement & { selectedIndex: number };
  private readonly loading: HTMLElement;
  private host: HostState | undefined;

  constructor(private readonly root: HTMLElement) {
    const context = {
      store: this.store,
      host: () => this.host,
      runAction: (action: WebviewAction) => post({ type: 'action/run', action }),
    };
    this.tabs = el('vscode-tabs', { class: 'tabs', attrs: { panel: true, 'aria-label': 'Reports' } });
    for (const id of reportIds) {
      const view = new ReportView(id, context);
      this.views.set(id, view);
      this.tabs.append(
        el('vscode-tab-header', { text: reportSpec(id).title, attrs: { slot: 'header', 'data-report': id } }),
        el('vscode-tab-panel', { class: 'tab-panel', attrs: { 'data-report': id } }, [view.element]),
      );
    }
    this.tabs.selectedIndex = reportIds.indexOf(this.store.state.tab);
    this.tabs.addEventListener('vsc-tabs-select', (event) => {
      const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      const id = reportIds[index];
      if (id) this.selectTab(id, false);
    });
    this.loading = el('div', { class: 'loading', text: 'Loading usage reports…', attrs: { role: 'status' } });
    this.root.replaceChildren(this.loading, this.tabs);
    this.tabs.hidden = true;
  }

  start(): void {
    connect((message) => this.onHostMessage(message));
  }

  private onHostMessage(message: PushMessage): void {
    switch (message.type) {
      case 'init':
      case 'data/changed':
        this.host = message.state;
        for (const view of this.views.values()) view.setHost();
        this.loading.hidden = true;
        this.tabs.hidden = false;
        this.root.setAttribute('aria-busy', 'false');
        this.view(this.store.state.tab).activate();
        return;
      case 'focus/agent': {
        const agents = this.view('agents');
        agents.setSearch(message.agentId);
        agents.openDetail(message.agentId, undefined);
        this.selectTab('agents', true);
        return;
      }
    }
  }

  private view(id: ReportId): ReportView {
    return this.views.get(id)!;
  }

  /** Shows a tab (updating the tab strip when the change didn't come from it) and fetches if stale. */
  private selectTab(id: ReportId, fromCode: boolean): void {
    if (fromCode) this.tabs.selectedIndex = reportIds.indexOf(id);
    const changed = this.store.state.tab !== id;
    if (changed) this.store.update((state) => (state.tab = id));
    const view = this.view(id);
    if (fromCode && id === 'agents') void view.refresh();
    else view.activate();
  }
}
