/**
 * Which spans of a trace become events, decided once the trace is complete enough. Usage is counted
 * where it is deepest: a span's usage counts only when none of its descendants (same trace, through the
 * `parentSpanId` chain) carries usage, so an `invoke_agent` span that repeats the sum of its model calls
 * is not counted twice, and neither is a framework's chat span wrapped around the provider's. A model
 * call (`chat`, `text_completion`, `embeddings`, `generate_content`) without usage still counts as a
 * request (a failed call, say), unless a span above it is counted for usage (it stands for its calls).
 *
 * Spans are held per trace until the trace's root (a span without parent) arrives, or the input ends;
 * file exporters write a span when it ends, so a root comes after its descendants. At most
 * `maxPendingSpans` spans are held (oldest traces are decided early beyond that), and they are part of
 * the carried state when a scan ends mid-trace. For the last `maxSettledTraces` decided traces the ids
 * above counted usage are remembered, so a span of such a trace arriving later is still not counted twice.
 */
import type { EventRecord } from '../normalise';
import type { RawReject } from '../rawRecord';
import { blankEvent } from './lineReader';
import { modelCallOperations, type SpanInfo, type SpanUser } from './otlpSpan';

export const otlpSourceId = 'otlp';

export interface SettledTrace {
  /** spans with a descendant that carries usage (ids of spans never seen included) */
  below: string[];
  /** spans whose usage was counted */
  counted: string[];
}

export interface TraceCounters {
  /** spans whose usage is their descendants' (an agent's sum of its model calls) */
  coveredByDescendants: number;
  /** spans below a span whose usage was already counted */
  coveredByCountedAncestor: number;
  /** traces decided before their root arrived because too many spans were held */
  decidedEarly: number;
}

export interface Decided {
  events: EventRecord[];
  rejects: RawReject[];
}

export class TraceBuffer {
  private readonly pending = new Map<string, SpanInfo[]>();
  private pendingCount = 0;
  private readonly settled = new Map<string, SettledTrace>();
  private readonly rootsArrived = new Set<string>();

  constructor(
    private readonly counters: TraceCounters,
    private readonly limits: { maxPendingSpans: number; maxSettledTraces: number },
    carried?: { pending: SpanInfo[]; settled: [string, SettledTrace][] },
  ) {
    for (const span of carried?.pending ?? []) this.add(span);
    for (const [traceId, trace] of carried?.settled ?? []) this.settled.set(traceId, trace);
  }

  add(span: SpanInfo): void {
    let spans = this.pending.get(span.traceId);
    if (spans === undefined) this.pending.set(span.traceId, (spans = []));
    spans.push(span);
    this.pendingCount += 1;
    if (span.parentId === null) this.rootsArrived.add(span.traceId);
  }

  /** Decides the traces whose root arrived, and the oldest ones while too many spans are held. */
  decideReady(): Decided {
    const decided: Decided = { events: [], rejects: [] };
    for (const traceId of this.rootsArrived) this.decide(traceId, decided);
    this.rootsArrived.clear();
    while (this.pendingCount > this.limits.maxPendingSpans) {
      const oldest = this.pending.keys().next().value as string;
      this.counters.decidedEarly += 1;
      this.decide(oldest, decided);
    }
    return decided;
  }

  decideAll(): Decided {
    const decided: Decided = { events: [], rejects: [] };
    for (const traceId of [...this.pending.keys()]) this.decide(traceId, decided);
    this.rootsArrived.clear();
    return decided;
  }

  exportState(): { pending: SpanInfo[]; settled: [string, SettledTrace][] } {
    return { pending: [...this.pending.values()].flat(), settled: [...this.settled.entries()] };
  }

