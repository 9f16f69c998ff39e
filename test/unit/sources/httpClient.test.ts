/**
 * The HTTP client against real node:http servers on 127.0.0.1 (reliability checklist §5.2, H1–H10).
 * Waits are recorded by an injected sleep, so retry tests assert the exact delays without waiting.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonGetter, type JsonGetterOptions } from '../../../src/sources/http/client';
import { collectPages } from '../../../src/sources/http/paginate';
import { FetchError } from '../../../src/sources/http/types';

interface Captured {
  path: string;
  headers: IncomingMessage['headers'];
}

interface Loopback {
  base: URL;
  requests: Captured[];
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, index: number) => void): Promise<Loopback> {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    handler(req, res, requests.length - 1);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: new URL(`http://127.0.0.1:${port}`), requests };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const KEY = 'sk-ant-admin01-SECRETKEY123';
const anthropicHeaders = { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' };
const USAGE_PATH = '/v1/organizations/usage_report/messages';

/** records every wait instead of waiting */
function recordingOptions(extra: JsonGetterOptions = {}): { waits: number[]; options: JsonGetterOptions } {
  const waits: number[] = [];
  return {
    waits,
    options: {
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
      ...extra,
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('H1/H2 pagination through the client', () => {
  // a cursor with every character that must be percent-encoded in a query
  const cursorA = 'AAAAAGdGxdEiJdKOAAAAAGcqsYA=+/ &x';
  const cursorB = 'page#2?yes';

  function pageUrl(base: URL, cursor: string | null): URL {
    const url = new URL(USAGE_PATH, base);
    url.searchParams.set('starting_at', '2026-11-01T00:00:00Z');
    if (cursor !== null) url.searchParams.set('page', cursor);
    return url;
  }

  it('H1 collects three pages once each and echoes the opaque cursor exactly', async () => {
    const server = await serve((req, res) => {
      const page = new URL(req.url ?? '', 'http://x').searchParams.get('page');
      if (page === null) return json(res, 200, { data: [1, 2], has_more: true, next_page: cursorA });
      if (page === cursorA) return json(res, 200, { data: [3], has_more: true, next_page: cursorB });
      if (page === cursorB) return json(res, 200, { data: [4, 5], has_more: false, next_page: null });
      json(res, 400, { error: { message: 'unknown cursor' } });
    });
    const get = createJsonGetter();
    const items = await collectPages<number>(USAGE_PATH, async (cursor) => {
      const body = (await get({ url: pageUrl(server.base, cursor), headers: anthropicHeaders })) as {
        data: number[];
        has_more: boolean;
        next_page: string | null;
      };
      return { items: body.data, next: body.has_more ? body.next_page : null };
    });
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.path)).toEqual([
      `${USAGE_PATH}?starting_at=2026-11-01T00%3A00%3A00Z`,
      `${USAGE_PATH}?starting_at=2026-11-01T00%3A00%3A00Z&page=AAAAAGdGxdEiJdKOAAAAAGcqsYA%3D%2B%2F+%26x`,
      `${USAGE_PATH}?starting_at=2026-11-01T00%3A00%3A00Z&page=page%232%3Fyes`,
    ]);
  });

  it('H2 stops on a repeated cursor after two requests', async () => {
    const server = await serve((_req, res) => json(res, 200, { data: [1], has_more: true, next_page: 'same' }));
    const get = createJsonGetter();
    const error = await rejection(
      collectPages(USAGE_PATH, async (cursor) => {
        const body = (await get({ url: pageUrl(server.base, cursor), headers: anthropicHeaders })) as { data: number[]; next_page: string };
        return { items: body.data, next: body.next_page };
      }),
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toBe(`${USAGE_PATH}: page 2 repeats an earlier cursor; stopped`);
    expect(server.requests).toHaveLength(2);
  });

  it('H2 stops an endless run of empty pages at maxPages', async () => {
    const server = await serve((_req, res, index) => json(res, 200, { data: [], has_more: true, next_page: `c${index}` }));
    const get = createJsonGetter();
    const error = await rejection(
      collectPages(
        USAGE_PATH,
        async (cursor) => {
          const body = (await get({ url: pageUrl(server.base, cursor), headers: anthropicHeaders })) as { data: number[]; next_page: string };
          return { items: body.data, next: body.next_page };
        },
        { maxPages: 4 },
      ),
    );
    expect((error as Error).message).toBe(`${USAGE_PATH}: more than 4 pages; stopped (is the server repeating itself?)`);
    expect(server.requests).toHaveLength(4);
  });
});

describe('H3 429 with retry-after', () => {
  it('waits the seconds the header asks for, then succeeds', async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? json(res, 429, { error: { type: 'rate_limit_error' } }, { 'retry-after': '2' }) : json(res, 200, { ok: true }),
    );
    const { waits, options } = recordingOptions();
    const body = await createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders });
    expect(body).toEqual({ ok: true });
    expect(waits).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  it('reads an HTTP date, relative to now', async () => {
    const now = Date.UTC(2026, 10, 15, 12, 0, 0);
    const server = await serve((_req, res, index) =>
      index === 0 ? json(res, 429, {}, { 'retry-after': 'Sun, 15 Nov 2026 12:00:07 GMT' }) : json(res, 200, [1]),
    );
    const { waits, options } = recordingOptions({ now: () => now });
    await createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders });
    expect(waits).toEqual([7000]);
  });

  it('cuts a very long retry-after to the cap', async () => {
    const server = await serve((_req, res, index) => (index === 0 ? json(res, 429, {}, { 'retry-after': '3600' }) : json(res, 200, {})));
    const { waits, options } = recordingOptions({ retryAfterCapMs: 45_000 });
    await createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders });
    expect(waits).toEqual([45_000]);
  });

  it('is honoured on a 503 too', async () => {
    const server = await serve((_req, res, index) => (index === 0 ? json(res, 503, {}, { 'retry-after': '3' }) : json(res, 200, {})));
    const { waits, options } = recordingOptions();
    await createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders });
    expect(waits).toEqual([3000]);
  });

  it('gives up after the attempt budget with a clear error', async () => {
    const server = await serve((_req, res) => json(res, 429, {}, { 'retry-after': '1' }));
    const { waits, options } = recordingOptions({ maxAttempts: 3 });
    const error = await rejection(createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }));
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).status).toBe(429);
    expect((error as Error).message).toBe(
      `${server.base.host}${USAGE_PATH}: rate limited / provider overloaded; try later (HTTP 429 after 3 attempts)`,
    );
    expect(waits).toEqual([1000, 1000]);
    expect(server.requests).toHaveLength(3);
  });
});

