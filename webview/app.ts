/**
 * The panel: one tab per report and the Sources tab (vscode-tabs), the host's pushes (`init`,
 * `data/changed`, `focus/agent`) and the persisted UI state that picks the tab on start-up.
 */
import { reportIds, type HostState, type ReportId } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { el } from './dom';
import type { HostChannel, PushMessage } from './hostChannel';
import { ReportController, type ControllerContext } from './reportController';
import { ReportView } from './reportView';
import { SourcesController } from './sourcesController';
import { SourcesView } from './sourcesView';
import { sourcesTab, tabIds, type TabId, type UiStore } from './state';

export class App {
  private readonly controllers = new Map<ReportId, ReportController>();
  private readonly sources: SourcesController;
  private readonly tabs: HTMLElement & { selectedIndex: number };
  private readonly loading: HTMLElement;
  private host: HostState | undefined;

  constructor(private readonly root: HTMLElement, private readonly channel: HostChannel, private readonly store: UiStore) {
    const context: ControllerContext = {
      store,
      host: () => this.host,
      request: channel.request,
      runAction: (action) => channel.post({ type: 'action/run', action }),
    };
    const timeZone = () => this.host?.timeZone;
    this.tabs = el('vscode-tabs', { class: 'tabs', attrs: { panel: true, 'aria-label': 'Reports' } });
    for (const id of reportIds) {
      const controller = new ReportController(id, context);
      const view = new ReportView(controller, timeZone);
      this.controllers.set(id, controller);
      this.tabs.append(
        el('vscode-tab-header', { text: reportSpec(id).title, attrs: { slot: 'header', 'data-report': id } }),
        el('vscode-tab-panel', { class: 'tab-panel', attrs: { 'data-report': id } }, [view.element]),
      );
    }
    this.sources = new SourcesController(context);
    const sourcesView = new SourcesView(this.sources);
    this.tabs.append(
      el('vscode-tab-header', { text: 'Sources', attrs: { slot: 'header', 'data-tab': sourcesTab } }),
      el('vscode-tab-panel', { class: 'tab-panel', attrs: { 'data-tab': sourcesTab } }, [sourcesView.element]),
    );
    this.tabs.selectedIndex = tabIds.indexOf(store.state.tab);
    this.tabs.addEventListener('vsc-tabs-select', (event) => {
      const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      const id = tabIds[index];
      if (id) this.selectTab(id, false);
    });
    this.loading = el('div', { class: 'loading', text: 'Loading usage reports…', attrs: { role: 'status' } });
    this.root.replaceChildren(this.loading, this.tabs);
    this.tabs.hidden = true;
  }

  start(): void {
    this.channel.connect((message) => this.onHostMessage(message));
  }

  private onHostMessage(message: PushMessage): void {
    switch (message.type) {
      case 'init':
      case 'data/changed':
        this.host = message.state;
        for (const controller of this.controllers.values()) controller.setHost();
        this.sources.setHost();
        this.loading.hidden = true;
        this.tabs.hidden = false;
        this.root.setAttribute('aria-busy', 'false');
        this.activate(this.store.state.tab);
        return;
      case 'focus/agent': {
        const agents = this.controller('agents');
        agents.setSearch(message.agentId);
        agents.openDetail(message.agentId, undefined);
        this.selectTab('agents', true);
        return;
      }
    }
  }

  private controller(id: ReportId): ReportController {
    return this.controllers.get(id)!;
  }

  private activate(id: TabId): void {
    if (id === sourcesTab) this.sources.activate();
    else this.controller(id).activate();
  }

  /** Shows a tab (updating the tab strip when the change didn't come from it) and fetches if stale. */
  private selectTab(id: TabId, fromCode: boolean): void {
    if (fromCode) this.tabs.selectedIndex = tabIds.indexOf(id);
    const changed = this.store.state.tab !== id;
    if (changed) this.store.update((state) => (state.tab = id));
    if (fromCode && id === 'agents') void this.controller(id).refresh();
    else this.activate(id);
  }
}
