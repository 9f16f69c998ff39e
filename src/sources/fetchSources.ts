/**
 * The provider APIs the CLI and the extension can fetch from, by name: what each fetches, the secrets and
 * settings it needs, and how a window becomes canonical events. Usage and billed cost are separate
 * sources: both describe the same spend (see README, cost modes).
 */
import type { EventRecord } from '../core/ingest/normalise';
import { fetchClaudeCodeReport } from './anthropic/claudeCodeReport';
import { fetchCostReport } from './anthropic/costReport';
import { fetchUsageReport } from './anthropic/usageReport';
import { fetchUserCostReport } from './anthropic/userCostReport';
import { fetchCopilotUsage, githubApiBaseUrl } from './copilot/usageMetrics';
import { createTextDownloader } from './http/download';
import type { JsonGetter } from './http/types';
import { fetchDailyMetrics } from './langfuse/dailyMetrics';
import { langfuseCloud } from './langfuse/langfuseApi';
import { fetchObservations } from './langfuse/observations';
import { fetchDailyActivity } from './litellm/dailyActivity';
import { fetchSpendLogs } from './litellm/spendLogs';
import { fetchLyzrDashboard, lyzrBaseUrl, positiveOption } from './lyzr/tracesDashboard';
import { fetchCosts } from './openai/costs';
import { fetchCompletionsUsage } from './openai/usageCompletions';

/** A secret a source needs: from `env` in the CLI, from SecretStorage (under the source's id and `name`) in the extension. */
export interface FetchCredential {
  name: string;
  env: string;
  /** what the password box asks for */
  label: string;
}

/** A non-secret value a source needs (an organisation, a scale): a CLI flag and an extension setting. */
export interface FetchOption {
  name: string;
  /** the CLI flag, without dashes */
  flag: string;
  label: string;
  required: boolean;
  /** the values allowed, when the option is a choice */
  choices?: readonly string[];
}

export interface FetchContext {
  get: JsonGetter;
  /** by credential name */
  secrets: Readonly<Record<string, string>>;
  /** by option name; absent when not given */
  options: Readonly<Record<string, string>>;
  /** replaces the provider's origin (self-hosted, tests) */
  baseUrl?: string;
  /** half-open [from, to), epoch ms on UTC day boundaries */
  window: { from: number; to: number };
  signal?: AbortSignal;
  /** a short line for a progress notification ("page 3 of usage") */
  onProgress?: (message: string) => void;
}

