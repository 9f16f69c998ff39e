import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/core/ingest/normalise';
import { EventBatchBuilder, replayEventBatch, type EventBatch } from '../../src/store/eventBatch';

/** A small deterministic generator, so a failure names a reproducible record. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function recordFrom(next: () => number, index: number): EventRecord {
  const maybe = <T>(value: T): T | null => (next() < 0.3 ? null : value);
  const text = (stem: string, kinds: number) => `${stem}-${Math.floor(next() * kinds)}`;
  return {
    kind: 'events', line: index + 1, eventKey: `claude-code:msg_${index}:req_${index}`, ts: 1_700_000_000_000 + Math.floor(next() * 1e10),
    orgId: maybe(text('org', 3)), orgName: maybe('Ünïcode org, "quoted"'), parentOrgId: maybe(text('parent', 2)),
    userId: maybe(text('user', 5)), userEmail: maybe(text('mail', 5)), userName: maybe(''), role: maybe('admin'),
    agentId: maybe(text('agent', 4)), agentName: maybe(text('Agent', 4)), agentType: maybe('claude-code'), agentCreatedBy: maybe(null),
    sessionId: maybe(text('session', 20)), model: maybe(text('claude', 3)), provider: maybe('anthropic'), project: maybe(text('/home/dev/p', 3)),
    requests: maybe(Math.floor(next() * 3)), inputTokens: maybe(Math.floor(next() * 2 ** 40)), outputTokens: maybe(0),
    cacheReadTokens: maybe(Number.MAX_SAFE_INTEGER), cacheWriteTokens: maybe(Math.floor(next() * 9000)),
    cacheWrite5mTokens: maybe(1), cacheWrite1hTokens: maybe(2), reasoningTokens: maybe(3),
    credits: maybe(next() * 100), costReportedUsd: maybe(0.1 + 0.2), latencyMs: maybe(-0), status: next() < 0.5 ? 'ok' : 'error',
    errorType: maybe('api_error'),
  };
}

type Op =
  | { write: EventRecord; source: string; replaceable: boolean }
  | { delete: string }
  | { reject: { line: number; column: string | null; reason: string } };

function replayAll(batches: EventBatch[]): Op[] {
  const ops: Op[] = [];
  for (const batch of batches) {
    replayEventBatch(batch, {
      write: (write, source, replaceable) => ops.push({ write, source, replaceable }),
      delete: (key) => ops.push({ delete: key }),
      reject: (line, column, reason) => ops.push({ reject: { line, column, reason } }),
    });
  }
  return ops;
}

function randomOps(seed: number): Op[] {
  const next = random(seed);
  const ops: Op[] = [];
  for (let index = 0; index < 1000; index++) {
    const pick = next();
    if (pick < 0.1) ops.push({ delete: `claude-code:msg_${index - 1}:req_${index - 1}` });
    else if (pick < 0.15) ops.push({ reject: { line: index + 2, column: next() < 0.5 ? null : 'input_tokens', reason: next() < 0.5 ? 'not a count: "x"' : 'bad quoting' } });
    else ops.push({ write: recordFrom(next, index), source: next() < 0.5 ? 'claude-code' : 'codex', replaceable: next() < 0.3 });
  }
  return ops;
}

/** The batches `builder` makes of `ops`; `taken` sees each as it is taken. */
function inBatches(builder: EventBatchBuilder, ops: readonly Op[], taken: (batch: EventBatch) => void = () => {}): EventBatch[] {
  const batches: EventBatch[] = [];
  const take = () => {
    const batch = builder.take();
    if (batch === null) return;
    batches.push(batch);
    taken(batch);
  };
  for (const op of ops) {
    if ('delete' in op) builder.delete(op.delete);
    else if ('reject' in op) builder.reject(op.reject.line, op.reject.column, op.reject.reason);
    else builder.write(op.write, op.source, op.replaceable);
    if (builder.full) take();
  }
  take();
  return batches;
}

describe('event batches between the scan thread and the store worker', () => {
  it('replays every write, delete and reject in order, each value as it was written, across full batches', () => {
    const sent = randomOps(42);
    expect(sent.filter((op) => 'reject' in op).length).toBeGreaterThan(20);
    expect(sent.filter((op) => 'write' in op && op.replaceable).length).toBeGreaterThan(100);
    const builder = new EventBatchBuilder(64);
    const batches = inBatches(builder, sent);
    expect(builder.take()).toBeNull();
    expect(batches.length).toBe(Math.ceil(sent.length / 64));
    const replayed = replayAll(batches);
    expect(replayed).toEqual(sent);
    // -0 and exact floats come back bit for bit (toEqual treats 0 and -0 alike)
    replayed.forEach((op, index) => {
      const original = sent[index]!;
      if ('write' in op && 'write' in original) {
        expect(Object.is(op.write.latencyMs, original.write.latencyMs)).toBe(true);
        expect(op.write.costReportedUsd).toBe(original.write.costReportedUsd);
      }
    });
  });

  it('writes a later batch into a buffer handed back, and replays it as if the buffer were new', () => {
    // deletes and rejects fill fewer slots than a write: what an earlier batch left in the others must not show
    const sent = randomOps(9);
    const builder = new EventBatchBuilder(64);
    const replayed: Op[] = [];
    const buffers = new Set<ArrayBufferLike>();
    inBatches(builder, sent, (batch) => {
      buffers.add(batch.slots.buffer);
      replayed.push(...replayAll([batch]));
      builder.reuse(batch.slots.buffer as ArrayBuffer);
    });
    expect(replayed).toEqual(sent);
    // the first batch's buffer, then the one made for the second while the first was out, and no more
    expect(buffers.size).toBe(2);
    // a buffer of another size is not taken
    const other = new EventBatchBuilder(64);
    other.reuse(new ArrayBuffer(8));
    other.write(recordFrom(random(5), 0), 'codex');
    expect(other.take()!.slots.buffer.byteLength).toBeGreaterThan(8);
  });

  it('lists a repeated string once per batch, and every event key apart', () => {
    const builder = new EventBatchBuilder(100);
    const next = random(7);
    for (let index = 0; index < 100; index++) builder.write({ ...recordFrom(next, index), sessionId: 'one-session', model: 'claude-opus-4-6' }, 'claude-code');
    const batch = builder.take()!;
    expect(batch.texts.filter((text) => text === 'one-session')).toHaveLength(1);
    expect(batch.texts.filter((text) => text === 'claude-code')).toHaveLength(1);
    expect(batch.texts.filter((text) => text.startsWith('claude-code:msg_'))).toHaveLength(100);
  });

  it('refuses a value that is not a number rather than storing it as empty', () => {
    const builder = new EventBatchBuilder(4);
    const record = { ...recordFrom(random(1), 0), inputTokens: Number.NaN };
    expect(() => builder.write(record, 'claude-code')).toThrow(/inputTokens of event claude-code:msg_0:req_0 is not a number/);
  });

  it('refuses a batch whose slots or texts do not match its rows', () => {
    const builder = new EventBatchBuilder(4);
    builder.write(recordFrom(random(3), 0), 'claude-code');
    const batch = builder.take()!;
    expect(() => replayAll([{ ...batch, rows: 2 }])).toThrow(/2 rows/);
    expect(() => replayAll([{ ...batch, texts: [] }])).toThrow(/names text \d+ of 0/);
  });
});
