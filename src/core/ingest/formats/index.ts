/** Every export format the importer recognises by its header, besides our own canonical columns. */
import type { SourceFormat } from './format';
import { heliconeRequests } from './heliconeRequests';
import { langfuseObservations } from './langfuseObservations';
import { langfuseSessions } from './langfuseSessions';
import { langfuseTraces } from './langfuseTraces';
import { litellmFormats } from './litellmUsage';
import { openaiUsage } from './openaiUsage';

export const sourceFormats: readonly SourceFormat[] = [openaiUsage, ...litellmFormats, langfuseTraces, langfuseObservations, langfuseSessions, heliconeRequests];

export function formatById(id: string): SourceFormat | undefined {
  return sourceFormats.find((format) => format.id === id);
}
