/**
 * Fetching usage from provider APIs in the editor: API keys in SecretStorage (Set / Clear API Key…),
 * Fetch Usage… (a source, a window, a cancellable progress notification, a summary), Refresh from the
 * Sources list and auto-refresh. Generic over the registry in src/sources/fetchSources.ts.
 *
 * The fetch runs here in the extension host (not in the store's worker): Node's global `fetch` is the
 * one VS Code patches for `http.proxy`. Fetches never overlap; only the storing step takes the data
 * service's `exclusive`, so a slow API does not hold up imports. A failed or cancelled fetch stores nothing.
 */
import * as vscode from 'vscode';
import { createJsonGetter } from '../../sources/http/client';
import type { JsonGetter } from '../../sources/http/types';
import { fetchSourceById, fetchSources, type FetchSource } from '../../sources/fetchSources';
import type { SourceActionResult, SourceInfo } from '../../shared/sources';
import type { FetchedSummary } from '../../store/fetched';
import { clock } from '../data/clock';
import type { DataService } from '../data/dataService';
import type { Log } from '../log';
import { readFetchSettings, readSourceConfig } from './fetchSettings';
import { offeredSources, secretKey } from './fetchSettingsModel';
import { cancelledMessage, failedMessage, fetchedMessage, keyClearedMessage, keySavedMessage, noKeyMessage, notInRegistryMessage } from './fetchText';
import { customWindow, fetchPresetLabels, fetchPresets, presetWindow, refreshWindow, windowText, type FetchWindow } from './fetchWindows';
import { windowPrompts, type Prompts } from './prompts';

export const setKeyAction = 'Set API Key…';
export const fetchSourcePrefix = 'fetch:';

/** The programmatic form of Fetch Usage (tests, other extensions): days are YYYY-MM-DD, both included. */
export interface FetchCommandOptions {
  sourceId: string;
  from: string;
  to: string;
  signal?: AbortSignal;
}

class FetchCancelled extends Error {}

export class FetchService {
  private queue: Promise<unknown> = Promise.resolve();
  /** fetches started (tests: auto-refresh ticks) */
  runs = 0;

  constructor(
    private readonly data: DataService,
    private readonly log: Log,
    private readonly secrets: vscode.SecretStorage,
    private readonly prompts: Prompts = windowPrompts,
    private readonly get: JsonGetter = createJsonGetter(),
  ) {}

  /** Set API Key…: a source, then one password box per secret it needs. */
  async setKey(preset?: FetchSource): Promise<boolean> {
    const source = preset ?? (await this.pickSource('Set the API key of…'));
    if (!source) return false;
    const values: [string, string][] = [];
    for (const credential of source.credentials) {
      const value = await this.prompts.input({
        title: `${source.label}: ${credential.label}`,
        prompt: `Kept in VS Code's secret storage; sent only to ${source.defaultBaseUrl ?? 'the server you configure'} (or agentUsage.fetch.${source.id}.baseUrl)`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (text) => (text.trim() === '' ? 'Enter the key, or press Escape to cancel' : undefined),
      });
      if (value === undefined || value.trim() === '') return false;
      values.push([credential.name, value.trim()]);
    }
    for (const [name, value] of values) await this.secrets.store(secretKey(source.id, name), value);
    void this.log.notify('info', keySavedMessage(source.label));
    return true;
  }

  async clearKey(): Promise<boolean> {
    const source = await this.pickSource('Clear the API key of…');
    if (!source) return false;
    for (const credential of source.credentials) await this.secrets.delete(secretKey(source.id, credential.name));
    void this.log.notify('info', keyClearedMessage(source.label));
    return true;
  }

  /** Fetch Usage…: from the UI it asks (source, window); with options it skips the pickers, returns the summary and rejects on failure. */
  async fetchUsage(raw?: unknown): Promise<FetchedSummary | undefined> {
    if (raw !== undefined && raw !== null && typeof raw === 'object') {
      const { sourceId, from, to, signal } = raw as Partial<FetchCommandOptions>;
      const source = typeof sourceId === 'string' ? fetchSourceById(sourceId) : undefined;
      if (!source) throw new Error(notInRegistryMessage(String(sourceId)));
      const window = customWindow(String(from), String(to), clock.now());
      if (typeof window === 'string') throw new Error(window);
      return this.run(source, window, signal instanceof AbortSignal ? signal : undefined, true);
    }
    const source = await this.pickSource('Fetch usage from…');
    if (!source) return undefined;
    if (!(await this.secretsOf(source))) {
      const choice = await this.log.notify('warning', noKeyMessage(source.label), setKeyAction);
      if (choice !== setKeyAction || !(await this.setKey(source))) return undefined;
    }
    const window = await this.pickWindow(source);
    if (!window) return undefined;
    return this.run(source, window, undefined, true).catch(() => undefined);
  }

  /** Refresh from the Sources list: the late days again and every day since the last fetch. */
  async refresh(stored: SourceInfo, interactive = true): Promise<SourceActionResult> {
    const source = fetchSourceById(stored.id.slice(fetchSourcePrefix.length));
    if (!source) return { done: false, message: notInRegistryMessage(stored.id) };
    const window = refreshWindow(clock.now(), readFetchSettings().lateDays, stored.fetched);
    const summary = await this.run(source, window, undefined, interactive);
    return { done: true, message: fetchedMessage(source.label, window, summary) };
  }

