/** Types raw records into canonical rows with the strict value rules; a bad cell becomes a reject naming its column. */
import { createHash } from 'node:crypto';
import { parseAmount, parseBoolean, parseCount, parseStatus, parseText, parseTimestamp, ValueError } from '../values';
import { resolveCacheWrites, type CacheWriteColumns } from './cacheWriteSplit';
import { JsonNumber } from './jsonValue';
import type { RecordKind } from './mapping';
import type { RawRecord, RawReject } from './rawRecord';
import { canonicalTokenSemantics, checkTotal, TokenError, uncachedInput, type TokenColumns } from './tokenSemantics';

export interface EventRecord {
  kind: 'events';
  line: number;
  eventKey: string;
  ts: number;
  orgId: string | null;
  orgName: string | null;
  parentOrgId: string | null;
  userId: string | null;
  userEmail: string | null;
  userName: string | null;
  role: string | null;
  agentId: string | null;
  agentName: string | null;
  agentType: string | null;
  agentCreatedBy: string | null;
  sessionId: string | null;
  model: string | null;
  provider: string | null;
  project: string | null;
  /** how many requests the row stands for; null when the source cannot count them (bill lines, token buckets without a count) */
  requests: number | null;
  /** uncached input only */
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  /** all cache writes; equals the 5-minute + 1-hour parts when those are given */
  cacheWriteTokens: number | null;
  cacheWrite5mTokens: number | null;
  cacheWrite1hTokens: number | null;
  /** a subset of outputTokens */
  reasoningTokens: number | null;
  credits: number | null;
  /** as reported or billed by the source */
  costReportedUsd: number | null;
  latencyMs: number | null;
  status: 'ok' | 'error';
  errorType: string | null;
}

export interface AgentRecord {
  kind: 'agents';
  line: number;
  agentId: string;
  name: string | null;
  type: string | null;
  model: string | null;
  createdBy: string | null;
  createdAt: number | null;
  orgId: string | null;
}

export interface UserRecord {
  kind: 'users';
  line: number;
  userId: string;
  email: string | null;
  name: string | null;
  role: string | null;
  orgId: string | null;
}

export interface OrgRecord {
  kind: 'orgs';
  line: number;
  orgId: string;
  name: string | null;
  parentOrgId: string | null;
}

export type CanonicalRecord = EventRecord | AgentRecord | UserRecord | OrgRecord;

export interface NormaliseOptions {
  /** zone for timestamps written without an offset */
  timeZone?: string;
  /** added to every event time and agent creation time (used to move the sample to today) */
  shiftMs?: number;
  source?: string;
}

class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function field<T>(raw: RawRecord, name: string, parse: (value: unknown) => T): T {
  try {
    return parse(raw.get(name));
  } catch (error) {
    if (error instanceof ValueError) throw new FieldError(name, error.message);
    throw error;
  }
}

/** Timestamps read JSON numbers as doubles (epoch values need no exact digits). */
function timestamp(raw: unknown, timeZone: string | undefined): number | null {
  return parseTimestamp(raw instanceof JsonNumber ? raw.value : raw, timeZone);
}

function required<T>(value: T | null, name: string): T {
  if (value === null) throw new FieldError(name, 'required value is empty');
  return value;
}

function userIdentity(raw: RawRecord): { userId: string | null; email: string | null } {
  let userId = field(raw, 'user_id', parseText);
  let email = field(raw, 'user_email', parseText);
  const either = field(raw, 'user', parseText);
  if (either !== null) {
    if (either.includes('@')) email ??= either;
    else userId ??= either;
  }
  return { userId: userId ?? (email ? email.toLowerCase() : null), email };
}

function eventStatus(raw: RawRecord, errorType: string | null): 'ok' | 'error' {
  const status = field(raw, 'status', parseStatus);
  if (status !== null) return status;
  const isError = field(raw, 'is_error', parseBoolean);
  if (isError !== null) return isError ? 'error' : 'ok';
  return errorType !== null ? 'error' : 'ok';
}

const hashedFields = [
  'ts', 'org_id', 'user_id', 'user_email', 'user', 'agent_id', 'session_id', 'model', 'provider', 'project', 'requests',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'credits', 'cost_reported_usd',
  'latency_ms', 'status', 'is_error', 'error_type',
];
/** Fields added after schema version 1: hashed only when a row gives them, so rows imported before keep their keys. */
const laterHashedFields = ['cache_write_5m_tokens', 'cache_write_1h_tokens', 'total_tokens'];

function rowHash(raw: RawRecord, ts: number): string {
  const hash = createHash('sha1');
  hash.update(String(ts));
  for (const name of hashedFields.slice(1)) {
    const value = raw.get(name);
    hash.update('\u0001');
    if (value !== undefined && value !== null) hash.update(String(value).trim());
  }
  for (const name of laterHashedFields) {
    const value = raw.get(name);
    if (value !== undefined && value !== null && String(value).trim() !== '') hash.update(`\u0002${name}=${String(value).trim()}`);
  }
  return `h:${hash.digest('base64url').slice(0, 22)}`;
}

type EventTokens = Pick<EventRecord, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'reasoningTokens'>;

/** Canonical files declare input without cache tokens; a given total_tokens must equal input + cache read + cache write + output. */
/** The file's names of the canonical token columns, for messages: looked up only when a row has one to give. */
class TokenColumnNames implements TokenColumns {
  constructor(private readonly raw: RawRecord) {}
  get input() { return this.raw.columnOf('input_tokens'); }
  get cacheRead() { return this.raw.columnOf('cache_read_tokens'); }
  get cacheWrite() { return this.raw.columnOf('cache_write_tokens'); }
  get output() { return this.raw.columnOf('output_tokens'); }
  get total() { return this.raw.columnOf('total_tokens'); }
}

