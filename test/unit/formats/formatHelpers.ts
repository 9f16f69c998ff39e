/** Shared by the export-format tests: write a generated file, import it for real, read the events back by name. */
import type { Database } from 'sql.js';
import { importFile, type ImportOptions, type ImportSummary } from '../../../src/store/importer';
import { openTestDb, rows, tempDir, type TempDir } from '../helpers/db';

export { rejection } from '../helpers/db';

/** CSV text from rows of cells, quoting like a spreadsheet export (CRLF unless told otherwise). */
export function csvText(header: readonly string[], body: readonly (readonly (string | number)[])[], options: { bom?: boolean; eol?: string } = {}): string {
  const quote = (cell: string | number) => {
    const text = String(cell);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const eol = options.eol ?? '\r\n';
  const lines = [header, ...body].map((cells) => cells.map(quote).join(','));
  return `${options.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`;
}

export interface FormatHarness {
  tmp: TempDir;
  /** a fresh, empty database for the next load: call in beforeEach */
  reset(): void;
  db(): Database;
  /** writes `text` as `name` in a temp folder and imports it into the current database */
  load(name: string, text: string, options?: ImportOptions): Promise<ImportSummary>;
  /** every event with its dimensions by name, ordered by time then key */
  events(): Record<string, unknown>[];
  /** column sums over all events (SQL SUM: null when every value is null) */
  totals(): Record<string, unknown>;
}

export function formatHarness(prefix: string): FormatHarness {
  const tmp = tempDir(prefix);
  let db: Database | undefined;
  const current = () => {
    if (!db) throw new Error('load a file first');
    return db;
  };
  return {
    tmp,
    reset() {
      db?.close();
      db = undefined;
    },
    db: current,
    async load(name, text, options = {}) {
      db ??= await openTestDb();
      return importFile(current(), tmp.file(name, text), { displayName: name, ...options });
    },
    events: () =>
      rows(current(), `
        SELECT e.source, strftime('%Y-%m-%dT%H:%M:%SZ', e.ts / 1000, 'unixepoch') AS ts, u.user_id, u.email AS user_email, a.agent_id,
               m.name AS model, e.provider, e.project, e.session_id, e.requests, e.input_tokens, e.output_tokens, e.cache_read_tokens,
               e.cache_write_tokens, e.cache_write_5m_tokens, e.cache_write_1h_tokens, e.reasoning_tokens, e.credits,
               e.cost_reported_usd, e.latency_ms, e.status, e.error_type
        FROM events e
        LEFT JOIN users u ON u.user_key = e.user_key
        LEFT JOIN agents a ON a.agent_key = e.agent_key
        LEFT JOIN models m ON m.model_key = e.model_key
        ORDER BY e.ts, e.event_key`),
    totals: () =>
      rows(current(), `
        SELECT COUNT(*) AS rows, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
               SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens,
               SUM(reasoning_tokens) AS reasoning_tokens, SUM(cost_reported_usd) AS cost_reported_usd
        FROM events`)[0]!,
  };
}