export interface FetchSource {
  id: string;
  label: string;
  /** the events' `source` column */
  format: string;
  credentials: readonly FetchCredential[];
  options?: readonly FetchOption[];
  /** undefined: the source has no public origin and needs a base URL (a proxy, a self-hosted server) */
  defaultBaseUrl?: string;
  /** an environment variable that may hold the base URL in the CLI (`LANGFUSE_HOST`) */
  baseUrlEnv?: string;
  /** undocumented endpoints: off unless the user opts in */
  experimental?: boolean;
  fetch(context: FetchContext): Promise<EventRecord[]>;
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const anthropicKey: FetchCredential = { name: 'apiKey', env: 'ANTHROPIC_ADMIN_KEY', label: 'Anthropic Admin API key (sk-ant-admin…)' };
const openaiKey: FetchCredential = { name: 'apiKey', env: 'OPENAI_ADMIN_KEY', label: 'OpenAI Admin API key' };
const langfuseKeys: FetchCredential[] = [
  { name: 'publicKey', env: 'LANGFUSE_PUBLIC_KEY', label: 'Langfuse public key (pk-lf-…)' },
  { name: 'secretKey', env: 'LANGFUSE_SECRET_KEY', label: 'Langfuse secret key (sk-lf-…)' },
];
const langfuseDetail: FetchOption = {
  name: 'detail', flag: 'langfuse-detail', label: 'Langfuse detail: metrics (daily aggregates, default) or observations (per request, ≤ 2 days)', required: false, choices: ['metrics', 'observations'],
};
const litellmKey: FetchCredential = { name: 'apiKey', env: 'LITELLM_API_KEY', label: 'LiteLLM proxy key (an admin key sees every user; a user key, that user)' };
const litellmDetail: FetchOption = {
  name: 'detail', flag: 'litellm-detail', label: 'LiteLLM detail: daily (default) or requests (at most 7 days)', required: false, choices: ['daily', 'requests'],
};

export const fetchSources: readonly FetchSource[] = [
  {
    id: 'anthropic', label: 'Anthropic Admin API usage', format: 'anthropic-usage', credentials: [anthropicKey], defaultBaseUrl: 'https://api.anthropic.com',
    fetch: ({ get, secrets, baseUrl, window, signal }) => fetchUsageReport(get, { apiKey: secret(secrets, 'apiKey'), baseUrl }, window, signal),
  },
  {
    id: 'anthropic-cost', label: 'Anthropic Admin API cost report', format: 'anthropic-cost', credentials: [anthropicKey], defaultBaseUrl: 'https://api.anthropic.com',
    fetch: ({ get, secrets, baseUrl, window, signal }) => fetchCostReport(get, { apiKey: secret(secrets, 'apiKey'), baseUrl }, window, signal),
  },
  {
    id: 'anthropic-claude-code', label: 'Anthropic Claude Code usage report', format: 'anthropic-claude-code', credentials: [anthropicKey], defaultBaseUrl: 'https://api.anthropic.com',
    fetch: ({ get, secrets, baseUrl, window, signal }) => fetchClaudeCodeReport(get, { apiKey: secret(secrets, 'apiKey'), baseUrl }, window, signal),
  },
  {
    id: 'anthropic-users', label: 'Anthropic Enterprise Analytics per-user cost', format: 'anthropic-users', credentials: [anthropicKey], defaultBaseUrl: 'https://api.anthropic.com',
    fetch: ({ get, secrets, baseUrl, window, signal }) => fetchUserCostReport(get, { apiKey: secret(secrets, 'apiKey'), baseUrl }, window, signal),
  },
  {
    id: 'openai', label: 'OpenAI Admin API usage (completions)', format: 'openai-usage', credentials: [openaiKey], defaultBaseUrl: 'https://api.openai.com',
    fetch: ({ get, secrets, baseUrl, window, signal }) =>
      fetchCompletionsUsage(get, { apiKey: secret(secrets, 'apiKey'), baseUrl, signal, start: seconds(window.from), end: seconds(window.to) }),
  },
  {
    id: 'openai-cost', label: 'OpenAI Admin API costs', format: 'openai-cost', credentials: [openaiKey], defaultBaseUrl: 'https://api.openai.com',
    fetch: ({ get, secrets, baseUrl, window, signal }) =>
      fetchCosts(get, { apiKey: secret(secrets, 'apiKey'), baseUrl, signal, start: seconds(window.from), end: seconds(window.to) }),
  },
  {
    id: 'langfuse', label: 'Langfuse', format: 'langfuse', credentials: langfuseKeys, options: [langfuseDetail],
    defaultBaseUrl: langfuseCloud, baseUrlEnv: 'LANGFUSE_HOST',
    fetch: ({ get, secrets, options, baseUrl, window, signal }) => {
      const config = { publicKey: secret(secrets, 'publicKey'), secretKey: secret(secrets, 'secretKey'), baseUrl };
      const detail = options.detail ?? 'metrics';
      if (detail === 'observations') return fetchObservations(get, config, window, signal);
      if (detail !== 'metrics') throw new Error(`detail must be metrics or observations; got "${detail}"`);
      return fetchDailyMetrics(get, config, window, signal);
    },
  },
  {
    id: 'copilot', label: 'GitHub Copilot usage metrics (per user and day)', format: 'copilot-metrics', defaultBaseUrl: githubApiBaseUrl,
    credentials: [{ name: 'token', env: 'GITHUB_TOKEN', label: 'GitHub token that can read the organisation\'s Copilot metrics' }],
    options: [{ name: 'githubOrg', flag: 'github-org', label: 'the GitHub organisation', required: true }],
    fetch: ({ get, secrets, options, baseUrl, window, signal, onProgress }) =>
      fetchCopilotUsage(get, createTextDownloader(), { token: secret(secrets, 'token'), org: option(options, 'githubOrg'), baseUrl, window, signal, onProgress }),
  },
  {
    // undocumented endpoints of Lyzr Studio's own frontend (see src/sources/lyzr/tracesDashboard.ts)
    id: 'lyzr', label: 'Lyzr Studio daily metrics (experimental, undocumented API)', format: 'lyzr-dashboard', defaultBaseUrl: lyzrBaseUrl, experimental: true,
    credentials: [{ name: 'apiKey', env: 'LYZR_API_KEY', label: 'Lyzr API key' }],
    options: [
      { name: 'creditsDivisor', flag: 'lyzr-credits-divisor', label: 'raw Lyzr credits per credit (default 100)', required: false },
      { name: 'usdPerCredit', flag: 'lyzr-usd-per-credit', label: 'USD per Lyzr credit (none: no cost)', required: false },
    ],
    fetch: ({ get, secrets, options, baseUrl, window, signal }) =>
      fetchLyzrDashboard(get, {
        apiKey: secret(secrets, 'apiKey'), baseUrl, window, signal,
        creditsDivisor: positiveOption(options.creditsDivisor, 'lyzr-credits-divisor'),
        usdPerCredit: positiveOption(options.usdPerCredit, 'lyzr-usd-per-credit'),
      }),
  },
  {
    id: 'litellm', label: 'LiteLLM proxy usage', format: 'litellm', credentials: [litellmKey], options: [litellmDetail],
    fetch: async ({ get, secrets, options, baseUrl, window, signal }) => {
      const request = { apiKey: secret(secrets, 'apiKey'), baseUrl: requiredBaseUrl(baseUrl, 'litellm'), from: window.from, to: window.to, signal };
      return litellmDetailOf(options) === 'requests' ? fetchSpendLogs(get, request) : fetchDailyActivity(get, request);
    },
  },
];

/** LiteLLM: `daily` (default) reads the daily activity; `requests` reads one row per request for a short window. */
export function litellmDetailOf(options: Readonly<Record<string, string>>): 'daily' | 'requests' {
  const detail = options.detail ?? 'daily';
  if (detail !== 'daily' && detail !== 'requests') throw new RangeError(`the LiteLLM detail must be daily or requests; got "${detail}"`);
  return detail;
}

function requiredBaseUrl(baseUrl: string | undefined, id: string): string {
  if (baseUrl === undefined) throw new Error(`${id} needs the proxy's base URL`);
  return baseUrl;
}

/** A secret the source declared; the caller has checked that every declared one is there. */
export function secret(secrets: Readonly<Record<string, string>>, name: string): string {
  const value = secrets[name];
  if (value === undefined) throw new Error(`the secret "${name}" is missing`);
  return value;
}

/** An option the source declared as required; the caller has checked that it is there. */
export function option(options: Readonly<Record<string, string>>, name: string): string {
  const value = options[name];
  if (value === undefined) throw new Error(`the option "${name}" is missing`);
  return value;
}

export function fetchSourceById(id: string): FetchSource | undefined {
  return fetchSources.find((source) => source.id === id);
}
