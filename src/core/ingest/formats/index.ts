/** Every export format the importer recognises by its header, besides our own canonical columns. */
import { anthropicCost } from './anthropicCost';
import { anthropicUsage } from './anthropicUsage';
import type { SourceFormat } from './format';
import { openaiCost } from './openaiCost';
import { openaiUsage } from './openaiUsage';

export const sourceFormats: readonly SourceFormat[] = [openaiUsage, openaiCost, anthropicUsage, anthropicCost];

export function formatById(id: string): SourceFormat | undefined {
  return sourceFormats.find((format) => format.id === id);
}
