import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';

const wasmPath = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const day = (d: number) => Date.UTC(2026, 10, d);
const event = (d: number) => ({ ...blankEvent(0, `anthropic-usage:${d}`, day(d)), model: 'm', requests: 1, inputTokens: d });
const batch = (from: number, to: number) => ({
  sourceId: 'fetch:anthropic', label: 'Anthropic Admin API usage', location: 'https://api.anthropic.com', format: 'anthropic-usage',
  window: { from: day(from), to: day(to) }, events: [event(from)],
});

describe('the windows a fetch source fetched', () => {
  it('keeps the last window and the furthest end, so an older window fetched later does not pull Refresh back', async () => {
    const store = UsageStore.open(await loadEngine(wasmPath));
    await store.importFetched(batch(10, 20));
    expect((await store.listSources())[0]!.fetched).toEqual({ last: { from: day(10), to: day(20) }, through: day(20) });
    await store.importFetched(batch(1, 5));
    expect((await store.listSources())[0]!.fetched).toEqual({ last: { from: day(1), to: day(5) }, through: day(20) });
    await store.importFetched(batch(18, 23));
    expect((await store.listSources())[0]!.fetched).toEqual({ last: { from: day(18), to: day(23) }, through: day(23) });
    store.close();
  });

  it('is forgotten with the source, and other kinds of source carry none', async () => {
    const store = UsageStore.open(await loadEngine(wasmPath));
    await store.importFetched(batch(10, 20));
    expect(await store.removeSource('fetch:anthropic')).toBe(1);
    await store.importFetched(batch(3, 4));
    expect((await store.listSources())[0]!.fetched).toEqual({ last: { from: day(3), to: day(4) }, through: day(4) });
    store.close();
  });
});
