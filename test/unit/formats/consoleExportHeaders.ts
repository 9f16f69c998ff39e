/** The headers of the console exports as their files write them (real-exports-and-apis.md §2), one per generation. */

export const openaiCostHeader = [
  'start_time', 'end_time', 'start_time_iso', 'end_time_iso', 'amount_value', 'amount_currency', 'line_item', 'project_id', 'organization_id',
  'organization_name',
];

/** Today's usage header: cache writes split by lifetime. */
export const anthropicUsageSplitHeader = [
  'usage_date_utc', 'model_version', 'api_key', 'workspace', 'usage_type', 'context_window', 'usage_input_tokens_no_cache',
  'usage_input_tokens_cache_write_5m', 'usage_input_tokens_cache_write_1h', 'usage_input_tokens_cache_read', 'usage_output_tokens', 'web_search_count',
  'inference_geo', 'speed',
];

/** The older usage header: one cache-write column, no geography or speed. */
export const anthropicUsageSingleHeader = [
  'usage_date_utc', 'model_version', 'api_key', 'workspace', 'usage_type', 'context_window', 'usage_input_tokens_no_cache',
  'usage_input_tokens_cache_write', 'usage_input_tokens_cache_read', 'usage_output_tokens', 'web_search_count',
];

/** The mid-2025 usage header: split cache writes, no context window, geography or speed. */
export const anthropicUsageMid2025Header = anthropicUsageSplitHeader.filter((column) => !['context_window', 'inference_geo', 'speed'].includes(column));

export const anthropicCostHeader = [
  'usage_date_utc', 'model', 'workspace', 'api_key', 'usage_type', 'context_window', 'token_type', 'cost_usd', 'list_price_usd', 'cost_type',
  'inference_geo', 'speed', 'api_key_id', 'api_key_status',
];

/** The cost header before the key's id and status were added. */
export const anthropicCostOlderHeader = anthropicCostHeader.slice(0, 12);
