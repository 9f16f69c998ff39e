/**
 * Reads the fetch settings. A base URL decides where the API key is sent, so it is a restricted setting:
 * in an untrusted workspace only the user's own value (or the provider's default) counts — checked here
 * with `inspect` as well as by VS Code's `restrictedConfigurations`.
 */
import * as vscode from 'vscode';
import type { FetchSource } from '../../sources/fetchSources';
import { configurationSection } from '../settings/settings';
import { baseUrlKey, fetchSettingKeys, optionKey, parseBaseUrl, parseFetchSettings, type FetchSettings } from './fetchSettingsModel';

export function readFetchSettings(): FetchSettings {
  const config = vscode.workspace.getConfiguration(configurationSection);
  return parseFetchSettings({
    autoRefreshMinutes: config.get(fetchSettingKeys.autoRefreshMinutes),
    lateDays: config.get(fetchSettingKeys.lateDays),
    experimental: config.get(fetchSettingKeys.experimental),
  });
}

export interface SourceConfig {
  /** undefined: the provider's own origin */
  baseUrl?: string;
  options: Record<string, string>;
  problems: string[];
}

export function readSourceConfig(source: FetchSource, trusted = vscode.workspace.isTrusted): SourceConfig {
  const config = vscode.workspace.getConfiguration(configurationSection);
  const key = baseUrlKey(source);
  const inspected = config.inspect<unknown>(key);
  const raw = trusted ? config.get<unknown>(key) : (inspected?.globalValue ?? inspected?.defaultValue);
  const { baseUrl, problem } = parseBaseUrl(raw, key);
  const problems = problem ? [problem] : [];
  const options: Record<string, string> = {};
  for (const option of source.options ?? []) {
    const value = config.get<unknown>(optionKey(source, option.name));
    if (typeof value === 'string' && value.trim() !== '') options[option.name] = value.trim();
    else if (option.required) problems.push(`${source.label} needs ${option.label}: set agentUsage.${optionKey(source, option.name)}`);
  }
  if (!baseUrl && !source.defaultBaseUrl && !problem) problems.push(`${source.label} needs the server's address: set agentUsage.${key}`);
  return { baseUrl, options, problems };
}
