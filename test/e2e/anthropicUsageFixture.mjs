/**
 * The Anthropic Admin API messages usage report (GET /v1/organizations/usage_report/messages), written from
 * its documented fields for the end-to-end loopback servers: one daily bucket per UTC day of the requested
 * [starting_at, ending_at), each holding the results the test chooses for that day, and no further page.
 * Shared by the extension-host test (exthost/05c-fetch) and the UI run (ui/fetchChecks.mjs).
 */
export const usageReportPath = '/v1/organizations/usage_report/messages';

const dayMs = 86_400_000;
const isoSeconds = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** One result (a model × API key × workspace group of a bucket) with its token counts. */
export function usageResult({ model, apiKeyId, workspaceId = null, uncached, cacheRead = 0, cache5m = 0, cache1h = 0, output }) {
  return {
    uncached_input_tokens: uncached,
    cache_read_input_tokens: cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: cache5m, ephemeral_1h_input_tokens: cache1h },
    output_tokens: output,
    model,
    api_key_id: apiKeyId,
    workspace_id: workspaceId,
  };
}

/** The response body for a request URL: `resultsOf(day)` gives the results of each bucket ('YYYY-MM-DD'). */
export function usagePage(url, resultsOf) {
  const from = Date.parse(url.searchParams.get('starting_at'));
  const to = Date.parse(url.searchParams.get('ending_at'));
  const data = [];
  for (let start = from; start < to; start += dayMs) {
    data.push({ starting_at: isoSeconds(start), ending_at: isoSeconds(start + dayMs), results: resultsOf(isoSeconds(start).slice(0, 10)) });
  }
  return { data, has_more: false, next_page: null };
}