describe('H4 backoff with jitter on overload', () => {
  for (const status of [429, 500, 502, 503, 529]) {
    it(`HTTP ${status}: doubling waits, then "try later"`, async () => {
      const server = await serve((_req, res) => json(res, status, { error: { type: 'overloaded_error' } }));
      const { waits, options } = recordingOptions({ maxAttempts: 4, backoffBaseMs: 1000 });
      const error = await rejection(createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }));
      // steps 1000, 2000, 4000 ms; half fixed + random 0.5 × the other half = 0.75 × step
      expect(waits).toEqual([750, 1500, 3000]);
      expect(server.requests).toHaveLength(4);
      expect((error as FetchError).status).toBe(status);
      expect((error as Error).message).toContain('rate limited / provider overloaded; try later');
    });
  }

  it('caps the step and spreads waits with the random source', async () => {
    const server = await serve((_req, res) => json(res, 503, {}));
    const draws = [0, 1, 0.25];
    const { waits, options } = recordingOptions({ maxAttempts: 4, backoffBaseMs: 1000, backoffCapMs: 1500, random: () => draws.shift() ?? 0 });
    await rejection(createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }));
    // steps 1000, min(1500, 2000), min(1500, 4000): 500 + 0×500, 750 + 1×750, 750 + 0.25×750
    expect(waits).toEqual([500, 1500, 938]);
  });

  it('recovers when the provider comes back', async () => {
    const server = await serve((_req, res, index) => (index < 2 ? json(res, 529, {}) : json(res, 200, { data: ['x'] })));
    const { waits, options } = recordingOptions();
    const body = await createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders });
    expect(body).toEqual({ data: ['x'] });
    expect(waits).toEqual([750, 1500]);
  });
});

