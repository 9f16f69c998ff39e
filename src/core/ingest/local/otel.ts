/**
 * OpenTelemetry files: OTLP/JSON `TracesData` (GenAI spans) and Claude Code's `resourceLogs`, either one
 * object per line (JSONL: what the Collector's file exporter and the Copilot CLI write) or one JSON
 * document spread over many lines. The first non-blank line decides: a line that is a whole object means
 * JSONL; otherwise the lines are gathered (up to `maxRecordChars`) and read as one document at the end.
 * A document cannot be resumed at a byte offset: its state says so (`format: 'document'`), and the
 * caller reads such a file again from the start when it changes (keys keep the result the same).
 *
 * Spans become events as `otlpTraces.ts` decides (usage counted where it is deepest); log events as
 * `otlpClaudeCode.ts` reads them. Events already counted (the same span in two files) are skipped
 * through `seen`.
 */
import { CellError } from '../formats/format';
import type { EventRecord } from '../normalise';
import { maxRecordChars, type RawReject } from '../rawRecord';
import { TokenError } from '../tokenSemantics';
import { isPlainObject, nothing, parseObjectLine, type LineOutcome, type LocalLineReader, type SeenKeys } from './lineReader';
import { claudeCodeLogEvent } from './otlpClaudeCode';
import { readResource, readSpan, type SpanInfo } from './otlpSpan';
import { TraceBuffer, type Decided, type SettledTrace, type TraceCounters } from './otlpTraces';
import { attributeMap } from './otlpValue';

export { otlpSourceId } from './otlpTraces';

export interface OtelState {
  format: 'jsonl' | 'document' | null;
  /** spans of traces not decided yet */
  pending: SpanInfo[];
  /** recently decided traces: ids above counted usage */
  settled: [string, SettledTrace][];
}

export interface OtelCounters extends TraceCounters {
  lines: number;
  events: number;
  rejected: number;
  corrupt: number;
  /** lines or documents without spans or Claude Code API events (metrics, other logs) */
  skipped: number;
  spans: number;
  duplicates: number;
}

export interface OtelReaderOptions {
  seen: SeenKeys;
  state?: OtelState;
  /** spans held while their traces are undecided (default 2000) */
  maxPendingSpans?: number;
  /** decided traces remembered for late spans (default 200) */
  maxSettledTraces?: number;
}

interface Gathered {
  line: number;
  text: string;
}

export class OtelReader implements LocalLineReader<OtelState> {
  readonly counters: OtelCounters = {
    lines: 0, events: 0, rejected: 0, corrupt: 0, skipped: 0, spans: 0, duplicates: 0,
    coveredByDescendants: 0, coveredByCountedAncestor: 0, decidedEarly: 0,
  };
  private format: OtelState['format'];
  private readonly traces: TraceBuffer;
  private document: Gathered[] = [];
  private documentChars = 0;

  constructor(private readonly options: OtelReaderOptions) {
    this.format = options.state?.format ?? null;
    this.traces = new TraceBuffer(
      this.counters,
      { maxPendingSpans: options.maxPendingSpans ?? 2000, maxSettledTraces: options.maxSettledTraces ?? 200 },
      options.state ? structuredClone({ pending: options.state.pending, settled: options.state.settled }) : undefined,
    );
  }

  exportState(): OtelState {
    return structuredClone({ format: this.format, ...this.traces.exportState() });
  }

  push(line: string, lineNo: number): LineOutcome {
    this.counters.lines += 1;
    if (this.format === 'document') return this.gather(line, lineNo);
    if (line.trim() === '') return nothing;
    const record = parseObjectLine(line);
    if (this.format === null) {
      if (record !== 'corrupt' && record !== null) this.format = 'jsonl';
      else if (line.trimStart().startsWith('{')) {
        this.format = 'document';
        return this.gather(line, lineNo);
      }
    }
    if (record === 'corrupt') {
      this.counters.corrupt += 1;
      return nothing;
    }
    if (record === null) {
      this.counters.skipped += 1;
      return nothing;
    }
    const outcome: Decided = { events: [], rejects: [] };
    this.readObject(record, lineNo, outcome);
    this.take(this.traces.decideReady(), outcome);
    return this.counted(outcome);
  }

  finish(endOfInput: boolean): LineOutcome {
    const outcome: Decided = { events: [], rejects: [] };
    if (this.format === 'document' && this.document.length > 0) this.readDocument(outcome, endOfInput);
    if (endOfInput) this.take(this.traces.decideAll(), outcome);
    return this.counted(outcome);
  }