  /** Auto-refresh: every fetch source in the store that has its key (one without is skipped with a log line); failures are notified, one source does not stop the next. */
  async refreshAll(): Promise<void> {
    for (const stored of await this.data.listSources()) {
      if (stored.kind !== 'fetch') continue;
      const source = fetchSourceById(stored.id.slice(fetchSourcePrefix.length));
      if (!source || !(await this.secretsOf(source))) {
        this.log.info(`auto-refresh skipped ${stored.label}: no API key or no longer a fetch source`);
        continue;
      }
      await this.refresh(stored, false).catch(() => undefined);
    }
  }

  private async secretsOf(source: FetchSource): Promise<Record<string, string> | undefined> {
    const secrets: Record<string, string> = {};
    for (const credential of source.credentials) {
      const value = await this.secrets.get(secretKey(source.id, credential.name));
      if (!value) return undefined;
      secrets[credential.name] = value;
    }
    return secrets;
  }

  private async pickSource(title: string): Promise<FetchSource | undefined> {
    const items = offeredSources(fetchSources, readFetchSettings().experimental).map((source) => ({
      label: source.label,
      description: source.experimental ? `${source.id} (experimental: undocumented endpoints)` : source.id,
      source,
    }));
    return (await this.prompts.pick(items, { title, placeHolder: 'Source', ignoreFocusOut: true }))?.source;
  }

  private async pickWindow(source: FetchSource): Promise<FetchWindow | undefined> {
    const now = clock.now();
    const custom = 'Custom…';
    const items = [
      ...fetchPresets.map((preset) => ({ label: fetchPresetLabels[preset], description: `${windowText(presetWindow(preset, now))} (UTC days)`, preset })),
      { label: custom, description: 'first and last day (UTC)', preset: undefined },
    ];
    const picked = await this.prompts.pick(items, { title: `${source.label}: which days?`, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.preset) return presetWindow(picked.preset, now);
    const from = await this.prompts.input({ title: 'First day (UTC)', placeHolder: 'YYYY-MM-DD', ignoreFocusOut: true, validateInput: (text) => {
      const window = customWindow(text, text, now);
      return typeof window === 'string' ? window : undefined;
    } });
    if (from === undefined) return undefined;
    const to = await this.prompts.input({ title: 'Last day (UTC, included)', placeHolder: 'YYYY-MM-DD', ignoreFocusOut: true, validateInput: (text) => {
      const window = customWindow(from, text, now);
      return typeof window === 'string' ? window : undefined;
    } });
    if (to === undefined) return undefined;
    const window = customWindow(from, to, now);
    return typeof window === 'string' ? undefined : window;
  }

  /** One fetch at a time; shows progress (cancellable), then the summary or the failure. Rejects on failure and cancel. */
  private run(source: FetchSource, window: FetchWindow, signal: AbortSignal | undefined, interactive: boolean): Promise<FetchedSummary> {
    const next = this.queue.then(() => this.fetchAndStore(source, window, signal, interactive));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async fetchAndStore(source: FetchSource, window: FetchWindow, signal: AbortSignal | undefined, interactive: boolean): Promise<FetchedSummary> {
    this.runs++;
    const secrets = await this.secretsOf(source);
    const secretValues = Object.values(secrets ?? {});
    try {
      if (!secrets) throw new Error(noKeyMessage(source.label));
      const config = readSourceConfig(source);
      if (config.problems.length > 0) throw new Error(config.problems.join('; '));
      const summary = await vscode.window.withProgress(
        { location: interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: `Fetching ${source.label}`, cancellable: interactive },
        async (progress, token) => {
          const controller = new AbortController();
          const abort = () => controller.abort(new FetchCancelled('cancelled'));
          const cancellation = token.onCancellationRequested(abort);
          signal?.addEventListener('abort', abort, { once: true });
          if (signal?.aborted) abort();
          try {
            progress.report({ message: windowText(window) });
            const events = await source.fetch({
              get: this.get, secrets, options: config.options, baseUrl: config.baseUrl, window, signal: controller.signal,
              onProgress: (message) => progress.report({ message }),
            });
            if (controller.signal.aborted) throw new FetchCancelled('cancelled');
            return await this.data.exclusive(async () => {
              const stored = await this.data.importFetched({
                sourceId: `${fetchSourcePrefix}${source.id}`, label: source.label, location: config.baseUrl ?? source.defaultBaseUrl ?? '',
                format: source.format, window, events,
              });
              await this.data.changed('import');
              return stored;
            });
          } catch (error) {
            throw controller.signal.aborted ? new FetchCancelled('cancelled') : error;
          } finally {
            cancellation.dispose();
            signal?.removeEventListener('abort', abort);
          }
        },
      );
      const message = fetchedMessage(source.label, window, summary);
      if (interactive) void this.log.notify('info', message);
      else this.log.info(message);
      return summary;
    } catch (error) {
      if (error instanceof FetchCancelled) void this.log.notify('info', cancelledMessage(source.label));
      else void this.log.notify('error', failedMessage(source.label, error, secretValues));
      throw error instanceof FetchCancelled ? new Error(cancelledMessage(source.label)) : new Error(failedMessage(source.label, error, secretValues));
    }
  }
}
