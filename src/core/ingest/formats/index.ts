/** Every export format the importer recognises by its header, besides our own canonical columns. */
import type { SourceFormat } from './format';
import { openaiUsage } from './openaiUsage';

export const sourceFormats: readonly SourceFormat[] = [openaiUsage];

export function formatById(id: string): SourceFormat | undefined {
  return sourceFormats.find((format) => format.id === id);
}