  private gather(line: string, lineNo: number): LineOutcome {
    this.document.push({ line: lineNo, text: line });
    this.documentChars += line.length + 1;
    if (this.documentChars <= maxRecordChars) return nothing;
    // too large for one document: most likely JSONL whose first line was broken
    const outcome: Decided = { events: [], rejects: [{ line: this.document[0]!.line, column: null, reason: `not one object per line, and longer than ${maxRecordChars / 1024 / 1024} MiB as one JSON document: read line by line` }] };
    this.readLines(outcome);
    return this.counted(outcome);
  }

  private readDocument(outcome: Decided, endOfInput: boolean): void {
    const first = this.document[0]!.line;
    const record = parseObjectLine(this.document.map((gathered) => gathered.text).join('\n'));
    if (record === 'corrupt' || record === null) {
      // a document still being written is read again from the start next time; a complete one that does
      // not parse is JSONL whose first line is broken
      if (endOfInput) this.readLines(outcome);
      return;
    }
    this.document = [];
    this.documentChars = 0;
    this.readObject(record, first, outcome);
    // a document that parses is complete: nothing of it can arrive later
    this.take(this.traces.decideAll(), outcome);
  }

  private readLines(outcome: Decided): void {
    const lines = this.document;
    this.document = [];
    this.documentChars = 0;
    this.format = 'jsonl';
    for (const { line, text } of lines) {
      if (text.trim() === '') continue;
      const record = parseObjectLine(text);
      if (record === 'corrupt') this.counters.corrupt += 1;
      else if (record === null) this.counters.skipped += 1;
      else this.readObject(record, line, outcome);
    }
    this.take(this.traces.decideReady(), outcome);
  }

  /** One `TracesData` or `LogsData` object (a line, or the whole document). */
  private readObject(record: Record<string, unknown>, line: number, outcome: Decided): void {
    const resourceSpans = Array.isArray(record.resourceSpans) ? record.resourceSpans : [];
    const resourceLogs = Array.isArray(record.resourceLogs) ? record.resourceLogs : [];
    if (resourceSpans.length === 0 && resourceLogs.length === 0) {
      this.counters.skipped += 1;
      return;
    }
    for (const entry of resourceSpans) {
      if (!isPlainObject(entry)) continue;
      const resource = readResource(entry.resource);
      if (resource.rejection) outcome.rejects.push({ line, ...resource.rejection });
      const scopes = Array.isArray(entry.scopeSpans) ? entry.scopeSpans : Array.isArray(entry.instrumentationLibrarySpans) ? entry.instrumentationLibrarySpans : [];
      for (const scope of scopes) {
        const spans = isPlainObject(scope) && Array.isArray(scope.spans) ? scope.spans : [];
        for (const span of spans) {
          if (!isPlainObject(span)) continue;
          const info = readSpan(span, resource, line);
          if (info === null) continue;
          this.counters.spans += 1;
          this.traces.add(info);
        }
      }
    }
    for (const entry of resourceLogs) {
      if (!isPlainObject(entry)) continue;
      const resource = attributeMap(isPlainObject(entry.resource) ? entry.resource.attributes : undefined);
      for (const scope of Array.isArray(entry.scopeLogs) ? entry.scopeLogs : []) {
        if (!isPlainObject(scope) || !Array.isArray(scope.logRecords)) continue;
        const scopeName = isPlainObject(scope.scope) && typeof scope.scope.name === 'string' ? scope.scope.name : null;
        for (const logRecord of scope.logRecords) {
          if (!isPlainObject(logRecord)) continue;
          try {
            const event = claudeCodeLogEvent(logRecord, resource, scopeName, line);
            if (event !== null) outcome.events.push(event);
          } catch (error) {
            if (error instanceof CellError) outcome.rejects.push({ line, column: error.column, reason: error.message });
            else if (error instanceof TokenError) outcome.rejects.push({ line, column: error.columns[0] ?? null, reason: error.message });
            else throw error;
          }
        }
      }
    }
  }

  private take(decided: Decided, into: Decided): void {
    into.events.push(...decided.events);
    into.rejects.push(...decided.rejects);
  }

  /** Skips events already counted elsewhere, and counts what goes out. */
  private counted(outcome: Decided): LineOutcome {
    if (outcome.events.length === 0 && outcome.rejects.length === 0) return nothing;
    const events: EventRecord[] = [];
    for (const event of outcome.events) {
      if (this.options.seen.seen(event.eventKey)) this.counters.duplicates += 1;
      else events.push(event);
    }
    this.counters.events += events.length;
    this.counters.rejected += outcome.rejects.length;
    const rejects: RawReject[] = outcome.rejects;
    return { events, rejects };
  }
}
