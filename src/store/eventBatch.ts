/**
 * Events as a scan thread hands them to the store worker: a batch of rows in one Float64Array (moved to
 * the other thread, not copied) and a list of the strings the rows name, each repeated string (a session,
 * a model, a project) listed once. Copying an object per event and every property name of it through
 * structured clone cost the scan thread more than reading the JSON; the young objects it kept alive until
 * a batch left made the garbage collector copy them too.
 *
 * A row is an operation, in the order the reading thread decided them: write an event (its `source` column,
 * its fields, and whether a later export may replace it), delete the event a better copy superseded, or
 * reject a record (its line, column and reason), so that the store meets a bad row where the file has it.
 */
import type { EventRecord } from '../core/ingest/normalise';

const numberFields = [
  'line', 'ts', 'requests', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'cacheWrite5mTokens',
  'cacheWrite1hTokens', 'reasoningTokens', 'credits', 'costReportedUsd', 'latencyMs',
] as const satisfies readonly (keyof EventRecord)[];
const textFields = [
  'eventKey', 'orgId', 'orgName', 'parentOrgId', 'userId', 'userEmail', 'userName', 'role', 'agentId', 'agentName',
  'agentType', 'agentCreatedBy', 'sessionId', 'model', 'provider', 'project', 'status', 'errorType',
] as const satisfies readonly (keyof EventRecord)[];

// a field added to EventRecord and to neither list above fails to compile here
type Unlisted = Exclude<keyof EventRecord, (typeof numberFields)[number] | (typeof textFields)[number] | 'kind'>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** slots of a row: the operation, the source's text, then the number fields and the text fields */
const opSlot = 0;
const sourceSlot = 1;
const firstNumberSlot = 2;
const firstTextSlot = firstNumberSlot + numberFields.length;
const rowSlots = firstTextSlot + textFields.length;
const writeOp = 0;
const deleteOp = 1;
const replaceableWriteOp = 2;
const rejectOp = 3;
/** a reject's texts, in the slots of an event's first two texts */
const rejectReasonSlot = firstTextSlot;
const rejectColumnSlot = firstTextSlot + 1;
const lineSlot = firstNumberSlot;
/** an empty value: no valid count, amount or time is NaN, and no string's place is negative */
const none = Number.NaN;

export interface EventBatch {
  rows: number;
  slots: Float64Array;
  texts: string[];
}

/** Fills one batch at a time; `take` hands it over and starts the next. */
export class EventBatchBuilder {
  private slots: Float64Array;
  private rows = 0;
  private texts: string[] = [];
  private placeOf = new Map<string, number>();
  /** buffers of batches taken before, handed back by the thread that read them */
  private readonly spare: ArrayBuffer[] = [];

  constructor(readonly capacity: number) {
    this.slots = new Float64Array(capacity * rowSlots);
  }

  /**
   * A taken batch's buffer, back from the thread that replayed it: a later batch is written into it. A new buffer
   * for each batch was garbage of the reading thread until the store worker's collector ran, up to 100 MB of a
   * million-event import. Every slot a replay reads is written again first.
   */
  reuse(buffer: ArrayBuffer): void {
    if (buffer.byteLength === this.capacity * rowSlots * Float64Array.BYTES_PER_ELEMENT) this.spare.push(buffer);
  }

  get full(): boolean {
    return this.rows === this.capacity;
  }

  write(record: EventRecord, source: string, replaceable = false): void {
    const at = this.nextRow(replaceable ? replaceableWriteOp : writeOp);
    const slots = this.slots;
    slots[at + sourceSlot] = this.place(source);
    for (let field = 0; field < numberFields.length; field++) {
      const value = record[numberFields[field]!];
      if (Number.isNaN(value)) throw new Error(`${numberFields[field]} of event ${record.eventKey} is not a number`);
      slots[at + firstNumberSlot + field] = value === null ? none : value;
    }
    // the event key is the one text no other row repeats: listed without looking it up
    slots[at + firstTextSlot] = this.texts.push(record.eventKey) - 1;
    for (let field = 1; field < textFields.length; field++) {
      const value = record[textFields[field]!];
      slots[at + firstTextSlot + field] = value === null ? none : this.place(value);
    }
  }

  delete(eventKey: string): void {
    const at = this.nextRow(deleteOp);
    this.slots[at + firstTextSlot] = this.texts.push(eventKey) - 1;
  }

