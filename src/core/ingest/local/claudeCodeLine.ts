/**
 * One line of a Claude Code transcript read as a usage entry. Only assistant messages carry
 * `message.usage`; every other line (user turns, tool results, summaries, `file-history-snapshot` lines,
 * which can fill files of hundreds of MB) is passed over before JSON.parse when it lacks the text `"usage"`.
 * Agent-progress lines (`type: "progress"`) carry a subagent's message one level down, under
 * `data.message`; they are read the same way. Values follow the strict rules of `src/core/values.ts`: a bad
 * one rejects the line naming its JSON path.
 */
import { escapeControls } from '../../printable';
import { parseAmount, parseBoolean, parseCount, parseText, parseTimestamp, ValueError } from '../../values';
import { resolveCacheWrites, type CacheWriteColumns } from '../cacheWriteSplit';
import { canonicalTokenSemantics, TokenError, uncachedInput, type TokenColumns } from '../tokenSemantics';

export interface ClaudeCodeTokens {
  /** uncached input: Claude Code's `input_tokens` excludes both kinds of cache */
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  cacheWrite5m: number | null;
  cacheWrite1h: number | null;
}

export interface ClaudeCodeEntry {
  ts: number;
  messageId: string | null;
  requestId: string | null;
  sessionId: string | null;
  /** as the API named it, `-fast` added for fast mode (a dearer tier, as ccusage names it); null for `<synthetic>` */
  model: string | null;
  /** Claude Code's placeholder messages (`<synthetic>` model): interruptions and API errors, no request behind them */
  synthetic: boolean;
  sidechain: boolean;
  /** read from an agent-progress line: a subagent's message as its parent session logged it */
  progress: boolean;
  /** `isApiErrorMessage`: the request failed; `errorType` is Claude Code's `error` word when it wrote one */
  apiError: boolean;
  errorType: string | null;
  cwd: string | null;
  tokens: ClaudeCodeTokens;
  costUsd: number | null;
}

export type ClaudeCodeLine =
  | { kind: 'entry'; entry: ClaudeCodeEntry }
  | { kind: 'no-usage' }
  /** not JSON, or JSON that is not an object */
  | { kind: 'corrupt'; reason: string }
  | { kind: 'rejected'; column: string; reason: string };

class LineError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value read by its parser; the column (its JSON path, `at` + `key`) is named only when the value is bad. */
function read<T>(object: Json, at: string, key: string, parse: (raw: unknown) => T): T {
  try {
    return parse(object[key]);
  } catch (error) {
    if (error instanceof ValueError) throw new LineError(at + key, error.message);
    throw error;
  }
}

/** The object holding `message.usage` and the entry's own fields: the line itself, or for a progress line `data.message`. */
function usageEnvelope(line: Json): { envelope: Json; prefix: string } | null {
  if (isObject(line.message) && isObject(line.message.usage)) return { envelope: line, prefix: '' };
  const data = line.data;
  if (isObject(data) && isObject(data.message) && isObject(data.message.message) && isObject(data.message.message.usage)) {
    return { envelope: data.message, prefix: 'data.message.' };
  }
  return null;
}

interface UsageColumns {
  at: string;
  split: string;
  writes: CacheWriteColumns;
  tokens: TokenColumns;
}

/** The JSON paths of the usage fields, for error messages: one set per place usage can sit, built once. */
const usageColumnsAt = new Map<string, UsageColumns>();
function usageColumns(at: string): UsageColumns {
  let columns = usageColumnsAt.get(at);
  if (columns === undefined) {
    const split = `${at}cache_creation.`;
    const writes = { total: `${at}cache_creation_input_tokens`, fiveMinutes: `${split}ephemeral_5m_input_tokens`, oneHour: `${split}ephemeral_1h_input_tokens` };
    const tokens = { input: `${at}input_tokens`, cacheRead: `${at}cache_read_input_tokens`, cacheWrite: writes.total, output: `${at}output_tokens`, total: '' };
    columns = { at, split, writes, tokens };
    usageColumnsAt.set(at, columns);
  }
  return columns;
}