describe('H5 no retry where waiting cannot help', () => {
  it('429 enforced_spend_limit_reached is not retried', async () => {
    const server = await serve((_req, res) =>
      json(res, 429, { type: 'error', error: { type: 'rate_limit_error', message: 'limit', details: { error_code: 'enforced_spend_limit_reached' } } }, { 'retry-after': '5' }),
    );
    const { waits, options } = recordingOptions();
    const error = await rejection(createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }));
    expect((error as Error).message).toBe(`${server.base.host}${USAGE_PATH}: the organisation's spend limit is reached (HTTP 429); retrying will not help`);
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  for (const status of [401, 403]) {
    it(`HTTP ${status} says to check the admin key and never echoes it`, async () => {
      const server = await serve((_req, res) => json(res, status, { error: { message: `invalid x-api-key ${KEY}` } }));
      const { waits, options } = recordingOptions();
      const error = await rejection(createJsonGetter(options)({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }));
      expect((error as FetchError).status).toBe(status);
      expect((error as Error).message).toContain('check the admin key');
      expect((error as Error).message).not.toContain('SECRETKEY');
      expect(waits).toEqual([]);
      expect(server.requests).toHaveLength(1);
    });
  }

  for (const status of [400, 404]) {
    it(`HTTP ${status} is not retried; the provider's message is kept with the key redacted`, async () => {
      const server = await serve((_req, res) => json(res, status, { error: { message: `bad starting_at (key ${KEY})` } }));
      const { waits, options } = recordingOptions();
      const error = await rejection(createJsonGetter(options)({ url: new URL(`${USAGE_PATH}?starting_at=x`, server.base), headers: anthropicHeaders }));
      expect((error as Error).message).toBe(`${server.base.host}${USAGE_PATH}: HTTP ${status}: bad starting_at (key [redacted])`);
      expect(waits).toEqual([]);
      expect(server.requests).toHaveLength(1);
    });
  }
});

describe('H6 per-request timeout', () => {
  it('a body that stalls after the headers times out, naming the host', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data": [');
    });
    const started = Date.now();
    const error = await rejection(createJsonGetter({ timeoutMs: 300 })({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toBe(`${server.base.host}${USAGE_PATH}: no complete answer from ${server.base.host} within 0.3 s`);
    expect(server.requests).toHaveLength(1);
  });

  it('a server that never sends headers times out too', async () => {
    const server = await serve(() => undefined);
    const error = await rejection(createJsonGetter({ timeoutMs: 300 })({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }));
    expect((error as Error).message).toContain(`no complete answer from ${server.base.host} within 0.3 s`);
  });
});

describe('H7 cancel', () => {
  it('cancel during page 2 rejects with the reason at once and sends nothing more', async () => {
    const controller = new AbortController();
    const reason = new Error('Cancelled');
    const server = await serve((_req, res, index) => {
      if (index === 0) return json(res, 200, { data: [1], next_page: 'p2' });
      setTimeout(() => controller.abort(reason), 50); // page 2 stalls; the user cancels meanwhile
    });
    const get = createJsonGetter();
    const started = Date.now();
    const error = await rejection(
      collectPages(
        USAGE_PATH,
        async (cursor) => {
          const url = new URL(USAGE_PATH, server.base);
          if (cursor) url.searchParams.set('page', cursor);
          const body = (await get({ url, headers: anthropicHeaders }, controller.signal)) as { data: number[]; next_page: string };
          return { items: body.data, next: body.next_page };
        },
        { signal: controller.signal },
      ),
    );
    expect(error).toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.requests).toHaveLength(2);
  });

  it('cancel during a retry wait (the real sleep) rejects at once with no further request', async () => {
    const controller = new AbortController();
    const server = await serve((_req, res) => {
      json(res, 429, {}, { 'retry-after': '30' });
      setTimeout(() => controller.abort('user cancelled'), 50);
    });
    const started = Date.now();
    const error = await rejection(createJsonGetter()({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }, controller.signal));
    expect(error).toBe('user cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('an already cancelled signal sends no request', async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const error = await rejection(createJsonGetter()({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders }, AbortSignal.abort('gone')));
    expect(error).toBe('gone');
    expect(server.requests).toHaveLength(0);
  });
});

