/** Why a KPI card shows no change: all time has no previous period; an empty figure this period has nothing to compare. */
export function noChangeText(hasPreviousPeriod: boolean, current: number | null): string {
  if (!hasPreviousPeriod) return 'all time';
  return current === null ? 'nothing to compare' : 'no previous figure';
}
