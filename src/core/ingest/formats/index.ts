/** Every export format the importer recognises by its header, besides our own canonical columns. */
import { copilotBilling } from './copilotBilling';
import type { SourceFormat } from './format';
import { openaiUsage } from './openaiUsage';
import { openrouterActivity } from './openrouterActivity';

export const sourceFormats: readonly SourceFormat[] = [
  openaiUsage,
  openrouterActivity,
  copilotBilling,
];

export function formatById(id: string): SourceFormat | undefined {
  return sourceFormats.find((format) => format.id === id);
}
