/**
 * The extension's settings as one typed value, parsed from raw configuration values (pure: the
 * `vscode` reading is in settings.ts). Bad values fall back to the defaults and are reported in
 * `problems`, so a typo in settings.json never breaks a command.
 */
import { costModes, defaultCostMode, noPriceOverrides, parsePriceOverrides, type CostMode, type PriceOverrides } from '../../core/pricing';
import { timeframePresets, type TimeframePreset, type WeekStart } from '../../core/timeframe';

/** `agentUsage.weekStart` values, indexed like date-fns' weekStartsOn (0 = Sunday … 6 = Saturday). */
export const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof weekdays)[number];

export const topAgentMetrics = ['runs', 'credits', 'tokens', 'errorRate'] as const;
export type TopAgentMetric = (typeof topAgentMetrics)[number];

export interface Settings {
  /** the IANA zone every report, preset and the status bar use */
  timeZone: string;
  weekStartsOn: WeekStart;
  defaultTimeframe: TimeframePreset;
  /** workspace-relative folder, as path segments ([] = the workspace folder itself) */
  exportFolder: string[];
  exportBom: boolean;
  topAgentsCount: number;
  topAgentsMetric: TopAgentMetric;
  persistenceEnabled: boolean;
  /** workspace-relative files, each as path segments */
  autoImportFiles: string[][];
  /** which cost the reports show */
  costMode: CostMode;
  /** per-model prices that win over the price table (invalid entries are left out and named in problems) */
  priceOverrides: PriceOverrides;
  /** scan the default Claude Code and Codex locations on start-up (trusted workspaces only) */
  localLogsReadOnStartup: boolean;
  /** re-scan local log sources when their files change (trusted workspaces only) */
  localLogsWatch: boolean;
  /** human-readable problems with the raw values (each names its setting) */
  problems: string[];
}

export interface RawSettings {
  timeZone?: unknown;
  weekStart?: unknown;
  defaultTimeframe?: unknown;
  exportFolder?: unknown;
  exportBom?: unknown;
  topAgentsCount?: unknown;
  topAgentsMetric?: unknown;
  persistenceEnabled?: unknown;
  autoImportFiles?: unknown;
  costMode?: unknown;
  priceOverrides?: unknown;
  localLogsReadOnStartup?: unknown;
  localLogsWatch?: unknown;
}

export const settingDefaults = {
  timeZone: '',
  weekStart: 'monday' as Weekday,
  defaultTimeframe: 'last-30-days' as TimeframePreset,
  exportFolder: 'usage-reports',
  exportBom: false,
  topAgentsCount: 10,
  topAgentsMetric: 'runs' as TopAgentMetric,
  persistenceEnabled: true,
  autoImportFiles: [] as string[],
  costMode: defaultCostMode,
  priceOverrides: {},
  localLogsReadOnStartup: false,
  localLogsWatch: false,
};

export const maxTopAgents = 100;

export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A path inside the workspace folder as segments: forward or back slashes, `.` and empty segments
 * dropped. Undefined for absolute paths, drive letters, `~` and any `..` (it could leave the folder).
 */
export function workspaceRelativeSegments(path: string): string[] | undefined {
  const trimmed = path.trim();
  if (/^([/\\]|[A-Za-z]:|~)/.test(trimmed)) return undefined;
  const segments = trimmed.split(/[/\\]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..' || /[\0:*?"<>|]/.test(segment))) return undefined;
  return segments;
}

function weekStartOf(value: unknown, problems: string[]): WeekStart {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 6) return value as WeekStart;
  if (typeof value === 'string') {
    const index = (weekdays as readonly string[]).indexOf(value.trim().toLowerCase());
    if (index >= 0) return index as WeekStart;
  }
  if (value !== undefined) problems.push(`agentUsage.weekStart: "${String(value)}" is not a weekday; using ${settingDefaults.weekStart}`);
  return weekdays.indexOf(settingDefaults.weekStart) as WeekStart;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string, problems: string[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  if (value !== undefined) problems.push(`agentUsage.${name}: "${String(value)}" is not one of ${allowed.join(', ')}; using ${fallback}`);
  return fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function parseSettings(raw: RawSettings, machineTimeZone: string): Settings {
  const problems: string[] = [];
  const fallbackZone = isValidTimeZone(machineTimeZone) ? machineTimeZone : 'UTC';
  let timeZone = fallbackZone;
  if (typeof raw.timeZone === 'string' && raw.timeZone.trim() !== '') {
    if (isValidTimeZone(raw.timeZone.trim())) timeZone = raw.timeZone.trim();
    else problems.push(`agentUsage.timeZone: "${raw.timeZone}" is not an IANA time zone; using ${fallbackZone}`);
  }

  let exportFolder = workspaceRelativeSegments(settingDefaults.exportFolder)!;
  if (typeof raw.exportFolder === 'string') {
    const segments = workspaceRelativeSegments(raw.exportFolder);
    if (segments) exportFolder = segments;
    else problems.push(`agentUsage.exportFolder: "${raw.exportFolder}" must be a folder inside the workspace; using ${settingDefaults.exportFolder}`);
  }

  let topAgentsCount = settingDefaults.topAgentsCount;
  if (typeof raw.topAgentsCount === 'number' && Number.isFinite(raw.topAgentsCount)) {
    topAgentsCount = Math.min(maxTopAgents, Math.max(1, Math.floor(raw.topAgentsCount)));
  }

  const autoImportFiles: string[][] = [];
  if (Array.isArray(raw.autoImportFiles)) {
    for (const entry of raw.autoImportFiles) {
      const segments = typeof entry === 'string' ? workspaceRelativeSegments(entry) : undefined;
      if (segments && segments.length > 0) autoImportFiles.push(segments);
      else problems.push(`agentUsage.autoImport.files: "${String(entry)}" is not a file inside the workspace; skipped`);
    }
  }

  let priceOverrides = noPriceOverrides;
  if (raw.priceOverrides !== undefined) {
    const parsed = parsePriceOverrides(raw.priceOverrides);
    priceOverrides = parsed.overrides;
    for (const problem of parsed.problems) problems.push(`agentUsage.priceOverrides: ${problem}; left out`);
  }

  return {
    timeZone,
    weekStartsOn: weekStartOf(raw.weekStart, problems),
    defaultTimeframe: oneOf(raw.defaultTimeframe, timeframePresets, settingDefaults.defaultTimeframe, 'defaultTimeframe', problems),
    exportFolder,
    exportBom: bool(raw.exportBom, settingDefaults.exportBom),
    topAgentsCount,
    topAgentsMetric: oneOf(raw.topAgentsMetric, topAgentMetrics, settingDefaults.topAgentsMetric, 'topAgents.metric', problems),
    persistenceEnabled: bool(raw.persistenceEnabled, settingDefaults.persistenceEnabled),
    autoImportFiles,
    costMode: oneOf(raw.costMode, costModes, settingDefaults.costMode, 'costMode', problems),
    priceOverrides,
    localLogsReadOnStartup: bool(raw.localLogsReadOnStartup, settingDefaults.localLogsReadOnStartup),
    localLogsWatch: bool(raw.localLogsWatch, settingDefaults.localLogsWatch),
    problems,
  };
}
