/**
 * One OTLP span as the few facts usage reporting needs, per the OpenTelemetry GenAI semantic conventions
 * (`gen_ai.*`, status "Development"): operation, agent, conversation, user, model, provider, token usage,
 * time, duration and error. `gen_ai.usage.input_tokens` includes cached tokens, and the cache reads and
 * writes are parts of it ("SHOULD be included"); reasoning is part of the output. Spans that carry none
 * of this are kept as bare links (trace, span, parent), so a chain agent → tool → LLM call stays connected.
 */
import { CellError } from '../formats/format';
import { TokenError, uncachedInput, type TokenColumns, type TokenSemantics } from '../tokenSemantics';
import { isPlainObject } from './lineReader';
import {
  attributeMap, durationMs, epochMs, firstCount, firstText, hasAny, hexId, nanos, textAttribute, type Attributes,
} from './otlpValue';

export const otlpTokenSemantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

/** The operations that are one model request each. */
export const modelCallOperations: ReadonlySet<string> = new Set(['chat', 'text_completion', 'embeddings', 'generate_content']);

const usageKeys = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
  output: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
  cacheRead: ['gen_ai.usage.cache_read.input_tokens'],
  cacheWrite: ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_write.input_tokens'],
  reasoning: ['gen_ai.usage.reasoning.output_tokens'],
};
const allUsageKeys = Object.values(usageKeys).flat();
const userKeys = ['user.id', 'enduser.id'];
const attributionKeys = ['gen_ai.agent.name', 'gen_ai.agent.id', 'gen_ai.conversation.id', ...userKeys, 'user.email'];

export interface SpanUsage {
  /** uncached input */
  input: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  output: number | null;
  reasoning: number | null;
}

export interface SpanUser {
  id: string | null;
  email: string | null;
}

/** A span, reduced; JSON-able, since spans of an unfinished trace are carried between scans. */
export interface SpanInfo {
  traceId: string;
  spanId: string;
  parentId: string | null;
  line: number;
  /** a span that only links others; nothing else below is filled */
  bare?: true;
  /** it carries usage attributes (even when they could not be read) */
  hasUsage?: true;
  operation?: string | null;
  ts?: number;
  latencyMs?: number | null;
  agentId?: string | null;
  agentName?: string | null;
  conversationId?: string | null;
  user?: SpanUser | null;
  resourceUser?: SpanUser | null;
  serviceName?: string | null;
  model?: string | null;
  provider?: string | null;
  usage?: SpanUsage | null;
  error?: boolean;
  errorType?: string | null;
  /** why the span cannot become an event (a cell that could not be read) */
  rejection?: { column: string | null; reason: string };
}

/** What a resource says about all its spans. */
export interface ResourceInfo {
  serviceName: string | null;
  user: SpanUser | null;
  /** an attribute that could not be read: reported once, its spans still count without it */
  rejection?: { column: string; reason: string };
}

function userOf(attributes: Attributes): SpanUser | null {
  const id = firstText(attributes, userKeys);
  const email = textAttribute(attributes, 'user.email') ?? (id?.includes('@') ? id : null);
  return id === null && email === null ? null : { id: id ?? email!.toLowerCase(), email };
}

export function readResource(resource: unknown): ResourceInfo {
  const attributes = attributeMap(isPlainObject(resource) ? resource.attributes : undefined);
  try {
    return { serviceName: textAttribute(attributes, 'service.name'), user: userOf(attributes) };
  } catch (error) {
    if (!(error instanceof CellError)) throw error;
    return { serviceName: null, user: null, rejection: { column: error.column, reason: `resource: ${error.message}` } };
  }
}

function spanUsage(attributes: Attributes, spanId: string): SpanUsage {
  const given = {
    input: firstCount(attributes, usageKeys.input),
    cacheRead: firstCount(attributes, usageKeys.cacheRead),
    cacheWrite: firstCount(attributes, usageKeys.cacheWrite),
    output: firstCount(attributes, usageKeys.output),
  };
  const reasoning = firstCount(attributes, usageKeys.reasoning);
  if (reasoning !== null && given.output !== null && reasoning > given.output) {
    throw new CellError(usageKeys.reasoning[0]!, `span ${spanId}: "${usageKeys.reasoning[0]}" (${reasoning}) is part of "${usageKeys.output[0]}" (${given.output}), so it cannot be larger`);
  }
  const columns: TokenColumns = { input: usageKeys.input[0]!, cacheRead: usageKeys.cacheRead[0]!, cacheWrite: usageKeys.cacheWrite[0]!, output: usageKeys.output[0]!, total: 'gen_ai.usage.total_tokens' };
  return { input: uncachedInput(given, otlpTokenSemantics, columns), cacheRead: given.cacheRead, cacheWrite: given.cacheWrite, output: given.output, reasoning };
}

function statusIsError(status: unknown): boolean {
  if (!isPlainObject(status)) return false;
  return status.code === 2 || status.code === 'STATUS_CODE_ERROR';
}

/** Null for a span without trace or span id (nothing can link to it, and it has no key). */
export function readSpan(span: Record<string, unknown>, resource: ResourceInfo, line: number): SpanInfo | null {
  const traceId = hexId(span.traceId);
  const spanId = hexId(span.spanId);
  if (traceId === null || spanId === null) return null;
  const parentId = hexId(span.parentSpanId);
  const attributes = attributeMap(span.attributes);
  const operation = typeof attributes.get('gen_ai.operation.name') === 'string' ? (attributes.get('gen_ai.operation.name') as string) : null;
  const hasUsage = hasAny(attributes, allUsageKeys);
  const relevant = hasUsage || operation !== null || hasAny(attributes, attributionKeys);
  const info: SpanInfo = { traceId, spanId, parentId, line };
  if (!relevant) {
    info.bare = true;
    return info;
  }
  if (hasUsage) info.hasUsage = true;
  info.operation = operation;
  try {
    // who and where first: a span whose times cannot be read still names the agent of its descendants
    info.agentId = textAttribute(attributes, 'gen_ai.agent.id');
    info.agentName = textAttribute(attributes, 'gen_ai.agent.name');
    info.conversationId = textAttribute(attributes, 'gen_ai.conversation.id');
    info.user = userOf(attributes);
    info.resourceUser = resource.user;
    info.serviceName = resource.serviceName;
    const start = nanos(span.startTimeUnixNano, 'startTimeUnixNano');
    if (start === null) throw new CellError('startTimeUnixNano', 'required value is empty');
    const end = nanos(span.endTimeUnixNano, 'endTimeUnixNano');
    info.ts = epochMs(start, 'startTimeUnixNano');
    info.latencyMs = end === null ? null : durationMs(start, end, 'endTimeUnixNano');
    info.model = firstText(attributes, ['gen_ai.response.model', 'gen_ai.request.model']);
    info.provider = firstText(attributes, ['gen_ai.provider.name', 'gen_ai.system']);
    info.usage = hasUsage ? spanUsage(attributes, spanId) : null;
    info.errorType = textAttribute(attributes, 'error.type');
    info.error = statusIsError(span.status) || info.errorType !== null;
  } catch (error) {
    if (error instanceof CellError) info.rejection = { column: error.column, reason: error.message.startsWith('span ') ? error.message : `span ${spanId}: ${error.message}` };
    else if (error instanceof TokenError) info.rejection = { column: error.columns[0] ?? null, reason: `span ${spanId}: ${error.message}` };
    else throw error;
  }
  return info;
}
