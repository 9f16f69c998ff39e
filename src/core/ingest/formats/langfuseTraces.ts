/**
 * Langfuse traces export (UI: Traces → Export, CSV, JSON or JSONL): one row per trace, i.e. one agent
 * run. The trace name is the agent; `latency` is in seconds; costs are USD decimals; `level` is the
 * worst level of the trace's observations, so ERROR marks a failed run. `usage.promptTokens` sums all
 * of the trace's input usage types, cache reads and writes included, without splitting them, and
 * `usage.totalTokens` also counts usage types that are neither input nor output.
 */
import { uncachedInput, type TokenSemantics } from '../tokenSemantics';
import { tokenColumns, type SourceFormat } from './format';
import { atLeastParts } from './langfuseTotals';
import { lfText, lfTime, lfUsd, nestedCount, secondsAsMs } from './langfuseCells';

const semantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

const columns = tokenColumns({ input: 'usage.promptTokens', output: 'usage.completionTokens', total: 'usage.totalTokens' });

export const langfuseTraces: SourceFormat = {
  id: 'langfuse-traces',
  label: 'Langfuse traces export',
  containers: ['csv', 'json', 'jsonl'],
  // present in every generation and container; `input`, `output`, `metadata` and `usage` become dotted keys in JSON
  required: [
    'id', 'timestamp', 'name', 'userId', 'sessionId', 'release', 'version', 'tags', 'bookmarked', 'latency', 'level', 'observationCount',
    'inputCost', 'outputCost', 'totalCost',
  ],
  // score columns are named after the project's scores
  extraColumnsAllowed: true,
  semantics,
  notes: ['latency in seconds: converted', 'input tokens include cache tokens (the export does not split them)'],
  toEvent(row) {
    const given = {
      input: nestedCount(row, 'usage', 'promptTokens'),
      cacheRead: null,
      cacheWrite: null,
      output: nestedCount(row, 'usage', 'completionTokens'),
      total: nestedCount(row, 'usage', 'totalTokens'),
    };
    atLeastParts(given, columns);
    const failed = lfText(row, 'level') === 'ERROR';
    return {
      id: lfText(row, 'id'),
      ts: lfTime(row, 'timestamp'),
      bucket: 'event',
      agentId: lfText(row, 'name'),
      userId: lfText(row, 'userId'),
      sessionId: lfText(row, 'sessionId'),
      inputTokens: uncachedInput(given, semantics, columns),
      outputTokens: given.output,
      costReportedUsd: lfUsd(row, 'totalCost'),
      latencyMs: secondsAsMs(row, 'latency'),
      status: failed ? 'error' : 'ok',
      errorType: failed ? 'ERROR' : null,
    };
  },
};
