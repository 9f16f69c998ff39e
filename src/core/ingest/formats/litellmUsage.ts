/**
 * LiteLLM proxy UI exports (Usage page → Export, CSV): one row per UTC day and team, tag, organisation,
 * customer or agent, optionally split by model or by API key. `Prompt Tokens` includes cache reads and
 * cache writes (LiteLLM reports usage the OpenAI way), so uncached input is what is left once the
 * cache columns (added by LiteLLM PR 32015) are taken out; `Total Tokens` = prompt + completion.
 * A day's row counts successful and failed requests together: it becomes an ok event carrying the
 * day's tokens and spend, plus an error event holding the failed requests' count when there were any.
 */
import type { UsdFormat } from '../../money';
import { parseCount } from '../../values';
import { checkTotal, uncachedInput, type TokenSemantics } from '../tokenSemantics';
import { CellError, count, requiredCell, text, tokenColumns, usd, utcTime, type FormatEvent, type SourceFormat, type SourceRow } from './format';

const semantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

const spendFormat: UsdFormat = { unit: 'dollars', thousandsSeparators: true };

const cacheColumns = ['Cache Read Input Tokens', 'Cache Creation Input Tokens'];
/** provisioned-throughput cost, written after `Spend ($)` when an export has any */
const flatCostColumns = ['Flat Cost ($)', 'Total Cost ($)'];

interface Entity {
  /** the header word: `Team`, and `Team ID` after it */
  label: string;
  /** which canonical dimension the entity fills */
  dimensions(id: string | null, name: string | null): Partial<FormatEvent>;
}

const entities: readonly Entity[] = [
  // a team is a sub-account of the proxy: Usage by Sub-Account lists it
  { label: 'Team', dimensions: (id, name) => ({ orgId: id, orgName: name }) },
  { label: 'Organization', dimensions: (id, name) => ({ orgId: id, orgName: name }) },
  // a tag labels requests (`job:nightly`), like a project
  { label: 'Tag', dimensions: (id) => ({ project: id }) },
  // LiteLLM's customer is the end user a request was made for
  { label: 'Customer', dimensions: (id, name) => ({ userId: id, userName: name }) },
  { label: 'Agent', dimensions: (id, name) => ({ agentId: id, agentName: name }) },
];

interface Shape {
  /** id suffix and label words */
  id: string;
  words: string;
  /** columns between the entity's and `Spend ($)` */
  dimensionColumns: readonly string[];
  successColumn: string;
  failureColumn: string;
  /** columns from `Requests` on that every file of this shape has */
  countColumns: readonly string[];
  optional: readonly string[];
}

const shapes: readonly Shape[] = [
  {
    id: 'daily',
    words: 'daily',
    dimensionColumns: [],
    successColumn: 'Successful Requests',
    failureColumn: 'Failed Requests',
    countColumns: ['Requests', 'Successful Requests', 'Failed Requests', 'Total Tokens', 'Prompt Tokens', 'Completion Tokens'],
    optional: [...flatCostColumns, ...cacheColumns],
  },
  {
    id: 'daily-models',
    words: 'daily by model',
    dimensionColumns: ['Model'],
    successColumn: 'Successful',
    failureColumn: 'Failed',
    countColumns: ['Requests', 'Successful', 'Failed', 'Total Tokens'],
    // the first exports of this view had no token split (and wrong figures, see legacyModelRows)
    optional: [...flatCostColumns, 'Prompt Tokens', 'Completion Tokens', ...cacheColumns],
  },
  {
    id: 'daily-keys',
    words: 'daily by API key',
    dimensionColumns: ['Key Alias', 'Key ID'],
    successColumn: 'Successful Requests',
    failureColumn: 'Failed Requests',
    countColumns: ['Requests', 'Successful Requests', 'Failed Requests', 'Total Tokens', 'Prompt Tokens', 'Completion Tokens'],
    // the proxy's own export endpoint adds the key's user
    optional: [...flatCostColumns, 'User ID', 'User Email', ...cacheColumns],
  },
];

/** LiteLLM writes `-` where a name or id is unknown. */
function dimension(row: SourceRow, column: string): string | null {
  const value = text(row, column);
  return value === '-' ? null : value;
}

const requiredCount = (row: SourceRow, column: string): number => requiredCell(row, column, parseCount);

