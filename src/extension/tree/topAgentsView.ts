/**
 * Top Agents tree: the top N agents of the default timeframe by a metric chosen from the view's title
 * menu (initially `agentUsage.topAgents.metric`; changing that setting resets the choice). Clicking an
 * item runs `agentUsage.showAgent`. With no data the tree is empty and the welcome view shows.
 */
import * as vscode from 'vscode';
import { describeTimeframe } from '../../core/timeframe';
import { commandIds, viewIds } from '../commandIds';
import type { DataService } from '../data/dataService';
import type { Log } from '../log';
import type { TopAgentMetric } from '../settings/settingsModel';
import { metricLabels, topAgentItems, type TopAgentItem } from './topAgentsModel';

export interface TreeState {
  metric: TopAgentMetric;
  description: string | undefined;
  message: string | undefined;
  items: { label: string; description: string; agentId: string }[];
}

export class TopAgentsView implements vscode.TreeDataProvider<TopAgentItem>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly view: vscode.TreeView<TopAgentItem>;
  private metricOverride: TopAgentMetric | undefined;
  private lastMetricSetting: TopAgentMetric;
  private items: TopAgentItem[] = [];
  private loading: Promise<void> = Promise.resolve();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly data: DataService,
    private readonly log: Log,
  ) {
    this.lastMetricSetting = data.settings.topAgentsMetric;
    this.view = vscode.window.createTreeView(viewIds.topAgents, { treeDataProvider: this, showCollapseAll: false });
    this.subscription = data.onDidChange(() => {
      if (data.settings.topAgentsMetric !== this.lastMetricSetting) {
        this.lastMetricSetting = data.settings.topAgentsMetric;
        this.metricOverride = undefined;
      }
      void this.refresh();
    });
  }

  get metric(): TopAgentMetric {
    return this.metricOverride ?? this.data.settings.topAgentsMetric;
  }

  async sortBy(metric: TopAgentMetric): Promise<void> {
    this.metricOverride = metric;
    await this.refresh();
  }

  /** Recomputes the items (serially, so the last refresh wins) and redraws. */
  refresh(): Promise<void> {
    this.loading = this.loading.then(() => this.load()).catch((error: unknown) => this.log.error(`Top Agents refresh failed: ${String(error)}`));
    return this.loading;
  }

  private async load(): Promise<void> {
    const settings = this.data.settings;
    const timeframe = settings.defaultTimeframe;
    const metric = this.metric;
    if (!this.data.hasData) {
      this.items = [];
      this.view.message = undefined;
      this.view.description = undefined;
    } else {
      const result = await this.data.report({ report: 'agents', timeframe });
      this.items = topAgentItems(result, metric, settings.topAgentsCount);
      this.view.description = `${describeTimeframe(timeframe)} · by ${metricLabels[metric]}`;
      this.view.message = this.items.length === 0 ? `No agent runs in ${describeTimeframe(timeframe).toLowerCase()}.` : undefined;
    }
    await vscode.commands.executeCommand('setContext', 'agentUsage.topAgents.metric', metric);
    this.emitter.fire();
  }

  getTreeItem(item: TopAgentItem): vscode.TreeItem {
    const treeItem = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
    treeItem.id = `agent:${item.agentId}`;
    treeItem.description = item.description;
    const tooltip = new vscode.MarkdownString(item.tooltip);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    treeItem.tooltip = tooltip;
    treeItem.iconPath = new vscode.ThemeIcon('hubot');
    treeItem.contextValue = 'agent';
    treeItem.command = { command: commandIds.showAgent, title: 'Show Agent', arguments: [item.agentId] };
    return treeItem;
  }

  getChildren(element?: TopAgentItem): TopAgentItem[] {
    return element ? [] : this.items;
  }

  state(): TreeState {
    return {
      metric: this.metric,
      description: this.view.description,
      message: this.view.message,
      items: this.items.map((item) => ({ label: item.label, description: item.description, agentId: item.agentId })),
    };
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
    this.emitter.dispose();
  }
}
