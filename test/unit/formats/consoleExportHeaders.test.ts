/**
 * The console exports' headers against every registered format: each is exactly its own format and no
 * near miss of another, and no other format's columns come near ours, so recognition stays unambiguous.
 */
import { describe, expect, it } from 'vitest';
import { sourceFormats } from '../../../src/core/ingest/formats/index';
import { matchHeader, nearMissScore, recogniseHeader } from '../../../src/core/ingest/formats/recognise';
import {
  anthropicCostHeader, anthropicCostOlderHeader, anthropicUsageMid2025Header, anthropicUsageSingleHeader, anthropicUsageSplitHeader, openaiCostHeader,
} from './consoleExportHeaders';

const headers: [string, string, string[]][] = [
  ['openai-cost', 'cost CSV', openaiCostHeader],
  ['anthropic-usage', 'split cache writes', anthropicUsageSplitHeader],
  ['anthropic-usage', 'one cache-write column', anthropicUsageSingleHeader],
  ['anthropic-usage', 'mid-2025', anthropicUsageMid2025Header],
  ['anthropic-cost', 'with api_key_id', anthropicCostHeader],
  ['anthropic-cost', 'without api_key_id', anthropicCostOlderHeader],
];
const ours = new Set(headers.map(([id]) => id));
/** only CSV formats are ever compared with a CSV header */
const csvFormats = sourceFormats.filter((format) => format.containers.includes('csv'));

describe('console export headers', () => {
  it.each(headers)('%s (%s) is recognised as exactly that format, in any column order', (id, _generation, header) => {
    const recognition = recogniseHeader(sourceFormats, header, 'csv');
    expect(recognition.kind === 'format' && recognition.format.id).toBe(id);
    const reversed = recogniseHeader(sourceFormats, [...header].reverse(), 'csv');
    expect(reversed.kind === 'format' && reversed.format.id).toBe(id);
  });

  it.each(headers)('%s (%s) shares less than the near-miss share with every other registered format', (id, _generation, header) => {
    for (const format of csvFormats.filter((other) => other.id !== id)) {
      expect(matchHeader(format, header).score, `${format.id} against ${id}`).toBeLessThan(nearMissScore);
    }
  });

  it('no other registered format’s columns are an exact match or a near miss of ours', () => {
    for (const format of csvFormats.filter((other) => !ours.has(other.id))) {
      for (const header of [format.required, [...format.required, ...(format.optional ?? [])]]) {
        for (const mine of sourceFormats.filter((candidate) => ours.has(candidate.id))) {
          expect(matchHeader(mine, header).score, `${format.id}'s columns against ${mine.id}`).toBeLessThan(nearMissScore);
        }
      }
    }
  });

  it('a header lacking one of its columns is refused as a near miss naming the format, not read by column names', () => {
    const cases: [string[], string, string][] = [
      [openaiCostHeader, 'amount_currency', 'openai-cost'],
      [anthropicUsageSplitHeader, 'usage_input_tokens_cache_read', 'anthropic-usage'],
      [anthropicCostHeader, 'list_price_usd', 'anthropic-cost'],
    ];
    for (const [header, dropped, id] of cases) {
      const recognition = recogniseHeader(sourceFormats, header.filter((column) => column !== dropped), 'csv');
      expect(recognition.kind === 'near-miss' && [recognition.match.format.id, recognition.match.missing]).toEqual([id, [dropped]]);
    }
  });

  it('an unknown extra column makes a near miss of the export it resembles', () => {
    const recognition = recogniseHeader(sourceFormats, [...anthropicUsageSplitHeader, 'account_email'], 'csv');
    expect(recognition.kind === 'near-miss' && [recognition.match.format.id, recognition.match.unexpected]).toEqual(['anthropic-usage', ['account_email']]);
  });
});
