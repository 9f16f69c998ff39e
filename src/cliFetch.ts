/**
 * The CLI's `--fetch SOURCE...` with `--base-url URL`: keys from the environment, the report's window widened to whole UTC days, every
 * failure a message naming the source and the HTTP status (the key never printed).
 */
import { createJsonGetter } from './sources/http/client';
import { FetchError } from './sources/http/types';
import { fetchSourceById, fetchSources, type FetchSource } from './sources/fetchSources';
import type { StoreClient } from './store/client';
import type { FetchedSummary } from './store/fetched';
import { UsageError } from './cliErrors';

const dayMs = 86_400_000;

/** The `--fetch` ids for the usage text; experimental ones marked. */
export function fetchUsageIds(): string {
  return fetchSources.map((source) => (source.experimental ? `${source.id} (experimental, with --experimental)` : source.id)).join('|');
}

/** Each fetch source's own flags, for the usage text: `[--github-org VALUE] (copilot)`. */
export function fetchOptionFlags(): string {
  return fetchSources
    .filter((source) => (source.options ?? []).length > 0)
    .map((source) => `${(source.options ?? []).map((option) => `[--${option.flag} ${option.choices ? option.choices.join("|") : "X"}]`).join(' ')} (${source.id})`)
    .join(' ');
}

/** The environment variables the fetch sources read, for the usage text. */
export function fetchKeyNames(): string {
  const names = fetchSources.flatMap((source) => [...source.credentials.map((credential) => credential.env), ...(source.baseUrlEnv ? [`[${source.baseUrlEnv}]`] : [])]);
  return [...new Set(names)].join(', ');
}

export interface FetchRequest {
  source: FetchSource;
  secrets: Record<string, string>;
  options: Record<string, string>;
  baseUrl?: string;
}

/**
 * One request per `--fetch` id: its secrets from the environment, its options from the command line
 * (`--github-org`), its base URL from `--base-url`, else the source's environment variable, else its default.
 */
export function fetchRequests(
  ids: readonly string[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
  flags: Readonly<Record<string, unknown>> = {},
): FetchRequest[] {
  return (ids ?? []).map((id) => {
    const source = fetchSourceById(id);
    if (!source) throw new UsageError(`--fetch must be one of ${fetchSources.map((s) => s.id).join(', ')}; got "${id}"`);
    if (source.experimental && flags.experimental !== true) {
      throw new UsageError(`--fetch ${id} calls undocumented endpoints that may change or break; add --experimental to use it`);
    }
    const secrets: Record<string, string> = {};
    for (const credential of source.credentials) {
      const value = env[credential.env]?.trim();
      if (!value) throw new UsageError(`--fetch ${id} needs ${credential.label} in the environment variable ${credential.env}`);
      secrets[credential.name] = value;
    }
    const options: Record<string, string> = {};
    for (const option of source.options ?? []) {
      const value = stringFlag(flags, option.flag);
      if (value && option.choices && !option.choices.includes(value)) {
        throw new UsageError(`--${option.flag} must be one of ${option.choices.join(', ')}; got "${value}"`);
      }
      if (value) options[option.name] = value;
      else if (option.required) throw new UsageError(`--fetch ${id} needs --${option.flag} (${option.label})`);
    }
    const baseUrl = baseUrlOf(stringFlag(flags, 'base-url') ?? (source.baseUrlEnv ? env[source.baseUrlEnv] : undefined));
    if (!baseUrl && !source.defaultBaseUrl) throw new UsageError(`--fetch ${id} needs --base-url (the server's address${source.baseUrlEnv ? ` or ${source.baseUrlEnv}` : ''})`);
    return { source, secrets, options, baseUrl };
  });
}

function stringFlag(flags: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The report's range as whole UTC days: the APIs bucket by UTC day. */
export function fetchWindow(range: { start: number; end: number }): { from: number; to: number } {
  if (range.start <= 0) throw new UsageError('--fetch needs a window (--timeframe other than all-time, or --from/--to)');
  return { from: Math.floor(range.start / dayMs) * dayMs, to: Math.ceil(range.end / dayMs) * dayMs };
}

export function baseUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url is not a URL: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--base-url must be http or https');
  return url.origin;
}

export async function runFetches(
  store: StoreClient,
  requests: readonly FetchRequest[],
  window: { from: number; to: number },
): Promise<(FetchedSummary & { label: string })[]> {
  const get = createJsonGetter();
  const summaries: (FetchedSummary & { label: string })[] = [];
  for (const { source, secrets, options, baseUrl } of requests) {
    let events;
    try {
      events = await source.fetch({ get, secrets, options, baseUrl, window });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new FetchError(`${source.id}: ${message}`, error instanceof FetchError ? error.status : null);
    }
    const summary = await store.call('importFetched', {
      sourceId: `fetch:${source.id}`, label: source.label, location: baseUrl ?? source.defaultBaseUrl ?? '', format: source.format, window, events,
    });
    summaries.push({ ...summary, label: source.label });
  }
  return summaries;
}
