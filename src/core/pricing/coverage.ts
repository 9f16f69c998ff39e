/**
 * Counts how many rows the estimate priced and what it could not price, for the line under a total:
 * "3 models have no price: totals are a floor".
 */
import type { CostEstimate, TokenKind } from '../pricing';

export const tokenKindLabels: Record<TokenKind, string> = {
  input: 'input',
  output: 'output',
  'cache-read': 'cache-read',
  'cache-write': 'cache-write',
  'cache-write-1h': '1-hour cache-write',
  requests: 'per-request',
};

export class PricingCoverage {
  pricedRows = 0;
  unpricedRows = 0;
  /** rows whose token counts cannot be priced at all (negative, not numbers, cache parts above their total) */
  invalidRows = 0;
  readonly unpricedModels = new Set<string>();
  /** token kind → the models that have that kind of token but no price for it */
  readonly unpricedTokenKinds = new Map<TokenKind, Set<string>>();

  add(estimate: CostEstimate): void {
    if (estimate.kind === 'priced') {
      this.pricedRows++;
      return;
    }
    this.unpricedRows++;
    switch (estimate.reason) {
      case 'model':
        this.unpricedModels.add(estimate.model);
        break;
      case 'token-kind':
        for (const kind of estimate.tokenKinds) {
          let models = this.unpricedTokenKinds.get(kind);
          if (models === undefined) this.unpricedTokenKinds.set(kind, (models = new Set()));
          models.add(estimate.model);
        }
        break;
      case 'usage':
        this.invalidRows++;
        break;
    }
  }

  /** null when every row was priced. */
  sentence(): string | null {
    const parts: string[] = [];
    if (this.unpricedModels.size > 0) parts.push(`${models(this.unpricedModels.size)} no price`);
    for (const kind of Object.keys(tokenKindLabels) as TokenKind[]) {
      const kindModels = this.unpricedTokenKinds.get(kind);
      if (kindModels !== undefined) parts.push(`${models(kindModels.size)} no ${tokenKindLabels[kind]} price`);
    }
    if (this.invalidRows > 0) parts.push(`${this.invalidRows} ${this.invalidRows === 1 ? 'row has' : 'rows have'} unusable token counts`);
    return parts.length === 0 ? null : `${parts.join(', ')}: totals are a floor`;
  }
}

function models(count: number): string {
  return count === 1 ? '1 model has' : `${count} models have`;
}
