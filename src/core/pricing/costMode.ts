/**
 * Which cost a report shows: what the source reported, the estimate from the price table, or `auto`
 * (reported where the source has it, else estimated). A missing cost stays null: unpriced is never $0.
 */
export const costModes = ['reported', 'estimated', 'auto'] as const;

export type CostMode = (typeof costModes)[number];

export function isCostMode(value: unknown): value is CostMode {
  return typeof value === 'string' && (costModes as readonly string[]).includes(value);
}

export function chooseCost(mode: CostMode, reported: number | null | undefined, estimated: number | null | undefined): number | null {
  switch (mode) {
    case 'reported':
      return reported ?? null;
    case 'estimated':
      return estimated ?? null;
    case 'auto':
      return reported ?? estimated ?? null;
  }
}
