/** The texts of fetching in the editor (pure): the summary after a fetch and the messages around it. */
import { escapeControls } from '../../core/printable';
import type { FetchedSummary } from '../../store/fetched';
import { windowText, type FetchWindow } from './fetchWindows';

const counts = new Intl.NumberFormat('en-US');
const rows = (count: number) => `${counts.format(count)} ${count === 1 ? 'row' : 'rows'}`;

/** "Anthropic Admin API usage: 124 rows for 2026-11-01..30 (UTC days), 3 earlier rows replaced" */
export function fetchedMessage(label: string, window: FetchWindow, summary: FetchedSummary): string {
  const parts = [`${label}: ${rows(summary.imported)} for ${windowText(window)} (UTC days)`];
  if (summary.replaced > 0) parts.push(`${counts.format(summary.replaced)} earlier ${summary.replaced === 1 ? 'row' : 'rows'} replaced`);
  if (summary.duplicates > 0) parts.push(`${rows(summary.duplicates)} repeated in the response, counted once`);
  return escapeControls(parts.join(', '));
}

export const cancelledMessage = (label: string) => `${label}: fetch cancelled, nothing stored.`;

/** The error's message (a FetchError names the source and the status), with any secret value blanked out in case one slipped in. */
export function failedMessage(label: string, error: unknown, secrets: readonly string[]): string {
  let message = error instanceof Error ? error.message : String(error);
  for (const value of secrets) if (value.length > 0) message = message.split(value).join('[key]');
  return escapeControls(message.startsWith(label) ? message : `${label}: ${message}`);
}

export const noKeyMessage = (label: string) => `${label} has no API key yet. Set it first; it is kept in VS Code's secret storage.`;
export const keySavedMessage = (label: string) => `${label}: API key saved in VS Code's secret storage.`;
export const keyClearedMessage = (label: string) => `${label}: API key removed from VS Code's secret storage.`;
export const notInRegistryMessage = (id: string) => `${escapeControls(id)} is not a source this version can fetch from.`;
