/** Every export format the importer recognises by its header, besides our own canonical columns. */
import { anthropicCost } from './anthropicCost';
import { anthropicUsage } from './anthropicUsage';
import { copilotBilling } from './copilotBilling';
import { copilotMetrics } from './copilotMetrics';
import { cursorUsageV1, cursorUsageV2, cursorUsageV3 } from './cursorUsage';
import type { SourceFormat } from './format';
import { heliconeRequests } from './heliconeRequests';
import { langfuseObservations } from './langfuseObservations';
import { langfuseSessions } from './langfuseSessions';
import { langfuseTraces } from './langfuseTraces';
import { litellmFormats } from './litellmUsage';
import { openaiCost } from './openaiCost';
import { openaiUsage } from './openaiUsage';
import { openrouterActivity } from './openrouterActivity';

export const sourceFormats: readonly SourceFormat[] = [
  openaiUsage,
  openaiCost,
  anthropicUsage,
  anthropicCost,
  ...litellmFormats,
  langfuseTraces,
  langfuseObservations,
  langfuseSessions,
  heliconeRequests,
  openrouterActivity,
  copilotBilling,
  copilotMetrics,
  cursorUsageV1,
  cursorUsageV2,
  cursorUsageV3,
];

export function formatById(id: string): SourceFormat | undefined {
  return sourceFormats.find((format) => format.id === id);
}
