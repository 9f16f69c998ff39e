/**
 * agent-usage: the report engine headless, for scripts and CI.
 * Exit codes: 0 ok, 1 bad data or a file that cannot be read or written, 2 bad usage, 3 internal error.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toCsv, type CsvCell } from './core/csv';
import { ImportError } from './core/ingest/errors';
import { reportIds, reportSpec, type ReportFilters, type ReportId } from './shared/reports';
import { costModes, defaultCostMode, splitDimensions, type CostInfo, type CostMode, type ReportQuery, type SplitBy } from './shared/results';
import { parsePriceOverrides, type PriceOverrides } from './core/pricing/overrides';
import { samplePaths, sampleShiftMs } from './core/sampleSet';
import { granularities, isoWithOffset, parseTimeframeSpec, resolveTimeframe, type Granularity, type TimeContext, type TimeframeSpec, type WeekStart } from './core/timeframe';
import { StoreClient } from './store/client';
import { trace } from './store/trace';
import { formatTable } from './cliTable';
import { escapeControls, listSome } from './core/printable';
import { recognitionLine } from './core/ingest/recognitionLine';
import type { ImportSummary } from './store/importer';
import { OutputError, UsageError } from './cliErrors';
import { checkSourceFormat, planInputs, type InputPlan } from './cliInputs';
import { describeScan, localLogRequests, withDefaultValues } from './cliLocalLogs';
import { fetchKeyNames, fetchOptionFlags, fetchRequests, fetchUsageIds, fetchWindow, runFetches } from './cliFetch';
import { FetchError } from './sources/http/types';

/** Rejected rows listed per file; the rest are counted. */
const maxRejectsListed = 20;

const usage = `Usage: agent-usage report <${[...reportIds, 'timeseries'].join('|')}> (--input PATH... | --sample | --claude-code [DIR,...] | --codex [DIR] | --otel FILE...)
       agent-usage sources --input PATH... [--format table|csv|json]
  --fetch ${fetchUsageIds()} [--base-url URL] [--experimental]
      ${fetchOptionFlags()}
      (keys: ${fetchKeyNames()})
  PATH is a file or a folder (walked; files no format recognises are listed and skipped)
  [--source-format ID] [--timeframe PRESET | --from YYYY-MM-DD --to YYYY-MM-DD] [--tz ZONE] [--week-start 0-6] [--now ISO]
  [--org ID [--include-sub-orgs]] [--filter agent-type=X|model=X|created-by=X|agent=X|user=X]...
  [--search TEXT] [--sort COLUMN[:asc|desc]] [--granularity hour|day|week|month] [--split agent|user|model]
  [--cost-mode reported|estimated|auto] [--price-overrides FILE]
  [--format table|csv|json] [--out FILE [--force]] [--skip-bad-rows] [--bom]`;

/** `report timeseries` columns after runs, tokens and credits: each token kind and the cost in the cost mode */
const seriesDetailColumns = ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cost_usd'];

const filterKeys: Record<string, keyof ReportFilters> = {
  'agent-type': 'agentType', model: 'model', 'created-by': 'createdBy', agent: 'agentId', user: 'userId',
};

function parseCommandLine(argv: string[]) {
  try {
    return parseOptions(withDefaultValues(argv));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // `--input -dash.csv`: Node's message names neither the value nor the file
    const option = /^Option '([^']+)' argument is ambiguous/.exec(message)?.[1];
    const value = option === undefined ? undefined : argv.find((arg, i) => i > 0 && argv[i - 1] === option && arg.startsWith('-'));
    if (option !== undefined && value !== undefined) {
      throw new UsageError(`${option} value "${value}" starts with a dash; write ${option}=${value} (or ./${value} for a file)`);
    }
    throw new UsageError(message);
  }
}

function parseOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string', multiple: true },
      'source-format': { type: 'string' },
      'claude-code': { type: 'string', multiple: true },
      codex: { type: 'string', multiple: true },
      otel: { type: 'string', multiple: true },
      fetch: { type: 'string', multiple: true },
      'base-url': { type: 'string' },
      'langfuse-detail': { type: 'string' },
      'litellm-detail': { type: 'string' },
      'github-org': { type: 'string' },
      experimental: { type: 'boolean' },
      'lyzr-credits-divisor': { type: 'string' },
      'lyzr-usd-per-credit': { type: 'string' },
      sample: { type: 'boolean' },
      timeframe: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      tz: { type: 'string' },
      'week-start': { type: 'string' },
      now: { type: 'string' },
      org: { type: 'string' },
      'include-sub-orgs': { type: 'boolean' },
      filter: { type: 'string', multiple: true },
      search: { type: 'string' },
      sort: { type: 'string' },
      granularity: { type: 'string' },
      split: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      'skip-bad-rows': { type: 'boolean' },
      bom: { type: 'boolean' },
      'cost-mode': { type: 'string' },
      'price-overrides': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, positionals };
}

