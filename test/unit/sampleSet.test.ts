import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleShiftMs } from '../../src/core/sampleSet';

const DAY_MS = 86_400_000;

/** Every event timestamp of the shipped sample, read straight from the file. */
function sampleEventTimes(): number[] {
  const [header, ...lines] = readFileSync('media/sample/events.csv', 'utf8').trim().split('\n');
  const column = header!.split(',').indexOf('timestamp');
  return lines.map((line) => Date.parse(line.split(',')[column]!));
}

/** yyyy-mm-dd of an instant in a zone, via Intl (independent of the code under test). */
function dayIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

describe('sampleShiftMs', () => {
  const times = sampleEventTimes();
  const last = Math.max(...times);

  // 09:00 local on 2026-12-03 in each zone: earlier in the day than the sample's last event (22:06 UTC)
  it.each([
    ['UTC', '2026-12-03T09:00:00Z'],
    ['Europe/Berlin', '2026-12-03T08:00:00Z'],
    ['America/New_York', '2026-12-03T14:00:00Z'],
    ['Asia/Kolkata', '2026-12-03T03:30:00Z'],
  ])('at 09:00 in %s no shifted event is later than now, and the last one is today', (timeZone, nowIso) => {
    const now = Date.parse(nowIso);
    const shift = sampleShiftMs(now, timeZone);
    for (const time of times) expect(time + shift).toBeLessThanOrEqual(now);
    expect(dayIn(last + shift, timeZone)).toBe('2026-12-03');
  });

  it('shifts by whole days when the last event already lies before now on the same day', () => {
    const now = Date.parse('2026-12-03T23:30:00Z');
    const shift = sampleShiftMs(now, 'UTC');
    expect(shift).toBe(18 * DAY_MS); // 2026-11-15 → 2026-12-03
    expect(new Date(last + shift).toISOString().slice(11, 19)).toBe(new Date(last).toISOString().slice(11, 19));
  });
});
