/**
 * Langfuse sessions export (UI: Sessions → Export, CSV, JSON or JSONL): one row per session, an
 * aggregate of its traces, so `requests` is `countTraces`. A session has one user only when
 * `userIds` names exactly one. Current exports give only `totalTokens`, which has no canonical column;
 * older ones also split it into `inputTokens` and `outputTokens` (input with cache tokens unsplit).
 * `sessionDuration` is wall time, not a request's latency, so latency stays empty.
 */
import { uncachedInput, type TokenSemantics } from '../tokenSemantics';
import { requiredCell, tokenColumns, type SourceFormat } from './format';
import { atLeastParts } from './langfuseTotals';
import { parseCount, parseText } from '../../values';
import { lfCount, lfTime, lfUsd, textList, unquoted } from './langfuseCells';

const semantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

const columns = tokenColumns({ input: 'inputTokens', output: 'outputTokens', total: 'totalTokens' });

export const langfuseSessions: SourceFormat = {
  id: 'langfuse-sessions',
  label: 'Langfuse sessions export',
  containers: ['csv', 'json', 'jsonl'],
  required: [
    'id', 'createdAt', 'bookmarked', 'public', 'userIds', 'countTraces', 'sessionDuration', 'inputCost', 'outputCost', 'totalCost', 'totalTokens',
    'traceTags',
  ],
  optional: ['inputTokens', 'outputTokens', 'totalCount', 'comments'],
  extraColumnsAllowed: true,
  semantics,
  notes: ['one row per session (its traces counted as requests)', 'do not also import the same traces: they would count twice'],
  // a later export of a session that has grown replaces it
  keyColumns: ['id'],
  toEvent(row) {
    const given = {
      input: row.get('inputTokens') === undefined ? null : lfCount(row, 'inputTokens'),
      cacheRead: null,
      cacheWrite: null,
      output: row.get('outputTokens') === undefined ? null : lfCount(row, 'outputTokens'),
      total: lfCount(row, 'totalTokens'),
    };
    atLeastParts(given, columns);
    const users = textList(row, 'userIds');
    return {
      ts: lfTime(row, 'createdAt'),
      bucket: 'session',
      sessionId: requiredCell(row, 'id', (raw) => parseText(unquoted(raw))),
      userId: users?.length === 1 ? users[0]! : null,
      requests: requiredCell(row, 'countTraces', (raw) => parseCount(unquoted(raw))),
      inputTokens: uncachedInput(given, semantics, columns),
      outputTokens: given.output,
      costReportedUsd: lfUsd(row, 'totalCost'),
    };
  },
};
