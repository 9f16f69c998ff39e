/**
 * One downloaded `users-1-day` report file (NDJSON, one object per user and day) as canonical events,
 * read by the same format as an imported report file (`copilot-metrics`), so a fetched day and an
 * imported file of that day give the same figures. A line that is not JSON or has a bad cell is an error
 * naming the link's path, the line and the field; it is never skipped.
 */
import { formatById } from '../../core/ingest/formats';
import { formatRecord } from '../../core/ingest/formats/toCanonical';
import { JsonRecordMapper } from '../../core/ingest/jsonRecords';
import type { EventRecord } from '../../core/ingest/normalise';
import { isReject } from '../../core/ingest/rawRecord';
import { FetchError } from '../http/types';

export const copilotFormatId = 'copilot-metrics';

/** `where` names the file in errors: the link's host and path, without the signed query */
export function reportFileEvents(text: string, where: string): EventRecord[] {
  const format = formatById(copilotFormatId);
  if (!format) throw new Error(`the ${copilotFormatId} format is not registered`);
  const mapper = new JsonRecordMapper({ sourceFormat: copilotFormatId }, 'jsonl');
  const events: EventRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content.trim() === '') return;
    const item = mapper.parse(content, line);
    const result = isReject(item) ? item : formatRecord(format, item, {});
    if (result === null) return;
    if (!Array.isArray(result)) {
      const column = result.column === null ? '' : `, field ${result.column}`;
      throw new FetchError(`${where} line ${result.line}${column}: ${result.reason}`, null);
    }
    for (const { event } of result) events.push({ ...event, line: 0, eventKey: `copilot:${event.eventKey}` });
  });
  return events;
}