class CacheWriteColumnNames implements CacheWriteColumns {
  constructor(private readonly raw: RawRecord) {}
  get total() { return this.raw.columnOf('cache_write_tokens'); }
  get fiveMinutes() { return this.raw.columnOf('cache_write_5m_tokens'); }
  get oneHour() { return this.raw.columnOf('cache_write_1h_tokens'); }
}

function eventTokens(raw: RawRecord): EventTokens {
  const columns = new TokenColumnNames(raw);
  const cacheWrites = resolveCacheWrites(
    { total: field(raw, 'cache_write_tokens', parseCount), fiveMinutes: field(raw, 'cache_write_5m_tokens', parseCount), oneHour: field(raw, 'cache_write_1h_tokens', parseCount) },
    new CacheWriteColumnNames(raw),
  );
  const given = {
    input: field(raw, 'input_tokens', parseCount),
    cacheRead: field(raw, 'cache_read_tokens', parseCount),
    cacheWrite: cacheWrites.total,
    output: field(raw, 'output_tokens', parseCount),
    total: field(raw, 'total_tokens', parseCount),
  };
  checkTotal(given, canonicalTokenSemantics, columns);
  return {
    inputTokens: uncachedInput(given, canonicalTokenSemantics, columns),
    outputTokens: given.output,
    cacheReadTokens: given.cacheRead,
    cacheWriteTokens: cacheWrites.total,
    cacheWrite5mTokens: cacheWrites.fiveMinutes,
    cacheWrite1hTokens: cacheWrites.oneHour,
    reasoningTokens: field(raw, 'reasoning_tokens', parseCount),
  };
}

function toEvent(raw: RawRecord, options: NormaliseOptions): EventRecord {
  const shift = options.shiftMs ?? 0;
  const ts = required(field(raw, 'ts', (v) => timestamp(v, options.timeZone)), 'ts') + shift;
  const explicitKey = field(raw, 'event_key', parseText);
  const { userId, email } = userIdentity(raw);
  const errorType = field(raw, 'error_type', parseText);
  return {
    kind: 'events',
    line: raw.line,
    eventKey: explicitKey !== null ? `id:${explicitKey}` : rowHash(raw, ts),
    ts,
    orgId: field(raw, 'org_id', parseText),
    orgName: field(raw, 'org_name', parseText),
    parentOrgId: field(raw, 'parent_org_id', parseText),
    userId,
    userEmail: email,
    userName: field(raw, 'user_name', parseText),
    role: field(raw, 'role', parseText),
    agentId: field(raw, 'agent_id', parseText),
    agentName: field(raw, 'agent_name', parseText),
    agentType: field(raw, 'agent_type', parseText),
    agentCreatedBy: field(raw, 'agent_created_by', parseText),
    sessionId: field(raw, 'session_id', parseText),
    model: field(raw, 'model', parseText),
    provider: field(raw, 'provider', parseText),
    project: field(raw, 'project', parseText),
    requests: field(raw, 'requests', parseCount) ?? 1,
    ...eventTokens(raw),
    credits: field(raw, 'credits', parseAmount),
    costReportedUsd: field(raw, 'cost_reported_usd', parseAmount),
    latencyMs: field(raw, 'latency_ms', parseAmount),
    status: eventStatus(raw, errorType),
    errorType,
  };
}

function toAgent(raw: RawRecord, options: NormaliseOptions): AgentRecord {
  const createdAt = field(raw, 'created_at', (v) => timestamp(v, options.timeZone));
  return {
    kind: 'agents',
    line: raw.line,
    agentId: required(field(raw, 'agent_id', parseText), 'agent_id'),
    name: field(raw, 'name', parseText),
    type: field(raw, 'type', parseText),
    model: field(raw, 'model', parseText),
    createdBy: field(raw, 'created_by', parseText),
    createdAt: createdAt === null ? null : createdAt + (options.shiftMs ?? 0),
    orgId: field(raw, 'org_id', parseText),
  };
}

function toUser(raw: RawRecord): UserRecord {
  const email = field(raw, 'email', parseText);
  const userId = field(raw, 'user_id', parseText) ?? (email ? email.toLowerCase() : null);
  return {
    kind: 'users',
    line: raw.line,
    userId: required(userId, 'user_id'),
    email,
    name: field(raw, 'name', parseText),
    role: field(raw, 'role', parseText),
    orgId: field(raw, 'org_id', parseText),
  };
}

function toOrg(raw: RawRecord): OrgRecord {
  return {
    kind: 'orgs',
    line: raw.line,
    orgId: required(field(raw, 'org_id', parseText), 'org_id'),
    name: field(raw, 'name', parseText),
    parentOrgId: field(raw, 'parent_org_id', parseText),
  };
}

export function normaliseRecord(kind: RecordKind, raw: RawRecord, options: NormaliseOptions): CanonicalRecord | RawReject {
  try {
    switch (kind) {
      case 'events':
        return toEvent(raw, options);
      case 'agents':
        return toAgent(raw, options);
      case 'users':
        return toUser(raw);
      case 'orgs':
        return toOrg(raw);
    }
  } catch (error) {
    if (error instanceof FieldError) return { line: raw.line, column: raw.columnOf(error.field), reason: error.message };
    if (error instanceof TokenError) return { line: raw.line, column: error.columns[0] ?? null, reason: error.message };
    throw error;
  }
}
