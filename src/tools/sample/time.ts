/** UTC day arithmetic and timestamp formatting. */

import { PAD2, PAD3 } from './numberFormat';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** Epoch ms of 00:00 UTC on `day` ('YYYY-MM-DD'); throws on malformed or impossible dates. */
export function parseDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`endDay must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`endDay is not a valid date: ${day}`);
  }
  return ms;
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** 'YYYY-MM-DDT' of the UTC day starting at `dayStartMs`, to prefix `timeOfDayIso`. */
export function isoDayPrefix(dayStartMs: number): string {
  return isoAt(dayStartMs).slice(0, 11);
}

/** 'HH:MM:SS.mmmZ' for ms since midnight (0 <= msOfDay < DAY_MS); same text as toISOString, much faster. */
export function timeOfDayIso(msOfDay: number): string {
  const h = Math.floor(msOfDay / HOUR_MS);
  const mi = Math.floor((msOfDay % HOUR_MS) / 60_000);
  const sec = Math.floor((msOfDay % 60_000) / 1000);
  return PAD2[h]! + ':' + PAD2[mi]! + ':' + PAD2[sec]! + '.' + PAD3[msOfDay % 1000]! + 'Z';
}
