/** The quick picks of an export command: timeframe (presets, a day, a range) and the report's filters. */
import * as vscode from 'vscode';
import { reportTitles, type ReportId } from '../core/reports/columns';
import type { ReportFilters, ReportQuery } from '../core/reports/query';
import { todayIn, type TimeframeSpec } from '../core/timeframe';
import type { DataService } from './dataService';
import { presetChoices, validateDay, validateRangeEnd } from './timeframeChoices';

type TimeframeItem = vscode.QuickPickItem & { timeframe?: TimeframeSpec; ask?: 'day' | 'range' };
type ValueItem = vscode.QuickPickItem & { value: string | null };

async function pickTimeframe(report: ReportId, data: DataService): Promise<TimeframeSpec | undefined> {
  const ctx = data.timeContext();
  const fallback = report === 'user-usage' ? 'today' : data.settings.defaultTimeframe;
  const items: TimeframeItem[] = presetChoices(ctx).map((choice) => ({
    label: choice.label,
    description: choice.preset === fallback ? `${choice.detail} (default)` : choice.detail,
    timeframe: choice.preset,
  }));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: 'Pick a day…', ask: 'day' },
    { label: 'Pick a range…', ask: 'range' },
  );
  const quickPick = vscode.window.createQuickPick<TimeframeItem>();
  quickPick.title = `Export ${reportTitles[report]}: timeframe`;
  quickPick.placeholder = `Timeframe (days in ${ctx.timeZone})`;
  quickPick.items = items;
  const active = items.find((item) => item.timeframe === fallback);
  if (active) quickPick.activeItems = [active];
  const picked = await new Promise<TimeframeItem | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!picked) return undefined;
  if (picked.timeframe) return picked.timeframe;
  const today = todayIn(ctx);
  if (picked.ask === 'day') {
    const day = await vscode.window.showInputBox({ title: `Export ${reportTitles[report]}: day`, prompt: 'Day (YYYY-MM-DD)', value: today, validateInput: validateDay });
    return day === undefined ? undefined : { day: day.trim() };
  }
  const from = await vscode.window.showInputBox({ title: `Export ${reportTitles[report]}: first day`, prompt: 'First day (YYYY-MM-DD)', value: today, validateInput: validateDay });
  if (from === undefined) return undefined;
  const to = await vscode.window.showInputBox({
    title: `Export ${reportTitles[report]}: last day`,
    prompt: `Last day (YYYY-MM-DD), on or after ${from.trim()}`,
    value: today >= from.trim() ? today : from.trim(),
    validateInput: (text) => validateRangeEnd(from, text),
  });
  return to === undefined ? undefined : { from: from.trim(), to: to.trim() };
}

/** null = no filter; undefined = cancelled. Skipped (null) when there is nothing to choose from. */
async function pickValue(title: string, anyLabel: string, options: { value: string; label: string }[]): Promise<string | null | undefined> {
  if (options.length === 0) return null;
  const items: ValueItem[] = [{ label: anyLabel, value: null }, ...options.map((option) => ({ label: option.label, description: option.label === option.value ? undefined : option.value, value: option.value }))];
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  return picked === undefined ? undefined : picked.value;
}

async function pickFilters(report: ReportId, data: DataService): Promise<{ filters: ReportFilters; search?: string } | undefined> {
  const options = await data.store.call('filterOptions');
  const filters: ReportFilters = {};
  const title = `Export ${reportTitles[report]}`;
  switch (report) {
    case 'agents': {
      const type = await pickValue(`${title}: agent type`, 'All agent types', options.agentTypes.map((value) => ({ value, label: value })));
      if (type === undefined) return undefined;
      const model = await pickValue(`${title}: model`, 'All models', options.models.map((value) => ({ value, label: value })));
      if (model === undefined) return undefined;
      const creator = await pickValue(`${title}: created by`, 'Any creator', options.creators);
      if (creator === undefined) return undefined;
      if (type) filters.agentType = type;
      if (model) filters.model = model;
      if (creator) filters.createdBy = creator;
      return { filters };
    }
    case 'users': {
      const org = await pickValue(`${title}: organisation`, 'All organisations', options.orgs);
      if (org === undefined) return undefined;
      if (org) {
        filters.orgId = org;
        const sub = await vscode.window.showQuickPick(['Include sub-organisations', 'This organisation only'], { title: `${title}: sub-organisations` });
        if (sub === undefined) return undefined;
        filters.includeSubOrgs = sub === 'Include sub-organisations';
      }
      return { filters };
    }
    case 'user-usage': {
      const search = await vscode.window.showInputBox({ title: `${title}: search`, prompt: 'Only users whose name or email contains (empty: everyone)' });
      if (search === undefined) return undefined;
      return { filters, search: search.trim() || undefined };
    }
    default:
      return { filters };
  }
}

export async function pickExportQuery(report: ReportId, data: DataService): Promise<ReportQuery | undefined> {
  const timeframe = await pickTimeframe(report, data);
  if (timeframe === undefined) return undefined;
  const picked = await pickFilters(report, data);
  if (!picked) return undefined;
  return { report, timeframe, filters: picked.filters, search: picked.search };
}
