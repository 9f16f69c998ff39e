/**
 * Which cost a report shows (the modes are declared in src/shared/results.ts): `chooseCost` picks one
 * row's cost. A missing cost stays null: unpriced is never $0.
 */
import type { CostMode } from '../../shared/results';

export { costModes, defaultCostMode, isCostMode } from '../../shared/results';
export type { CostMode } from '../../shared/results';

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
