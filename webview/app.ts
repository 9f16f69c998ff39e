/**
 * The panel: one tab per report (vscode-tabs), the host's pushes (`init`, `data/changed`,
 * `focus/agent`) and the persisted UI state that picks the tab on start-up.
 */
import { reportIds, type HostState, type ReportId } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { el } from './dom';
import type { HostChannel, PushMessage } from './hostChannel';
import { ReportController, type ControllerContext } from './reportController';
import { ReportView } from './reportView';
import type { UiStore } from './state';

export class App {
  private readonly controllers = new Map<ReportId, ReportController>();
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
    this.tabs.selectedIndex = reportIds.indexOf(store.state.tab);
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
    this.channel.connect((message) => this.onHostMessage(message));
  }

  private onHostMessage(message: PushMessage): void {
    switch (message.type) {
      case 'init':
      case 'data/changed':
        this.host = message.state;
        for (const controller of this.controllers.values()) controller.setHost();
        this.loading.hidden = true;
        this.tabs.hidden = false;
        this.root.setAttribute('aria-busy', 'false');
        this.controller(this.store.state.tab).activate();
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

  /** Shows a tab (updating the tab strip when the change didn't come from it) and fetches if stale. */
  private selectTab(id: ReportId, fromCode: boolean): void {
    if (fromCode) this.tabs.selectedIndex = reportIds.indexOf(id);
    const changed = this.store.state.tab !== id;
    if (changed) this.store.update((state) => (state.tab = id));
    const controller = this.controller(id);
    if (fromCode && id === 'agents') void controller.refresh();
    else controller.activate();
  }
}
