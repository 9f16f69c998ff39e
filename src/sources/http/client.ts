/**
 * The JsonGetter fetchers use: Node's global fetch (VS Code patches it for its proxy settings, so no
 * custom agent or dispatcher) plus the rules a usage API needs — retries on rate limits and overload,
 * no retry on what waiting cannot fix, a per-request timeout, same-origin redirects only, and errors that
 * name the endpoint (host and path) but never a header value or the query.
 * A `retry-after` is honoured on every retried status (RFC 9110 allows it on 503 too). A refused or reset
 * connection and a timeout are not retried: they fail at once with the host named, and the caller decides.
 */
import { backoffMs, retryAfterMs } from './retryDelay';
import { FetchError, type JsonGetter, type JsonRequest } from './types';

export interface JsonGetterOptions {
  /** per request, covering connect, headers and the whole body; default 30 s */
  timeoutMs?: number;
  /** requests per call including the first; default 3 (the providers' SDKs retry twice) */
  maxAttempts?: number;
  /** first backoff step; default 1 s */
  backoffBaseMs?: number;
  /** largest backoff step; default 20 s */
  backoffCapMs?: number;
  /** a longer `retry-after` is cut to this; default 60 s */
  retryAfterCapMs?: number;
  /** same-origin redirects followed per request; default 5 */
  maxRedirects?: number;
  /** waits; must reject with the signal's reason when it aborts */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** 429 without a readable retry-after, and the statuses providers use for "overloaded, come back". */
const RETRYABLE = new Set([429, 500, 502, 503, 529]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createJsonGetter(options: JsonGetterOptions = {}): JsonGetter {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const baseMs = options.backoffBaseMs ?? 1_000;
  const capMs = options.backoffCapMs ?? 20_000;
  const retryAfterCapMs = options.retryAfterCapMs ?? 60_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  return async (request, signal) => {
    const secrets = Object.values(request.headers).filter((value) => value.length > 0);
    const redact = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const outcome = await attemptOnce(request, signal, { timeoutMs, maxRedirects, redact });
      if (outcome.kind === 'json') return outcome.value;
      const wait =
        outcome.retryAfterMs !== null
          ? Math.min(outcome.retryAfterMs, retryAfterCapMs)
          : backoffMs(attempt - 1, baseMs, capMs, random);
      if (attempt >= maxAttempts) {
        throw new FetchError(
          `${endpointOf(outcome.url)}: rate limited / provider overloaded; try later (HTTP ${outcome.status} after ${attempt} attempts)`,
          outcome.status,
        );
      }
      await sleep(wait, signal);
    }
  };

  function readRetryAfter(response: Response): number | null {
    return retryAfterMs(response.headers.get('retry-after'), now());
  }

  type Outcome =
    | { kind: 'json'; value: unknown }
    | { kind: 'retry'; status: number; url: URL; retryAfterMs: number | null };

  async function attemptOnce(
    request: JsonRequest,
    callerSignal: AbortSignal | undefined,
    limits: { timeoutMs: number; maxRedirects: number; redact: (text: string) => string },
  ): Promise<Outcome> {
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    let url = request.url;
    try {
      for (let hop = 0; ; hop++) {
        const response = await fetch(url, {
          method: 'GET',
          headers: { accept: 'application/json', ...request.headers },
          redirect: 'manual',
          signal,
        });
        if (REDIRECTS.has(response.status)) {
          await response.body?.cancel();
          url = redirectTarget(url, response, hop, limits.maxRedirects);
          continue;
        }
        const body = await response.text();
        if (response.ok) return { kind: 'json', value: parseJson(url, response.status, body) };
        if (response.status === 429 && body.includes('enforced_spend_limit_reached')) {
          throw new FetchError(`${endpointOf(url)}: the organisation's spend limit is reached (HTTP 429); retrying will not help`, 429);
        }
        if (RETRYABLE.has(response.status)) {
          return { kind: 'retry', status: response.status, url, retryAfterMs: readRetryAfter(response) };
        }
        throw statusError(url, response.status, body, limits.redact);
      }
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (error instanceof FetchError) throw error;
      if (timeout.aborted) {
        throw new FetchError(`${endpointOf(url)}: no complete answer from ${url.host} within ${limits.timeoutMs / 1000} s`, null);
      }
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new FetchError(`${endpointOf(url)}: could not reach ${url.host} (${limits.redact(cause)})`, null);
    }
  }
}

/** host and path: what a user needs to tell which call failed, without the query (cursors, ids). */
function endpointOf(url: URL): string {
  return `${url.host}${url.pathname}`;
}

function redirectTarget(from: URL, response: Response, hop: number, maxRedirects: number): URL {
  const location = response.headers.get('location');
  if (location === null) throw new FetchError(`${endpointOf(from)}: HTTP ${response.status} redirect without a location`, response.status);
  const to = new URL(location, from);
  if (to.origin !== from.origin) {
    throw new FetchError(
      `${endpointOf(from)}: HTTP ${response.status} redirect to another origin (${to.origin}) refused, so the key is not sent there`,
      response.status,
    );
  }
  if (hop + 1 > maxRedirects) throw new FetchError(`${endpointOf(from)}: more than ${maxRedirects} redirects; stopped`, response.status);
  return to;
}

function parseJson(url: URL, status: number, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new FetchError(`${endpointOf(url)}: HTTP ${status} but the body is not JSON (an error page or a cut-off answer?)`, status);
  }
}

function statusError(url: URL, status: number, body: string, redact: (text: string) => string): FetchError {
  const where = `${endpointOf(url)}: HTTP ${status}`;
  if (status === 401 || status === 403) {
    return new FetchError(`${where}: the provider refused the key; check the admin key (an organisation admin key is needed)`, status);
  }
  const said = providerMessage(body);
  return new FetchError(said === null ? where : `${where}: ${redact(said)}`, status);
}

/** `error.message` of the providers' JSON error bodies ({error: {message}}), trimmed; null when absent. */
function providerMessage(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const error = (parsed as { error?: unknown }).error;
    if (typeof error !== 'object' || error === null) return null;
    const message = (error as { message?: unknown }).message;
    return typeof message === 'string' ? message.slice(0, 300) : null;
  } catch {
    return null;
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
