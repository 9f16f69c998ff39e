/**
 * Downloads a file behind a signed link (a report's NDJSON on a storage host). The link carries its own
 * authorisation in the query, so this request has no headers to take a key from: an API token can never
 * reach the storage origin, whatever that origin is. Errors name the host and path, never the query (the
 * signature).
 */
import { FetchError } from './types';

export type TextDownloader = (url: URL, signal?: AbortSignal) => Promise<string>;

export function createTextDownloader(options: { timeoutMs?: number } = {}): TextDownloader {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async (url, callerSignal) => {
    const where = `${url.host}${url.pathname}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    try {
      // no credentials of ours are sent, so following the storage host's own redirects is safe
      const response = await fetch(url, { method: 'GET', redirect: 'follow', credentials: 'omit', signal });
      const body = await response.text();
      if (!response.ok) {
        const hint = response.status === 403 ? ' (the signed link may have expired; fetch again)' : '';
        throw new FetchError(`${where}: download failed with HTTP ${response.status}${hint}`, response.status);
      }
      return body;
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (error instanceof FetchError) throw error;
      if (timeout.aborted) throw new FetchError(`${where}: no complete download from ${url.host} within ${timeoutMs / 1000} s`, null);
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new FetchError(`${where}: could not download from ${url.host} (${cause})`, null);
    }
  };
}