/**
 * The "daily with models" view of LiteLLM before its token columns added every model's row the team's
 * whole-day figures (the view looped over the day's models but summed the team's key totals), so its
 * per-model numbers are not real whenever a day used more than one model.
 */
function legacyModelRows(entity: Entity): CellError {
  return new CellError(
    'Prompt Tokens',
    `this older LiteLLM "daily with models" export repeats each ${entity.label.toLowerCase()}'s whole-day figures on every model row, ` +
      `so its per-model numbers are not real; export the daily view instead (or daily with models from a LiteLLM version whose export has "Prompt Tokens")`,
  );
}

function requestCounts(row: SourceRow, shape: Shape): { succeeded: number; failed: number } {
  const requests = requiredCount(row, 'Requests');
  const succeeded = requiredCount(row, shape.successColumn);
  const failed = requiredCount(row, shape.failureColumn);
  if (succeeded + failed !== requests) {
    throw new CellError('Requests', `"Requests" is ${requests} but "${shape.successColumn}" ${succeeded} + "${shape.failureColumn}" ${failed} = ${succeeded + failed}`);
  }
  return { succeeded, failed };
}

function tokens(row: SourceRow) {
  const columns = tokenColumns({
    input: 'Prompt Tokens', cacheRead: 'Cache Read Input Tokens', cacheWrite: 'Cache Creation Input Tokens', output: 'Completion Tokens', total: 'Total Tokens',
  });
  const given = {
    input: count(row, 'Prompt Tokens'),
    cacheRead: count(row, 'Cache Read Input Tokens'),
    cacheWrite: count(row, 'Cache Creation Input Tokens'),
    output: count(row, 'Completion Tokens'),
    total: count(row, 'Total Tokens'),
  };
  checkTotal(given, semantics, columns);
  return { inputTokens: uncachedInput(given, semantics, columns), cacheReadTokens: given.cacheRead, cacheWriteTokens: given.cacheWrite, outputTokens: given.output };
}

/** Spend, or spend plus the provisioned-throughput flat cost when the export has it. */
function cost(row: SourceRow): number | null {
  return row.get('Total Cost ($)') === undefined ? usd(row, 'Spend ($)', spendFormat) : usd(row, 'Total Cost ($)', spendFormat);
}

function shapeDimensions(row: SourceRow, shape: Shape): Partial<FormatEvent> {
  if (shape.id === 'daily-models') return { model: dimension(row, 'Model') };
  if (shape.id === 'daily-keys') return { userId: dimension(row, 'User ID'), userEmail: dimension(row, 'User Email') };
  return {};
}

function litellmFormat(entity: Entity, shape: Shape): SourceFormat {
  const idColumn = `${entity.label} ID`;
  return {
    id: `litellm-${entity.label.toLowerCase()}-${shape.id}`,
    label: `LiteLLM ${entity.label.toLowerCase()} usage export (${shape.words})`,
    containers: ['csv'],
    required: ['Date', entity.label, idColumn, ...shape.dimensionColumns, 'Spend ($)', ...shape.countColumns],
    optional: shape.optional,
    semantics,
    notes: ['input included cache: converted', 'failed requests: an error row per day'],
    keyColumns: ['Date', idColumn, ...shape.dimensionColumns.filter((column) => column !== 'Key Alias'), ...(shape.id === 'daily-keys' ? ['User ID'] : [])],
    toEvent(row) {
      if (shape.id === 'daily-models' && row.get('Prompt Tokens') === undefined) throw legacyModelRows(entity);
      const { succeeded, failed } = requestCounts(row, shape);
      const common = {
        ts: utcTime(row, 'Date'),
        bucket: 'day' as const,
        ...entity.dimensions(dimension(row, idColumn), dimension(row, entity.label)),
        ...shapeDimensions(row, shape),
      };
      const ok: FormatEvent = { ...common, part: 'ok', requests: succeeded, ...tokens(row), costReportedUsd: cost(row) };
      if (failed === 0) return [ok];
      // LiteLLM does not split tokens or spend by outcome: they stay on the successes' row
      return [ok, { ...common, part: 'failed', requests: failed, status: 'error', errorType: 'failed' }];
    },
  };
}

export const litellmFormats: readonly SourceFormat[] = entities.flatMap((entity) => shapes.map((shape) => litellmFormat(entity, shape)));
