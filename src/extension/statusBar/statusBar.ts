/** Status bar item: today's runs, tokens and credits in the configured zone; click opens the reports. */
import * as vscode from 'vscode';
import { todayIn } from '../../core/timeframe';
import { commandIds } from '../commandIds';
import type { DataService } from '../data/dataService';
import type { Log } from '../log';
import { statusBarText, statusBarTooltip, type TodayFigures } from './statusText';

export class UsageStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('agentUsage.today', vscode.StatusBarAlignment.Right, 100);
  private updating: Promise<void> = Promise.resolve();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly data: DataService,
    private readonly log: Log,
  ) {
    this.item.name = 'Agent Usage Today';
    this.item.command = commandIds.openReports;
    this.item.text = statusBarText(undefined);
    this.item.tooltip = statusBarTooltip(undefined, '', '');
    this.item.show();
    this.subscription = data.onDidChange(() => void this.refresh());
  }

  refresh(): Promise<void> {
    this.updating = this.updating.then(() => this.update()).catch((error: unknown) => this.log.error(`status bar refresh failed: ${String(error)}`));
    return this.updating;
  }

  private async update(): Promise<void> {
    const ctx = this.data.timeContext();
    let figures: TodayFigures | undefined;
    if (this.data.hasData) {
      const { kpis } = await this.data.overview({ report: 'agents', timeframe: 'today' }, 'day');
      figures = { runs: kpis.current.runs, tokens: kpis.current.tokens, credits: kpis.current.credits };
    }
    this.item.text = statusBarText(figures);
    this.item.tooltip = statusBarTooltip(figures, todayIn(ctx), ctx.timeZone);
  }

  state(): { text: string; tooltip: string } {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