const noSplit: Json = {};

function tokensOf(usage: Json, at: string): ClaudeCodeTokens {
  const columns = usageColumns(at);
  const givenSplit = usage.cache_creation;
  if (givenSplit !== undefined && givenSplit !== null && !isObject(givenSplit)) throw new LineError(`${at}cache_creation`, 'expected an object of 5-minute and 1-hour cache writes');
  const split = isObject(givenSplit) ? givenSplit : noSplit;
  const writes = resolveCacheWrites(
    {
      total: read(usage, at, 'cache_creation_input_tokens', parseCount),
      fiveMinutes: read(split, columns.split, 'ephemeral_5m_input_tokens', parseCount),
      oneHour: read(split, columns.split, 'ephemeral_1h_input_tokens', parseCount),
    },
    columns.writes,
  );
  const given = {
    input: read(usage, at, 'input_tokens', parseCount),
    cacheRead: read(usage, at, 'cache_read_input_tokens', parseCount),
    cacheWrite: writes.total,
    output: read(usage, at, 'output_tokens', parseCount),
  };
  const input = uncachedInput(given, canonicalTokenSemantics, columns.tokens);
  return { input, output: given.output, cacheRead: given.cacheRead, cacheWrite: writes.total, cacheWrite5m: writes.fiveMinutes, cacheWrite1h: writes.oneHour };
}

const messageAtFor = { '': 'message.', 'data.message.': 'data.message.message.' } as Record<string, string>;
const usageAtFor = { '': 'message.usage.', 'data.message.': 'data.message.message.usage.' } as Record<string, string>;

function entryOf(line: Json, envelope: Json, prefix: string): ClaudeCodeEntry {
  const message = envelope.message as Json;
  const usage = message.usage as Json;
  const messageAt = messageAtFor[prefix]!;
  const usageAt = usageAtFor[prefix]!;
  const ts = read(envelope, prefix, 'timestamp', parseTimestamp);
  if (ts === null) throw new LineError(`${prefix}timestamp`, 'required value is empty');
  const named = read(message, messageAt, 'model', parseText);
  const synthetic = named === '<synthetic>';
  const fast = read(usage, usageAt, 'speed', parseText) === 'fast';
  const apiError = read(line, '', 'isApiErrorMessage', parseBoolean) ?? false;
  return {
    ts,
    messageId: read(message, messageAt, 'id', parseText),
    requestId: read(envelope, prefix, 'requestId', parseText),
    sessionId: read(line, '', 'sessionId', parseText),
    model: named === null || synthetic ? null : fast ? `${named}-fast` : named,
    synthetic,
    sidechain: read(envelope, prefix, 'isSidechain', parseBoolean) ?? false,
    progress: prefix !== '',
    apiError,
    errorType: apiError ? (typeof line.error === 'string' && line.error.trim() !== '' ? line.error.trim() : 'api_error') : null,
    cwd: read(line, '', 'cwd', parseText),
    tokens: tokensOf(usage, usageAt),
    costUsd: read(envelope, prefix, 'costUSD', parseAmount),
  };
}

export function readClaudeCodeLine(text: string): ClaudeCodeLine {
  if (!text.includes('"usage"')) return { kind: 'no-usage' };
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the line: its control characters must not reach a terminal
    return { kind: 'corrupt', reason: `not JSON: ${escapeControls((error as Error).message)}` };
  }
  if (!isObject(line)) return { kind: 'corrupt', reason: 'not a JSON object' };
  const found = usageEnvelope(line);
  if (found === null) return { kind: 'no-usage' };
  try {
    return { kind: 'entry', entry: entryOf(line, found.envelope, found.prefix) };
  } catch (error) {
    if (error instanceof LineError) return { kind: 'rejected', column: error.column, reason: error.message };
    if (error instanceof TokenError) return { kind: 'rejected', column: error.columns[0] ?? '', reason: error.message };
    throw error;
  }
}
