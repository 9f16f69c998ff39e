/**
 * How long estimateCost takes for 1M rows over 10 models (cached price lookups), next to the library's
 * own calcPrice per row. Not part of the build:
 *   npx esbuild src/tools/pricingBench.ts --bundle --platform=node --outfile=dist/tools/pricingBench.js && node dist/tools/pricingBench.js
 */
import { performance } from 'node:perf_hooks';
import { calcPrice } from '@pydantic/genai-prices';
import { estimateCost } from '../core/pricing';

const models = ['claude-sonnet-4-20250514', 'claude-opus-4-1', 'claude-3-5-haiku', 'gpt-4o', 'gpt-5', 'gpt-4.1-mini', 'o3', 'gemini-2.5-pro', 'gemini-2.0-flash', 'deepseek-chat'];
const rows = 1_000_000;
const start = Date.UTC(2025, 0, 1);

function row(index: number) {
  return {
    model: models[index % models.length]!,
    at: start + index * 37_000,
    inputTokens: 1_000 + (index % 5_000),
    cacheReadTokens: index % 3 === 0 ? 20_000 : 0,
    cacheWriteTokens: 0,
    outputTokens: 300 + (index % 700),
  };
}

let total = 0;
let unpriced = 0;
const ours = performance.now();
for (let index = 0; index < rows; index++) {
  const estimate = estimateCost(row(index));
  if (estimate.kind === 'priced') total += estimate.usd;
  else unpriced++;
}
const oursMs = performance.now() - ours;

const librarySample = 20_000;
const library = performance.now();
for (let index = 0; index < librarySample; index++) {
  const usage = row(index);
  calcPrice({ input_tokens: usage.inputTokens + usage.cacheReadTokens, cache_read_tokens: usage.cacheReadTokens, output_tokens: usage.outputTokens }, usage.model, { timestamp: new Date(usage.at) });
}
const libraryMsPerRow = (performance.now() - library) / librarySample;

console.log(`estimateCost: ${rows} rows over ${models.length} models in ${oursMs.toFixed(0)} ms (${((oursMs * 1000) / rows).toFixed(3)} µs/row); total $${total.toFixed(2)}, ${unpriced} unpriced`);
console.log(`library calcPrice per row: ${(libraryMsPerRow * 1000).toFixed(1)} µs (≈ ${((libraryMsPerRow * rows) / 1000).toFixed(1)} s for ${rows} rows)`);
