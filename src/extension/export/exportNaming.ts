/**
 * Export file names (pure). Names carry only the report and its dates, never data, so nothing from
 * an imported file can steer where an export lands. Existing files are never replaced: the next free
 * `name (2).csv`, `name (3).csv` … is used instead.
 */
import { reportSpec, type ReportId } from '../../shared/reports';
import { ALL_TIME, formatDay, type TimeRange } from '../../core/timeframe';

/** Inclusive first and last calendar day of a half-open range in the zone, or undefined for all time. */
export function rangeDays(range: TimeRange, timeZone: string): { first: string; last: string } | undefined {
  if (range.start <= ALL_TIME.start && range.end >= ALL_TIME.end) return undefined;
  return { first: formatDay(range.start, timeZone), last: formatDay(Math.max(range.start, range.end - 1), timeZone) };
}

/** `usage-by-agent_2026-10-24_to_2026-11-22.csv`, `user-usage_2026-11-22.csv`, `usage-by-model_all-time.csv`. */
export function exportFileName(report: ReportId, range: TimeRange, timeZone: string): string {
  const base = reportSpec(report).export.fileStem;
  const days = rangeDays(range, timeZone);
  if (!days) return `${base}_all-time.csv`;
  return days.first === days.last ? `${base}_${days.first}.csv` : `${base}_${days.first}_to_${days.last}.csv`;
}

/** n = 1 → the name itself; n ≥ 2 → `stem (n).ext`. */
export function numberedFileName(fileName: string, n: number): string {
  if (n <= 1) return fileName;
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)} (${n})${fileName.slice(dot)}` : `${fileName} (${n})`;
}

export const maxNumberedNames = 1000;

/** The first of name, name (2), name (3) … for which `exists` says false. */
export async function firstFreeFileName(fileName: string, exists: (name: string) => Promise<boolean>, from = 1): Promise<string> {
  for (let n = Math.max(1, from); n <= maxNumberedNames; n++) {
    const candidate = numberedFileName(fileName, n);
    if (!(await exists(candidate))) return candidate;
  }
  throw new Error(`no free file name: ${numberedFileName(fileName, 2)} … ${numberedFileName(fileName, maxNumberedNames)} all exist`);
}

/** Hidden temporary file next to the target (same folder, so the final rename never crosses devices). */
export function temporaryFileName(fileName: string, random: string): string {
  return `.${fileName}.${random}.tmp`;
}