describe('H8 a 2xx body that is not JSON', () => {
  for (const [name, body] of [
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
    ['cut-off JSON', '{"data": [1,'],
    ['an empty body', ''],
  ] as const) {
    it(`${name} names the endpoint and status, not the query`, async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(body);
      });
      const url = new URL(`${USAGE_PATH}?starting_at=2026-11-01T00:00:00Z&page=SECRETCURSOR`, server.base);
      const error = await rejection(createJsonGetter()({ url, headers: anthropicHeaders }));
      expect(error).toBeInstanceOf(FetchError);
      expect((error as FetchError).status).toBe(200);
      expect((error as Error).message).toBe(`${server.base.host}${USAGE_PATH}: HTTP 200 but the body is not JSON (an error page or a cut-off answer?)`);
    });
  }
});

describe('H9 the key reaches only its origin', () => {
  it('follows a same-origin redirect with the headers, refuses another origin before sending anything there', async () => {
    const other = await serve((_req, res) => json(res, 200, { stolen: true }));
    const server = await serve((req, res) => {
      if (req.url === '/moved') return json(res, 200, { here: true });
      if (req.url === '/away') {
        res.writeHead(302, { location: new URL('/collect', other.base).href });
        return res.end();
      }
      res.writeHead(307, { location: '/moved' });
      res.end();
    });
    const get = createJsonGetter();
    expect(await get({ url: new URL('/start', server.base), headers: anthropicHeaders })).toEqual({ here: true });
    expect(server.requests.map((r) => [r.path, r.headers['x-api-key']])).toEqual([
      ['/start', KEY],
      ['/moved', KEY],
    ]);

    const error = await rejection(get({ url: new URL('/away', server.base), headers: anthropicHeaders }));
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toBe(
      `${server.base.host}/away: HTTP 302 redirect to another origin (${other.base.origin}) refused, so the key is not sent there`,
    );
    expect(other.requests).toHaveLength(0);
  });

  it('a same-origin redirect loop stops at the bound', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: '/again' });
      res.end();
    });
    const error = await rejection(createJsonGetter({ maxRedirects: 3 })({ url: new URL('/again', server.base), headers: anthropicHeaders }));
    expect((error as Error).message).toBe(`${server.base.host}/again: more than 3 redirects; stopped`);
    expect(server.requests).toHaveLength(4);
  });

  it('a refused connection names the host, not the key', async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const url = new URL(USAGE_PATH, server.base);
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
    const error = await rejection(createJsonGetter()({ url, headers: anthropicHeaders }));
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toMatch(new RegExp(`^${url.host}${USAGE_PATH}: could not reach ${url.host} \\(`));
    expect((error as Error).message).not.toContain('SECRETKEY');
  });
});

describe('H10 the caller\'s headers go out exactly', () => {
  it('OpenAI: Authorization Bearer', async () => {
    const server = await serve((_req, res) => json(res, 200, { object: 'page', data: [] }));
    await createJsonGetter()({ url: new URL('/v1/organization/usage/completions', server.base), headers: { Authorization: 'Bearer sk-admin-abc123' } });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-admin-abc123');
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('Anthropic: x-api-key and anthropic-version', async () => {
    const server = await serve((_req, res) => json(res, 200, { data: [] }));
    await createJsonGetter()({ url: new URL(USAGE_PATH, server.base), headers: anthropicHeaders });
    expect(server.requests[0]?.headers['x-api-key']).toBe(KEY);
    expect(server.requests[0]?.headers['anthropic-version']).toBe('2023-06-01');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });
});
