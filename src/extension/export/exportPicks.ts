/** The quick picks of an export command: timeframe (presets, a day, a range) and the report's filters. */
import * as vscode from 'vscode';
import { todayIn, type TimeframeSpec } from '../../core/timeframe';
import { reportSpec, type FilterKey, type ReportFilters, type ReportId } from '../../shared/reports';
import type { FilterOptions, ReportQuery } from '../../shared/results';
import type { DataService } from '../data/dataService';
import { presetChoices, validateDay, validateRangeEnd } from './timeframeChoices';

type TimeframeItem = vscode.QuickPickItem & { timeframe?: TimeframeSpec; ask?: 'day' | 'range' };
type ValueItem = vscode.QuickPickItem & { value: string | null };

async function pickTimeframe(report: ReportId, data: DataService): Promise<TimeframeSpec | undefined> {
  const ctx = data.timeContext();
  const fallback = reportSpec(report).defaultTimeframe ?? data.settings.defaultTimeframe;
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
  quickPick.title = `Export ${reportSpec(report).title}: timeframe`;
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
    const day = await vscode.window.showInputBox({ title: `Export ${reportSpec(report).title}: day`, prompt: 'Day (YYYY-MM-DD)', value: today, validateInput: validateDay });
    return day === undefined ? undefined : { day: day.trim() };
  }
  const from = await vscode.window.showInputBox({ title: `Export ${reportSpec(report).title}: first day`, prompt: 'First day (YYYY-MM-DD)', value: today, validateInput: validateDay });
  if (from === undefined) return undefined;
  const to = await vscode.window.showInputBox({
    title: `Export ${reportSpec(report).title}: last day`,
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

type FilterPicker = (title: string, options: FilterOptions, filters: ReportFilters) => Promise<boolean>;

const valuesOf = (values: string[]) => values.map((value) => ({ value, label: value }));

/** One picker per filter a spec offers; each sets its filter and returns false when cancelled. */
const filterPickers: { [K in FilterKey]?: FilterPicker } = {
  agentType: async (title, options, filters) => setPicked(filters, 'agentType', await pickValue(`${title}: agent type`, 'All agent types', valuesOf(options.agentTypes))),
  model: async (title, options, filters) => setPicked(filters, 'model', await pickValue(`${title}: model`, 'All models', valuesOf(options.models))),
  createdBy: async (title, options, filters) => setPicked(filters, 'createdBy', await pickValue(`${title}: created by`, 'Any creator', options.creators)),
  agentId: async (title, options, filters) => setPicked(filters, 'agentId', await pickValue(`${title}: agent`, 'All agents', options.agents)),
  orgId: async (title, options, filters) => setPicked(filters, 'orgId', await pickValue(`${title}: organisation`, 'All organisations', options.orgs)),
  includeSubOrgs: async (title, _options, filters) => {
    if (!filters.orgId) return true;
    const sub = await vscode.window.showQuickPick(['Include sub-organisations', 'This organisation only'], { title: `${title}: sub-organisations` });
    if (sub === undefined) return false;
    filters.includeSubOrgs = sub === 'Include sub-organisations';
    return true;
  },
};

function setPicked(filters: ReportFilters, key: 'agentType' | 'model' | 'createdBy' | 'agentId' | 'orgId', value: string | null | undefined): boolean {
  if (value === undefined) return false;
  if (value !== null) filters[key] = value;
  return true;
}

/** The spec's filters in order (the organisation before "include sub-organisations"), then its search. */
async function pickFilters(report: ReportId, data: DataService): Promise<{ filters: ReportFilters; search?: string } | undefined> {
  const spec = reportSpec(report);
  const options = await data.filterOptions();
  const filters: ReportFilters = {};
  const title = `Export ${spec.title}`;
  for (const key of spec.filters) {
    const picker = filterPickers[key];
    if (picker && !(await picker(title, options, filters))) return undefined;
  }
  const search = await vscode.window.showInputBox({ title: `${title}: search`, prompt: `${spec.search.placeholder} (empty: everything)` });
  if (search === undefined) return undefined;
  return { filters, search: search.trim() || undefined };
}

export async function pickExportQuery(report: ReportId, data: DataService): Promise<ReportQuery | undefined> {
  const timeframe = await pickTimeframe(report, data);
  if (timeframe === undefined) return undefined;
  const picked = await pickFilters(report, data);
  if (!picked) return undefined;
  return { report, timeframe, filters: picked.filters, search: picked.search };
}