  private decide(traceId: string, into: Decided): void {
    const spans = this.pending.get(traceId);
    if (spans === undefined) return;
    this.pending.delete(traceId);
    this.pendingCount -= spans.length;

    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const before = this.settled.get(traceId);
    const below = new Set(before?.below);
    const countedBefore = new Set(before?.counted);
    const ancestors = (span: SpanInfo): SpanInfo[] => {
      const chain: SpanInfo[] = [];
      for (let id = span.parentId; id !== null; ) {
        const parent = byId.get(id);
        if (parent === undefined || chain.length > byId.size) break;
        chain.push(parent);
        id = parent.parentId;
      }
      return chain;
    };
    // every id (of a span seen or not) with a descendant that carries usage; marking climbs until an id already marked
    for (const span of spans) {
      if (!span.hasUsage && !below.has(span.spanId)) continue;
      for (let id = span.parentId, steps = 0; id !== null && !below.has(id) && steps <= byId.size; steps += 1) {
        below.add(id);
        id = byId.get(id)?.parentId ?? null;
      }
    }

    const counted = [...countedBefore];
    for (const span of spans) {
      if (span.bare) continue;
      const isCall = modelCallOperations.has(span.operation ?? '');
      if (!span.hasUsage && !isCall) continue;
      if (below.has(span.spanId)) {
        if (span.hasUsage) this.counters.coveredByDescendants += 1;
        continue;
      }
      const chain = ancestors(span);
      const idsAbove = [span.parentId, ...chain.map((ancestor) => ancestor.parentId)];
      const countedAbove = (ancestor: SpanInfo) => ancestor.hasUsage === true && !below.has(ancestor.spanId);
      if (idsAbove.some((id) => id !== null && countedBefore.has(id)) || (!span.hasUsage && chain.some(countedAbove))) {
        this.counters.coveredByCountedAncestor += 1;
        continue;
      }
      if (span.rejection) {
        into.rejects.push({ line: span.line, column: span.rejection.column, reason: span.rejection.reason });
        continue;
      }
      into.events.push(toEvent(span, chain));
      if (span.hasUsage) counted.push(span.spanId);
    }

    this.settled.delete(traceId);
    this.settled.set(traceId, { below: [...below], counted });
    while (this.settled.size > this.limits.maxSettledTraces) this.settled.delete(this.settled.keys().next().value as string);
  }
}

function nearest<T>(span: SpanInfo, chain: readonly SpanInfo[], pick: (span: SpanInfo) => T | null | undefined): T | null {
  const own = pick(span);
  if (own !== null && own !== undefined) return own;
  for (const ancestor of chain) {
    const value = pick(ancestor);
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/** The agent is the span's own, else the nearest agent above it (an `invoke_agent` span), else the service. */
function toEvent(span: SpanInfo, chain: readonly SpanInfo[]): EventRecord {
  const event = blankEvent(span.line, `${otlpSourceId}:${span.traceId}:${span.spanId}`, span.ts!);
  const agentSpan = [span, ...chain].find((candidate) => candidate.agentId || candidate.agentName);
  event.agentId = agentSpan?.agentId ?? agentSpan?.agentName ?? span.serviceName ?? null;
  event.agentName = agentSpan?.agentName ?? event.agentId;
  event.sessionId = nearest(span, chain, (candidate) => candidate.conversationId);
  const user: SpanUser | null = nearest(span, chain, (candidate) => candidate.user) ?? span.resourceUser ?? null;
  event.userId = user?.id ?? null;
  event.userEmail = user?.email ?? null;
  event.model = span.model ?? null;
  event.provider = span.provider ?? null;
  event.latencyMs = span.latencyMs ?? null;
  event.status = span.error ? 'error' : 'ok';
  event.errorType = span.errorType ?? null;
  if (span.usage) {
    event.inputTokens = span.usage.input;
    event.cacheReadTokens = span.usage.cacheRead;
    event.cacheWriteTokens = span.usage.cacheWrite;
    event.outputTokens = span.usage.output;
    event.reasoningTokens = span.usage.reasoning;
  }
  return event;
}
