/**
 * The `agentUsage.fetch.*` settings as typed values (pure; the `vscode` reading is in fetchSettings.ts).
 * Bad values fall back to the defaults and are named in `problems`.
 */
import type { FetchSource } from '../../sources/fetchSources';

export const fetchSettingKeys = {
  autoRefreshMinutes: 'fetch.autoRefreshMinutes',
  lateDays: 'fetch.lateDays',
  experimental: 'fetch.experimental',
} as const;

/** `agentUsage.fetch.<id>.baseUrl` and `agentUsage.fetch.<id>.<option>` (relative to the `agentUsage` section) */
export const baseUrlKey = (source: Pick<FetchSource, 'id'>) => `fetch.${source.id}.baseUrl`;
export const optionKey = (source: Pick<FetchSource, 'id'>, option: string) => `fetch.${source.id}.${option}`;

export const fetchSettingDefaults = { autoRefreshMinutes: 0, lateDays: 3, experimental: false };
export const maxLateDays = 90;

export interface FetchSettings {
  /** 0 = off */
  autoRefreshMinutes: number;
  lateDays: number;
  experimental: boolean;
  problems: string[];
}

function wholeNumber(value: unknown, setting: string, min: number, max: number, fallback: number, problems: string[]): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`agentUsage.${setting} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}, using ${fallback}`);
  return fallback;
}

export function parseFetchSettings(raw: { autoRefreshMinutes?: unknown; lateDays?: unknown; experimental?: unknown }): FetchSettings {
  const problems: string[] = [];
  return {
    autoRefreshMinutes: wholeNumber(raw.autoRefreshMinutes, fetchSettingKeys.autoRefreshMinutes, 0, 24 * 60, fetchSettingDefaults.autoRefreshMinutes, problems),
    lateDays: wholeNumber(raw.lateDays, fetchSettingKeys.lateDays, 1, maxLateDays, fetchSettingDefaults.lateDays, problems),
    experimental: raw.experimental === true,
    problems,
  };
}

/** A base URL setting as an origin: undefined when empty (the provider's own), a problem when it is not an http(s) URL. */
export function parseBaseUrl(value: unknown, setting: string): { baseUrl?: string; problem?: string } {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return {};
  if (typeof value !== 'string') return { problem: `agentUsage.${setting} must be a URL` };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { problem: `agentUsage.${setting} is not a URL: "${value}"` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `agentUsage.${setting} must be an http or https URL` };
  return { baseUrl: url.origin };
}

/** The sources a picker offers: the experimental ones only when the user opted in. */
export function offeredSources<T extends Pick<FetchSource, 'experimental'>>(sources: readonly T[], experimental: boolean): T[] {
  return sources.filter((source) => experimental || !source.experimental);
}

/** Where a source's secret lives in SecretStorage. */
export const secretKey = (sourceId: string, credential: string) => `agentUsage.fetch.${sourceId}.${credential}`;
