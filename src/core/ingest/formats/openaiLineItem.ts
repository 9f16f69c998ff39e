/**
 * The model named by an OpenAI cost line item. Line items join the model and what was billed:
 * "gpt-4o-2024-08-06, input", "gpt-5.4-mini-2026-03-17, cached input", with an optional modality word
 * after the model ("gpt-audio-mini-2025-12-15 audio, input") and an optional service-tier prefix
 * ("priority | gpt-5.6-sol, output, long context"). Items without that shape ("Image models",
 * "web search tool calls", or a bare name) do not say for sure that they are a model: no model.
 */
const lineItemPattern = /^(?:[a-z_]+ \| )?([a-z0-9][a-z0-9.:_-]*)(?: (?:text|audio|image|video))?, \S/i;

export function modelFromLineItem(lineItem: string | null): string | null {
  if (lineItem === null) return null;
  return lineItemPattern.exec(lineItem)?.[1] ?? null;
}
