import { afterEach, describe, expect, it, vi } from 'vitest';
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import { chooseCost, estimateCost, isCostMode, parsePriceOverrides, PricingCoverage } from '../../src/core/pricing';
import type { CostEstimate, PricingUsage } from '../../src/core/pricing';
import { rateFor, ratesAt, tableModelOf } from '../../src/core/pricing/tableRates';
import type { ModelInfo, Provider } from '@pydantic/genai-prices';

const at = (iso: string): number => Date.parse(iso);

function usage(fields: Partial<PricingUsage> & Pick<PricingUsage, 'model'>): PricingUsage {
  return { at: at('2025-08-01T12:00:00Z'), inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, ...fields };
}

/** The dollars of a priced estimate; fails the test for an unpriced one. */
function usd(estimate: CostEstimate): number {
  if (estimate.kind !== 'priced') throw new Error(`expected a price, got ${JSON.stringify(estimate)}`);
  return estimate.usd;
}

describe('estimateCost from the price table', () => {
  it('claude-sonnet-4: uncached input, cache reads, 5-minute and 1-hour cache writes, output', () => {
    // Anthropic's price list (docs.claude.com pricing, as of 2025-08), per MTok: input $3, 5m cache write $3.75,
    // 1h cache write $6, cache read $0.30, output $15
    const row = { model: 'claude-sonnet-4-20250514', provider: 'anthropic', inputTokens: 1_000, cacheReadTokens: 20_000, outputTokens: 2_000 };
    // 1000×3 + 20000×0.30 + 5000×3.75 + 2000×15 = 3000 + 6000 + 18750 + 30000 = 57750 per million
    expect(usd(estimateCost(usage({ ...row, cacheWriteTokens: 5_000 })))).toBeCloseTo(0.05775, 12);
    // the same 5000 writes split 3000 (5m) + 2000 (1h): 3000×3.75 + 2000×6 = 23250 instead of 18750
    expect(usd(estimateCost(usage({ ...row, cacheWriteTokens: 5_000, cacheWrite5mTokens: 3_000, cacheWrite1hTokens: 2_000 })))).toBeCloseTo(0.06225, 12);
  });

  it('gpt-4o: our input is the uncached part, cached input at its own price', () => {
    // OpenAI's price list (platform.openai.com/docs/pricing, as of 2025-08), gpt-4o per MTok: input $2.50,
    // cached input $1.25, output $10. 800 uncached + 200 cached + 100 output:
    // 800×2.5 + 200×1.25 + 100×10 = 2000 + 250 + 1000 = 3250 per million
    const estimate = estimateCost(usage({ model: 'gpt-4o', inputTokens: 800, cacheReadTokens: 200, outputTokens: 100 }));
    expect(usd(estimate)).toBeCloseTo(0.00325, 12);
    expect(estimate).toMatchObject({ source: 'table', provider: 'openai', model: 'gpt-4o' });
  });

  it('gemini-2.5-pro: the tier follows the whole prompt, cached tokens included', () => {
    // Google's Gemini API price list (ai.google.dev/gemini-api/docs/pricing, as of 2025-08), gemini-2.5-pro per MTok:
    // prompts ≤ 200k: input $1.25, output $10, context cache $0.125; prompts > 200k: $2.50, $15, $0.25
    // 100k input, 10k output: 100000×1.25 + 10000×10 = 225000 per million
    expect(usd(estimateCost(usage({ model: 'gemini-2.5-pro', inputTokens: 100_000, outputTokens: 10_000 })))).toBeCloseTo(0.225, 12);
    // exactly 200k is still the lower tier: 200000×1.25
    expect(usd(estimateCost(usage({ model: 'gemini-2.5-pro', inputTokens: 200_000 })))).toBeCloseTo(0.25, 12);
    // 150k uncached + 60k cached = 210k prompt → upper tier for every kind: 150000×2.5 + 60000×0.25 + 10000×15 = 540000
    expect(usd(estimateCost(usage({ model: 'gemini-2.5-pro', inputTokens: 150_000, cacheReadTokens: 60_000, outputTokens: 10_000 })))).toBeCloseTo(0.54, 12);
  });

  it('o3: the price in force on the row’s date', () => {
    // OpenAI o3 per MTok: $10 input / $40 output at launch (2025-04-16), $2 / $8 from 2025-06-10 (OpenAI's price cut)
    const row = { model: 'o3', inputTokens: 1_000, outputTokens: 1_000 };
    expect(usd(estimateCost(usage({ ...row, at: at('2025-06-09T23:59:59Z') })))).toBeCloseTo(0.05, 12); // 1000×10 + 1000×40
    expect(usd(estimateCost(usage({ ...row, at: at('2025-06-10T00:00:00Z') })))).toBeCloseTo(0.01, 12); // 1000×2 + 1000×8
  });

  it('deepseek-chat: the off-peak discount by time of day (UTC)', () => {
    // DeepSeek's API price list (api-docs.deepseek.com, as of 2025-03), deepseek-chat per MTok: cache miss $0.27,
    // cache hit $0.07, output $1.10; 16:30–00:30 UTC off-peak: $0.135, $0.035, $0.55
    const row = { model: 'deepseek-chat', provider: 'deepseek', inputTokens: 1_000_000, cacheReadTokens: 1_000_000, outputTokens: 1_000_000 };
    const standard = 0.27 + 0.07 + 1.1;
    const offPeak = 0.135 + 0.035 + 0.55;
    expect(usd(estimateCost(usage({ ...row, at: at('2025-03-03T12:00:00Z') })))).toBeCloseTo(standard, 12);
    expect(usd(estimateCost(usage({ ...row, at: at('2025-03-03T16:29:59Z') })))).toBeCloseTo(standard, 12);
    expect(usd(estimateCost(usage({ ...row, at: at('2025-03-03T16:30:00Z') })))).toBeCloseTo(offPeak, 12);
    expect(usd(estimateCost(usage({ ...row, at: at('2025-03-03T00:29:59Z') })))).toBeCloseTo(offPeak, 12);
    expect(usd(estimateCost(usage({ ...row, at: at('2025-03-03T00:30:00Z') })))).toBeCloseTo(standard, 12);
  });

  it('a per-request fee needs the request count', () => {
    // Perplexity's price list (docs.perplexity.ai pricing, as of 2025-08), sonar: $1 per MTok in and out,
    // $12 per 1000 requests at high search context (the table keeps the highest request fee)
    const row = { model: 'sonar', provider: 'perplexity', inputTokens: 1_000, outputTokens: 1_000 };
    // 1000×1 + 1000×1 per million + 2 × 12 / 1000 = 0.002 + 0.024
    expect(usd(estimateCost(usage({ ...row, requests: 2 })))).toBeCloseTo(0.026, 12);
    expect(estimateCost(usage(row))).toMatchObject({ kind: 'unpriced', reason: 'token-kind', tokenKinds: ['requests'] });
  });

  it('a model the table does not know is unpriced, not $0', () => {
    expect(estimateCost(usage({ model: 'acme-llm-9000', inputTokens: 10, outputTokens: 10 }))).toMatchObject({ kind: 'unpriced', reason: 'model', model: 'acme-llm-9000' });
    expect(estimateCost(usage({ model: '  ', inputTokens: 10 }))).toMatchObject({ kind: 'unpriced', reason: 'model' });
    expect(estimateCost(usage({ model: null, inputTokens: 10 }))).toMatchObject({ kind: 'unpriced', reason: 'model' });
  });

  it('the provider picks the entry; a provider the table does not know leaves it to the model name', () => {
    // Google's table has no gpt-4o
    expect(estimateCost(usage({ model: 'gpt-4o', provider: 'google', inputTokens: 10 }))).toMatchObject({ kind: 'unpriced', reason: 'model' });
    // 1000×2.5 per million, as for OpenAI's gpt-4o above
    const unknownProvider = estimateCost(usage({ model: 'gpt-4o', provider: 'some-gateway', inputTokens: 1_000 }));
    expect(usd(unknownProvider)).toBeCloseTo(0.0025, 12);
    expect(unknownProvider).toMatchObject({ provider: 'openai' });
  });

  it('a token kind without a price makes the row unpriced, never $0 for those tokens', () => {
    // gpt-4o has no cache-write price
    expect(estimateCost(usage({ model: 'gpt-4o', inputTokens: 100, cacheWriteTokens: 50 }))).toMatchObject({
      kind: 'unpriced',
      reason: 'token-kind',
      model: 'gpt-4o',
      tokenKinds: ['cache-write'],
    });
    // Bedrock's Claude Haiku 4.5 has a cache-write price but no 1-hour one: a 1h write is not priced at the 5m price
    const bedrock = { model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', provider: 'aws', inputTokens: 100, cacheWriteTokens: 1_000 };
    expect(estimateCost(usage(bedrock)).kind).toBe('priced');
    expect(estimateCost(usage({ ...bedrock, cacheWrite1hTokens: 400 }))).toMatchObject({ kind: 'unpriced', reason: 'token-kind', tokenKinds: ['cache-write-1h'] });
  });

  it('token counts that cannot be priced are reported as such', () => {
    const base = { model: 'gpt-4o' };
    expect(estimateCost(usage({ ...base, inputTokens: -1 }))).toMatchObject({ kind: 'unpriced', reason: 'usage' });
    expect(estimateCost(usage({ ...base, outputTokens: Number.NaN }))).toMatchObject({ kind: 'unpriced', reason: 'usage' });
    expect(estimateCost(usage({ ...base, cacheWriteTokens: 10, cacheWrite5mTokens: 8, cacheWrite1hTokens: 5 }))).toMatchObject({
      kind: 'unpriced',
      reason: 'usage',
      detail: 'cache writes 5m + 1h (13) exceed the cache-write total (10)',
    });
  });

  it('agrees with the library’s own calcPrice for every model of the main providers', () => {
    const providers = ['anthropic', 'openai', 'google', 'deepseek', 'x-ai', 'mistral', 'aws', 'azure'];
    const rows = [
      { inputTokens: 1_234, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 567 },
      { inputTokens: 90_000, cacheReadTokens: 150_000, cacheWriteTokens: 0, outputTokens: 4_321 },
      { inputTokens: 300_000, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 10 },
    ];
    const times = [at('2024-03-01T10:00:00Z'), at('2025-09-01T20:00:00Z'), at('2026-06-01T03:00:00Z')];
    let compared = 0;
    for (const providerId of providers) {
      for (const model of findProvider({ providerId })!.models) {
        for (const row of rows) {
          for (const time of times) {
            const ours = estimateCost({ model: model.id, provider: providerId, at: time, requests: 1, ...row });
            const theirs = calcPrice(
              { input_tokens: row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens, cache_read_tokens: row.cacheReadTokens, output_tokens: row.outputTokens },
              model.id,
              { providerId, timestamp: new Date(time) },
            );
            if (ours.kind === 'unpriced' && ours.reason === 'model') {
              // an id its own match rule does not accept (e.g. ft:gpt-4o wants ft:gpt-4o:org:…)
              expect(theirs, `${providerId}/${model.id}`).toBeNull();
              continue;
            }
            if (ours.kind === 'unpriced') {
              // only a kind the library would have priced at another kind's rate (or at 0) may differ
              expect(ours.reason, `${providerId}/${model.id}`).toBe('token-kind');
              continue;
            }
            expect(theirs, `${providerId}/${model.id}`).not.toBeNull();
            expect(ours.usd, `${providerId}/${model.id} at ${new Date(time).toISOString()}`).toBeCloseTo(theirs!.total_price, 9);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1_000);
  });
});

describe('price periods the bundled table does not exercise yet', () => {
  // a made-up entry: a night window that wraps past midnight, a window written with a zone offset, a later start date
  const model: ModelInfo = {
    id: 'night-owl',
    match: { equals: 'night-owl' },
    prices: [
      { prices: { input_mtok: 4 } },
      { constraint: { type: 'start_date', start_date: '2025-01-01' }, prices: { input_mtok: 3 } },
      { constraint: { type: 'time_of_date', start_time: '22:00:00Z', end_time: '02:00:00Z' }, prices: { input_mtok: 1 } },
      { constraint: { type: 'time_of_date', start_time: '08:00:00+08:00', end_time: '01:30:00Z' }, prices: { input_mtok: 2 } },
    ],
  };
  const provider: Provider = { id: 'test', name: 'Test', api_pattern: 'x', models: [model] };
  const ours = tableModelOf('test', model);

  it('picks the same period as the library at every half hour of two days', () => {
    // 2024-12-31 is before the start date, so outside the windows the first (unconstrained) period applies
    for (const day of ['2024-12-31', '2025-06-01']) {
      for (let halfHour = 0; halfHour < 48; halfHour++) {
        const time = at(`${day}T00:00:00Z`) + halfHour * 1_800_000 + 1;
        const theirs = calcPrice({ input_tokens: 1_000_000 }, 'night-owl', { provider, timestamp: new Date(time) })!;
        expect(rateFor(ratesAt(ours, time).input!, 1_000_000), new Date(time).toISOString()).toBe(theirs.total_price);
      }
    }
  });

  it('reads the windows as written: 23:00 is in the wrapped night window, 01:00 in the offset one (00:00–01:30 UTC)', () => {
    expect(ratesAt(ours, at('2025-06-01T23:00:00Z')).input).toBe(1);
    expect(ratesAt(ours, at('2025-06-01T01:00:00Z')).input).toBe(2);
    expect(ratesAt(ours, at('2025-06-01T01:45:00Z')).input).toBe(1);
    expect(ratesAt(ours, at('2025-06-01T12:00:00Z')).input).toBe(3);
    expect(ratesAt(ours, at('2024-06-01T12:00:00Z')).input).toBe(4);
  });
});

describe('offline', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('loads the table and prices without any network call', async () => {
    const fetch = vi.fn(() => {
      throw new Error('no network in a price lookup');
    });
    vi.stubGlobal('fetch', fetch);
    vi.resetModules();
    const fresh = await import('../../src/core/pricing');
    // 1000×3 + 1000×15 per million (claude-sonnet-4, Anthropic's list as above)
    expect(usd(fresh.estimateCost(usage({ model: 'claude-sonnet-4', inputTokens: 1_000, outputTokens: 1_000 })))).toBeCloseTo(0.018, 12);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('price overrides', () => {
  const sonnet = { inputPerMTok: 1, outputPerMTok: 2, cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.5 };

  it('win over the table, by model name ignoring case and surrounding spaces', () => {
    const { overrides, problems } = parsePriceOverrides({ ' Claude-Sonnet-4-20250514 ': sonnet });
    expect(problems).toEqual([]);
    const row = usage({ model: 'claude-sonnet-4-20250514', inputTokens: 1_000, outputTokens: 2_000, cacheReadTokens: 10_000, cacheWriteTokens: 4_000 });
    // 1000×1 + 2000×2 + 10000×0.1 + 4000×1.5 = 12000 per million (the table would give 3000 + 30000 + 3000 + 15000)
    const estimate = estimateCost(row, { overrides });
    expect(usd(estimate)).toBeCloseTo(0.012, 12);
    expect(estimate).toMatchObject({ source: 'override' });
    expect(usd(estimateCost(row))).toBeCloseTo(0.051, 12);
  });

  it('price a model the table does not know; a kind they leave out stays unpriced', () => {
    const { overrides } = parsePriceOverrides({ 'acme-llm-9000': { inputPerMTok: 4, outputPerMTok: 8 } });
    // 500×4 + 250×8 = 4000 per million
    expect(usd(estimateCost(usage({ model: 'acme-llm-9000', inputTokens: 500, outputTokens: 250 }), { overrides }))).toBeCloseTo(0.004, 12);
    expect(estimateCost(usage({ model: 'acme-llm-9000', inputTokens: 500, cacheReadTokens: 10 }), { overrides })).toMatchObject({
      kind: 'unpriced',
      reason: 'token-kind',
      tokenKinds: ['cache-read'],
    });
  });

  it('one cache-write price covers 1-hour writes unless a 1-hour price is given', () => {
    const row = usage({ model: 'm', cacheWriteTokens: 1_000, cacheWrite1hTokens: 400 });
    const single = parsePriceOverrides({ m: { inputPerMTok: 1, outputPerMTok: 1, cacheWritePerMTok: 2 } }).overrides;
    expect(usd(estimateCost(row, { overrides: single }))).toBeCloseTo(0.002, 12); // 1000×2
    const split = parsePriceOverrides({ m: { inputPerMTok: 1, outputPerMTok: 1, cacheWritePerMTok: 2, cacheWrite1hPerMTok: 5 } }).overrides;
    expect(usd(estimateCost(row, { overrides: split }))).toBeCloseTo(0.0032, 12); // 600×2 + 400×5
  });

  it('report every invalid entry and keep the valid ones', () => {
    const { overrides, problems } = parsePriceOverrides({
      good: { inputPerMTok: 1, outputPerMTok: 2 },
      Good: { inputPerMTok: 9, outputPerMTok: 9 },
      noOutput: { inputPerMTok: 1 },
      negative: { inputPerMTok: -1, outputPerMTok: 2 },
      text: { inputPerMTok: '3', outputPerMTok: 2 },
      typo: { inputPerMTok: 1, outputPerMTok: 2, cacheReadPerMtok: 0.1 },
      lonely1h: { inputPerMTok: 1, outputPerMTok: 2, cacheWrite1hPerMTok: 3 },
      notAnObject: 5,
      '': { inputPerMTok: 1, outputPerMTok: 2 },
    });
    expect([...overrides.byModel.keys()]).toEqual(['good']);
    expect(problems).toEqual([
      'price override "Good": the same model as "good" (names ignore case and spaces)',
      'price override "noOutput": outputPerMTok is missing',
      'price override "negative": inputPerMTok must be a non-negative number of USD per million tokens, got -1',
      'price override "text": inputPerMTok must be a non-negative number of USD per million tokens, got "3"',
      'price override "typo": unknown field "cacheReadPerMtok" (known: inputPerMTok, outputPerMTok, cacheReadPerMTok, cacheWritePerMTok, cacheWrite1hPerMTok)',
      'price override "lonely1h": cacheWrite1hPerMTok needs cacheWritePerMTok as well',
      'price override "notAnObject": expected an object with inputPerMTok and outputPerMTok, got 5',
      'price override with an empty model name',
    ]);
  });

  it('an absent table is empty; anything but an object is one problem', () => {
    expect(parsePriceOverrides(undefined)).toEqual({ overrides: { byModel: new Map() }, problems: [] });
    expect(parsePriceOverrides(null).problems).toEqual([]);
    expect(parsePriceOverrides([{ inputPerMTok: 1 }]).problems).toEqual(['price overrides must be an object of models, got a list']);
    expect(parsePriceOverrides('gpt-4o=1').problems).toEqual(['price overrides must be an object of models, got "gpt-4o=1"']);
  });
});

describe('PricingCoverage', () => {
  const priced: CostEstimate = { kind: 'priced', usd: 1, source: 'table', provider: 'openai', model: 'gpt-4o' };
  const noModel = (model: string): CostEstimate => ({ kind: 'unpriced', reason: 'model', model, detail: '' });

  it('counts rows and says how many models have no price, singular and plural', () => {
    const coverage = new PricingCoverage();
    coverage.add(priced);
    expect(coverage.sentence()).toBeNull();
    coverage.add(noModel('a'));
    coverage.add(noModel('a'));
    expect(coverage.sentence()).toBe('1 model has no price: totals are a floor');
    coverage.add(noModel('b'));
    coverage.add(noModel('c'));
    expect(coverage.sentence()).toBe('3 models have no price: totals are a floor');
    expect([coverage.pricedRows, coverage.unpricedRows]).toEqual([1, 4]);
  });

  it('names token kinds without a price and rows with unusable counts', () => {
    const coverage = new PricingCoverage();
    coverage.add(estimateCost(usage({ model: 'gpt-4o', cacheWriteTokens: 5 })));
    coverage.add(estimateCost(usage({ model: 'gpt-4o', cacheWriteTokens: 7 })));
    coverage.add(estimateCost(usage({ model: 'acme-llm-9000', inputTokens: 1 })));
    coverage.add(estimateCost(usage({ model: 'gpt-4o', inputTokens: -3 })));
    expect(coverage.sentence()).toBe('1 model has no price, 1 model has no cache-write price, 1 row has unusable token counts: totals are a floor');
    expect(coverage.unpricedTokenKinds.get('cache-write')).toEqual(new Set(['gpt-4o']));
    expect([coverage.pricedRows, coverage.unpricedRows, coverage.invalidRows]).toEqual([0, 4, 1]);
  });
});

describe('cost modes', () => {
  it('reported, estimated, or auto: reported where present, else estimated; null stays null', () => {
    expect(chooseCost('reported', 1.5, 2)).toBe(1.5);
    expect(chooseCost('reported', null, 2)).toBeNull();
    expect(chooseCost('estimated', 1.5, 2)).toBe(2);
    expect(chooseCost('estimated', 1.5, null)).toBeNull();
    expect(chooseCost('auto', 1.5, 2)).toBe(1.5);
    expect(chooseCost('auto', 0, 2)).toBe(0);
    expect(chooseCost('auto', null, 2)).toBe(2);
    expect(chooseCost('auto', undefined, null)).toBeNull();
  });

  it('recognises the three mode names only', () => {
    expect(['reported', 'estimated', 'auto', 'Auto', '', 1].map(isCostMode)).toEqual([true, true, true, false, false, false]);
  });
});