type Options = ReturnType<typeof parseCommandLine>['values'];

function choose<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

function timeContext(values: Options): TimeContext {
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(now)) throw new UsageError(`--now is not an ISO timestamp: "${values.now}"`);
  const weekStart = values['week-start'] === undefined ? 1 : Number(values['week-start']);
  if (!Number.isInteger(weekStart) || weekStart < 0 || weekStart > 6) throw new UsageError('--week-start must be 0 (Sunday) … 6 (Saturday)');
  const timeZone = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new UsageError(`--tz is not an IANA time zone: "${timeZone}"`);
  }
  const costMode = choose<CostMode>(values['cost-mode'], costModes, 'cost-mode', defaultCostMode);
  return { now, timeZone, weekStartsOn: weekStart as WeekStart, costMode };
}

/** --price-overrides FILE: JSON as the agentUsage.priceOverrides setting takes it; any invalid entry is bad usage. */
async function priceOverrides(file: string | undefined): Promise<PriceOverrides | undefined> {
  if (file === undefined) return undefined;
  if (!existsSync(file)) throw new UsageError(`--price-overrides file not found: ${file}`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--price-overrides ${file} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const { overrides, problems } = parsePriceOverrides(value);
  if (problems.length > 0) throw new UsageError(`--price-overrides ${file}: ${problems.join('; ')}`);
  return overrides;
}

/** The coverage sentence ("3 models have no price: totals are a floor") beside a table or CSV; JSON carries it. */
function noteCoverage(cost: CostInfo, format: string): void {
  if (format !== 'json' && cost.coverage?.sentence) process.stderr.write(`note: ${escapeControls(cost.coverage.sentence)}\n`);
}

function timeframe(values: Options): TimeframeSpec {
  if (values.from !== undefined || values.to !== undefined) {
    if (values.timeframe !== undefined) throw new UsageError('use either --timeframe or --from/--to, not both');
    if (values.from === undefined || values.to === undefined) throw new UsageError('--from and --to go together');
    return parseTimeframeSpec(`${values.from}..${values.to}`);
  }
  return parseTimeframeSpec(values.timeframe ?? 'last-30-days');
}

function filters(values: Options): ReportFilters {
  const result: ReportFilters = {};
  for (const entry of values.filter ?? []) {
    const [key = '', ...rest] = entry.split('=');
    const field = filterKeys[key];
    if (!field || rest.length === 0) throw new UsageError(`--filter takes ${Object.keys(filterKeys).join('|')}=VALUE; got "${entry}"`);
    (result as Record<string, string>)[field] = rest.join('=');
  }
  if (values.org) result.orgId = values.org;
  if (values['include-sub-orgs']) {
    if (!values.org) throw new UsageError('--include-sub-orgs needs --org');
    result.includeSubOrgs = true;
  }
  return result;
}

function sortSpec(value: string | undefined, report: ReportId): ReportQuery['sort'] {
  if (value === undefined) return undefined;
  const [column = '', direction = 'desc'] = value.split(':');
  const columns = reportSpec(report).columns.map((c) => c.name);
  if (!columns.includes(column)) {
    throw new UsageError(`--sort column must be one of ${columns.join(', ')}`);
  }
  if (direction !== 'asc' && direction !== 'desc') throw new UsageError('--sort direction is asc or desc');
  return { column, direction };
}

async function writeOutput(text: string, out: string | undefined, force: boolean): Promise<void> {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  const target = resolve(out);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--out ${out} is a directory`);
  if (existing && !existing.isFile()) {
    // /dev/null, a FIFO, a terminal: written to directly; the no-overwrite rule and temp+rename are for files
    await writeFile(target, text).catch((error: unknown) => {
      throw new OutputError(`cannot write ${out} (${error instanceof Error ? error.message : String(error)})`);
    });
    return;
  }
  if (existing && !force) throw new UsageError(`${out} exists; pass --force to replace it`);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new OutputError(`cannot write ${out} (${error instanceof Error ? error.message : String(error)})`);
  }
  process.stderr.write(`wrote ${target}\n`);
}

function reportSkipped(plan: InputPlan): void {
  for (const skipped of plan.skipped) process.stderr.write(escapeControls(`skipped ${skipped.displayName}: ${skipped.reason}`) + '\n');
}

function countsLine(summary: ImportSummary): string {
  const counts = [`${summary.imported} imported`];
  if (summary.updated > 0) counts.push(`${summary.updated} updated`);
  counts.push(`${summary.duplicates} duplicates`);
  if (summary.skipped > 0) counts.push(`${summary.skipped} skipped`);
  counts.push(`${summary.rejected} rejected`);
  return `${counts.join(', ')} (${summary.kind})`;
}

function reportImport(input: string, summary: ImportSummary): void {
  process.stderr.write(`${escapeControls(input)}: ${countsLine(summary)}\n`);
  if (summary.recognisedAs) process.stderr.write(`  read as ${recognitionLine(summary)}\n`);
  for (const reject of summary.rejects.slice(0, maxRejectsListed)) {
    process.stderr.write(escapeControls(`  ${input}:${reject.line}${reject.column ? ` column "${reject.column}"` : ''}: ${reject.reason}`) + '\n');
  }
  if (summary.rejected > maxRejectsListed) process.stderr.write(`  … and ${summary.rejected - maxRejectsListed} more rejected rows\n`);
  if (summary.unknownColumns.length > 0) process.stderr.write(`  ignored columns: ${escapeControls(listSome(summary.unknownColumns))}\n`);
}

/** `agent-usage sources`: what each file is read as, with its rows and time range; bad rows are counted, not fatal. */
async function listSources(values: Options): Promise<number> {
  const inputs = values.input ?? [];
  if (inputs.length === 0) throw new UsageError('give at least one --input PATH');
  const format = choose(values.format, ['table', 'csv', 'json'] as const, 'format', 'table');
  checkSourceFormat(values['source-format']);
  const plan = await planInputs(inputs, values['source-format']);
  const header = ['file', 'read_as', 'format_id', 'bucket', 'rows', 'imported', 'rejected', 'first_day_utc', 'last_day_utc', 'notes'];
  const rows: CsvCell[][] = [];
  const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));
  const store = new StoreClient(join(__dirname, 'storeWorker.js'), { wasmPath: join(__dirname, 'sql-wasm.wasm') });
  try {
    for (const input of plan.files) {
      try {
        const summary = await store.importFile(resolve(input.path), { displayName: input.displayName, skipBadRows: true, sourceFormat: values['source-format'] });
        const readAs = recognitionLine(summary).split(' · ')[0]!;
        rows.push([
          input.displayName, readAs, summary.recognisedAs?.id ?? `own-${summary.kind}`, summary.recognisedAs?.bucket ?? null, summary.rowsRead,
          summary.imported, summary.rejected, day(summary.firstEventAt), day(summary.lastEventAt), summary.recognisedAs?.notes.join('; ') || null,
        ]);
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        rows.push([input.displayName, 'unrecognised', null, null, null, null, null, null, null, error.message]);
      }
    }
  } finally {
    await store.dispose();
  }
  for (const skipped of plan.skipped) rows.push([skipped.displayName, 'unrecognised', null, null, null, null, null, null, null, skipped.reason]);
  await writeOutput(render(header, rows, format, values.bom ?? false), values.out, values.force ?? false);
  return 0;
}

/** JSON output is `{ rows, …extra }` (the reports add `cost`: its mode and coverage, and `notes`: what to know about its days). */
function render(header: string[], rows: CsvCell[][], format: string, bom: boolean, extra: Record<string, unknown> = {}): string {
  if (format === 'csv') return toCsv(header, rows, { bom });
  if (format === 'json') {
    const objects = rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? null])));
    return `${JSON.stringify({ rows: objects, ...extra }, null, 2)}\n`;
  }
  return formatTable(header, rows);
}

async function main(argv: string[]): Promise<number> {
  trace('cli', 'start');
  const { values, positionals } = parseCommandLine(argv);
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  const [command, target] = positionals;
  if (command === 'sources' && positionals.length === 1) return listSources(values);
  if (command !== 'report' || positionals.length !== 2) throw new UsageError(`unknown command "${positionals.join(' ')}"\n${usage}`);
  const reportName = choose(target, [...reportIds, 'timeseries'] as const, 'report', 'agents');
  const format = choose(values.format, ['table', 'csv', 'json'] as const, 'format', 'table');
  const ctx = timeContext(values);
  const spec = timeframe(values);
  const inputs = values.input ?? [];
  const localLogs = localLogRequests({ 'claude-code': values['claude-code'], codex: values.codex, otel: values.otel });
  const fetches = fetchRequests(values.fetch, process.env, values);
  if (inputs.length === 0 && !values.sample && localLogs.length === 0 && fetches.length === 0) {
    throw new UsageError('give at least one --input PATH (or --sample, --claude-code, --codex, --otel, --fetch)');
  }
  checkSourceFormat(values['source-format']);
  const plan = await planInputs(inputs, values['source-format']);
  reportSkipped(plan);
  if (inputs.length > 0 && plan.files.length === 0 && !values.sample) throw new ImportError(inputs.join(', '), null, null, 'no data file in it could be read');
  const overrides = await priceOverrides(values['price-overrides']);

  const store = new StoreClient(join(__dirname, 'storeWorker.js'), {
    wasmPath: join(__dirname, 'sql-wasm.wasm'),
    scanThreadAhead: localLogs.length > 0,
    indexAfterChanges: true,
  });
  try {
    // before the imports, so that they are priced with the overrides once
    if (overrides) await store.call('setPriceOverrides', overrides);
    const files = values.sample ? samplePaths(join(__dirname, '..', 'media', 'sample')) : [];
    const shiftMs = values.sample ? sampleShiftMs(ctx.now, ctx.timeZone) : 0;
    for (const file of files) await store.importFile(file.path, { kind: file.kind, origin: file.origin, shiftMs, timeZone: ctx.timeZone });
    if (fetches.length > 0) {
      for (const fetched of await runFetches(store, fetches, fetchWindow(resolveTimeframe(spec, ctx)))) {
        process.stderr.write(`${fetched.label}: ${fetched.imported} rows fetched${fetched.replaced > 0 ? `, ${fetched.replaced} earlier rows of the window replaced` : ''}\n`);
      }
    }
    for (const request of localLogs) {
      const scan = await store.scanLocalLogs({ ...request, endOfInput: true });
      trace('cli', 'scan done');
      for (const line of describeScan(scan)) process.stderr.write(`${line}\n`);
    }
    for (const input of plan.files) {
      const summary = await store.importFile(resolve(input.path), {
        displayName: input.displayName, skipBadRows: values['skip-bad-rows'], timeZone: ctx.timeZone, sourceFormat: values['source-format'],
      });
      reportImport(input.displayName, summary);
    }
    const query: ReportQuery = { report: reportName === 'timeseries' ? 'agents' : reportName, timeframe: spec, filters: filters(values), search: values.search };
    if (reportName === 'timeseries') {
      const granularity = choose<Granularity>(values.granularity, granularities, 'granularity', 'day');
      const splitBy = values.split === undefined ? undefined : choose<SplitBy>(values.split, splitDimensions, 'split', 'agent');
      const { series, cost } = await store.call('detailedSeries', query, ctx, granularity, splitBy);
      trace('cli', 'time series back');
      const header = ['bucket_start', 'series', 'runs', 'tokens', 'credits', ...seriesDetailColumns];
      const rows: CsvCell[][] = [];
      series.series.forEach((line) =>
        series.bucketStarts.slice(0, -1).forEach((start, i) => {
          const detail = line.detail;
          const kinds = detail ? [detail.inputTokens, detail.outputTokens, detail.cacheReadTokens, detail.cacheWriteTokens, detail.reasoningTokens, detail.costUsd] : [];
          rows.push([isoWithOffset(start, ctx.timeZone), line.label, line.runs[i] ?? null, line.tokens[i] ?? null, line.credits[i] ?? null, ...kinds.map((values) => values[i] ?? null)]);
        }),
      );
      noteCoverage(cost, format);
      await writeOutput(render(header, rows, format, values.bom ?? false, { cost }), values.out, values.force ?? false);
      return 0;
    }
    query.sort = sortSpec(values.sort, reportName);
    const result = await store.call('report', query, ctx);
    trace('cli', 'report back');
    noteCoverage(result.cost, format);
    const notes = result.notes ?? [];
    if (format !== 'json') for (const note of notes) process.stderr.write(`note: ${escapeControls(note)}\n`);
    await writeOutput(render(result.columns, result.rows, format, values.bom ?? false, { cost: result.cost, notes }), values.out, values.force ?? false);
    return 0;
  } finally {
    await store.dispose();
  }
}

/** sql.js cannot allocate its memory: V8 reserves address space for WebAssembly memory up front. */
const wasmMemoryFailure = /WebAssembly|Wasm memory|Out of memory/i;

function failure(error: unknown): { code: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) return { code: 2, message };
  if (error instanceof ImportError || error instanceof OutputError || error instanceof FetchError) return { code: 1, message };
  if (error instanceof Error && /^(Invalid|Unknown|Unrecognised|Expected)/i.test(message)) return { code: 2, message };
  if (wasmMemoryFailure.test(message)) {
    return {
      code: 3,
      message:
        `internal error: the SQLite engine (WebAssembly) could not get memory (${message}). ` +
        'V8 reserves about 10 GB of address space for WebAssembly memory, so a virtual-memory limit such as `ulimit -v 4G` stops it; ' +
        'raise or remove the limit (ulimit -v unlimited)',
    };
  }
  return { code: 3, message: `internal error: ${message}` };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { code, message } = failure(error);
    process.stderr.write(`agent-usage: ${message.split('\n').map(escapeControls).join('\n')}\n`);
    process.exitCode = code;
  },
);
