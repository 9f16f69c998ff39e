/** What a fetcher needs from HTTP: one JSON document per request (the client handles retries, timeouts and redirects). */

export interface JsonRequest {
  url: URL;
  /** auth and API-version headers; never logged or put in an error message */
  headers: Record<string, string>;
}

/** Resolves to the parsed JSON body of a 2xx response; rejects with an error naming the endpoint, never the key. */
export type JsonGetter = (request: JsonRequest, signal?: AbortSignal) => Promise<unknown>;

/** A fetch that failed for a reason the user can act on (wrong key, spend limit, provider down, bad response). */
export class FetchError extends Error {
  constructor(
    message: string,
    /** the HTTP status, when there was a response */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}