  reject(line: number, column: string | null, reason: string): void {
    const at = this.nextRow(rejectOp);
    this.slots[at + lineSlot] = line;
    this.slots[at + rejectColumnSlot] = column === null ? none : this.place(column);
    this.slots[at + rejectReasonSlot] = this.place(reason);
  }

  /** The batch so far (null when empty); its slots' buffer is the caller's to transfer. */
  take(): EventBatch | null {
    if (this.rows === 0) return null;
    const batch = { rows: this.rows, slots: this.slots.subarray(0, this.rows * rowSlots), texts: this.texts };
    const spare = this.spare.pop();
    this.slots = spare === undefined ? new Float64Array(this.capacity * rowSlots) : new Float64Array(spare);
    this.rows = 0;
    this.texts = [];
    this.placeOf = new Map();
    return batch;
  }

  private nextRow(op: number): number {
    if (this.full) throw new Error('event batch is full: take it first');
    const at = this.rows++ * rowSlots;
    this.slots[at + opSlot] = op;
    return at;
  }

  private place(text: string): number {
    let place = this.placeOf.get(text);
    if (place === undefined) {
      place = this.texts.push(text) - 1;
      this.placeOf.set(text, place);
    }
    return place;
  }
}

function textAt(batch: EventBatch, slot: number): string | null {
  const place = batch.slots[slot]!;
  if (Number.isNaN(place)) return null;
  const text = batch.texts[place];
  if (text === undefined) throw new Error(`event batch names text ${place} of ${batch.texts.length}`);
  return text;
}

function numberAt(batch: EventBatch, slot: number): number | null {
  const value = batch.slots[slot]!;
  return Number.isNaN(value) ? null : value;
}

/** Each field's slot in a row, by name (the order of the lists above). */
const slotOf = Object.fromEntries([
  ...numberFields.map((field, index) => [field, firstNumberSlot + index] as const),
  ...textFields.map((field, index) => [field, firstTextSlot + index] as const),
]) as Record<(typeof numberFields)[number] | (typeof textFields)[number], number>;
const s = slotOf;

export interface BatchHandler {
  write(record: EventRecord, source: string, replaceable: boolean): void;
  delete(eventKey: string): void;
  reject(line: number, column: string | null, reason: string): void;
}

/** The batch's operations in order. */
export function replayEventBatch(batch: EventBatch, handler: BatchHandler): void {
  if (batch.slots.length !== batch.rows * rowSlots) throw new Error(`event batch of ${batch.rows} rows has ${batch.slots.length} slots`);
  let at = 0;
  const text = (slot: number) => textAt(batch, at + slot);
  const num = (slot: number) => numberAt(batch, at + slot);
  for (let row = 0; row < batch.rows; row++) {
    at = row * rowSlots;
    const op = batch.slots[at + opSlot];
    if (op === rejectOp) {
      handler.reject(num(lineSlot)!, text(rejectColumnSlot), text(rejectReasonSlot)!);
      continue;
    }
    const eventKey = text(s.eventKey)!;
    if (op === deleteOp) {
      handler.delete(eventKey);
      continue;
    }
    // one literal: every record gets the same shape at once (a property added at a time made each a slow object)
    const record: EventRecord = {
      kind: 'events', line: num(s.line)!, eventKey, ts: num(s.ts)!,
      orgId: text(s.orgId), orgName: text(s.orgName), parentOrgId: text(s.parentOrgId),
      userId: text(s.userId), userEmail: text(s.userEmail), userName: text(s.userName), role: text(s.role),
      agentId: text(s.agentId), agentName: text(s.agentName), agentType: text(s.agentType), agentCreatedBy: text(s.agentCreatedBy),
      sessionId: text(s.sessionId), model: text(s.model), provider: text(s.provider), project: text(s.project),
      requests: num(s.requests), inputTokens: num(s.inputTokens), outputTokens: num(s.outputTokens),
      cacheReadTokens: num(s.cacheReadTokens), cacheWriteTokens: num(s.cacheWriteTokens),
      cacheWrite5mTokens: num(s.cacheWrite5mTokens), cacheWrite1hTokens: num(s.cacheWrite1hTokens),
      reasoningTokens: num(s.reasoningTokens), credits: num(s.credits), costReportedUsd: num(s.costReportedUsd),
      latencyMs: num(s.latencyMs), status: text(s.status) as EventRecord['status'], errorType: text(s.errorType),
    };
    handler.write(record, text(sourceSlot)!, op === replaceableWriteOp);
  }
}
