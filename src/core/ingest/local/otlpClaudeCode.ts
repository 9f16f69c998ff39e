/**
 * Claude Code's own telemetry (`CLAUDE_CODE_ENABLE_TELEMETRY=1`, logs exported as OTLP) written to files
 * as `resourceLogs`: each `claude_code.api_request` log event is one request, with its tokens (input
 * without cache reads and writes, as in the transcripts), the cost Claude Code reports and the duration;
 * each `claude_code.api_error` is a failed request. Other log events (prompts, tool results) carry no usage.
 */
import { createHash } from 'node:crypto';
import { parseAmount, parseCount, parseText, parseTimestamp, ValueError } from '../../values';
import { CellError } from '../formats/format';
import type { EventRecord } from '../normalise';
import { blankEvent, isPlainObject } from './lineReader';
import { attributeMap, epochMs, nanos, type Attributes } from './otlpValue';
import { otlpSourceId } from './otlpTraces';

const requestEvent = 'claude_code.api_request';
const errorEvent = 'claude_code.api_error';

function cell<T>(attributes: Attributes, key: string, parse: (raw: unknown) => T): T {
  try {
    return parse(attributes.get(key));
  } catch (error) {
    if (error instanceof ValueError) throw new CellError(key, error.message);
    throw error;
  }
}

/** The event's name, whichever way the exporter wrote it (`eventName`, the body, or `event.name` under Claude Code's scope). */
function eventName(record: Record<string, unknown>, attributes: Attributes, scopeName: string | null): string | null {
  if (typeof record.eventName === 'string' && record.eventName !== '') return record.eventName;
  const body = isPlainObject(record.body) ? record.body.stringValue : undefined;
  if (body === requestEvent || body === errorEvent) return body;
  const short = attributes.get('event.name');
  if ((short === 'api_request' || short === 'api_error') && scopeName !== null && scopeName.includes('claude_code')) return `claude_code.${short}`;
  return null;
}

function timestampOf(record: Record<string, unknown>, attributes: Attributes): number {
  const iso = cell(attributes, 'event.timestamp', (raw) => parseTimestamp(raw));
  if (iso !== null) return iso;
  const ns = nanos(record.timeUnixNano, 'timeUnixNano') ?? nanos(record.observedTimeUnixNano, 'observedTimeUnixNano');
  if (ns === null) throw new CellError('event.timestamp', 'required value is empty');
  return epochMs(ns, record.timeUnixNano ? 'timeUnixNano' : 'observedTimeUnixNano');
}

function keyOf(kind: string, record: Record<string, unknown>, attributes: Attributes): string {
  const requestId = cell(attributes, 'request_id', parseText);
  if (requestId !== null) return `${kind}:${requestId}`;
  const session = cell(attributes, 'session.id', parseText);
  const sequence = cell(attributes, 'event.sequence', parseText);
  if (session !== null && sequence !== null) return `${kind}:${session}:${sequence}`;
  return `${kind}:${createHash('sha1').update(JSON.stringify(record)).digest('base64url').slice(0, 22)}`;
}

/**
 * The log record as an event; null when it is not an API request or error. `resource` attributes are
 * the defaults for the record's own (Claude Code puts session and user on the record).
 */
export function claudeCodeLogEvent(record: Record<string, unknown>, resource: Attributes, scopeName: string | null, line: number): EventRecord | null {
  const own = attributeMap(record.attributes);
  const attributes: Attributes = resource.size === 0 ? own : new Map([...resource, ...own]);
  const name = eventName(record, attributes, scopeName);
  if (name !== requestEvent && name !== errorEvent) return null;
  const failed = name === errorEvent;
  const event = blankEvent(line, `${otlpSourceId}:claude-code:${keyOf(failed ? 'error' : 'request', record, attributes)}`, timestampOf(record, attributes));
  event.agentId = 'claude-code';
  event.agentName = 'claude-code';
  event.provider = 'anthropic';
  event.sessionId = cell(attributes, 'session.id', parseText);
  event.userEmail = cell(attributes, 'user.email', parseText);
  event.userId = cell(attributes, 'user.account_uuid', parseText) ?? cell(attributes, 'user.id', parseText) ?? event.userEmail?.toLowerCase() ?? null;
  event.orgId = cell(attributes, 'organization.id', parseText);
  event.model = cell(attributes, 'model', parseText);
  event.latencyMs = cell(attributes, 'duration_ms', parseAmount);
  if (failed) {
    event.status = 'error';
    event.errorType = cell(attributes, 'status_code', parseText) ?? 'api_error';
    return event;
  }
  event.inputTokens = cell(attributes, 'input_tokens', parseCount);
  event.outputTokens = cell(attributes, 'output_tokens', parseCount);
  event.cacheReadTokens = cell(attributes, 'cache_read_tokens', parseCount);
  event.cacheWriteTokens = cell(attributes, 'cache_creation_tokens', parseCount);
  event.costReportedUsd = cell(attributes, 'cost_usd', parseAmount);
  return event;
}
