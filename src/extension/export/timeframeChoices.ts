/** Timeframe choices for the export quick picks and validation of typed days (pure). */
import { describeTimeframe, resolveTimeframe, timeframePresets, type TimeContext, type TimeframePreset } from '../../core/timeframe';
import { rangeDays } from './exportNaming';

export interface PresetChoice {
  preset: TimeframePreset;
  label: string;
  /** the resolved days, e.g. "2026-10-24 – 2026-11-22" */
  detail: string;
}

export function presetChoices(ctx: TimeContext): PresetChoice[] {
  return timeframePresets.map((preset) => {
    const days = rangeDays(resolveTimeframe(preset, ctx), ctx.timeZone);
    const detail = !days ? 'all data' : days.first === days.last ? days.first : `${days.first} – ${days.last}`;
    return { preset, label: describeTimeframe(preset), detail };
  });
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Undefined when `text` is a real calendar day written YYYY-MM-DD, otherwise the message to show. */
export function validateDay(text: string): string | undefined {
  const match = dayPattern.exec(text.trim());
  if (!match) return 'Enter a day as YYYY-MM-DD, e.g. 2026-11-22';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return `${text.trim()} is not a calendar day`;
  }
  return undefined;
}

/** Validation of a range's last day against its first. */
export function validateRangeEnd(from: string, to: string): string | undefined {
  return validateDay(to) ?? (to.trim() < from.trim() ? `The last day must not be before ${from.trim()}` : undefined);
}
