import { describe, expect, it } from 'vitest';
import { describeImport } from '../../../src/extension/import/importSummary';
import type { ImportSummary } from '../../../src/store/importer';

const summary = (over: Partial<ImportSummary>): ImportSummary => ({
  file: 'events.csv', format: 'csv', kind: 'events', recognisedAs: null, rowsRead: 0, imported: 0, updated: 0, duplicates: 0, skipped: 0, rejected: 0, rejects: [],
  firstEventAt: null, lastEventAt: null, unknownColumns: [], ...over,
});

describe('import summary message', () => {
  it('one line per file with kind-specific nouns', () => {
    expect(
      describeImport([
        summary({ file: 'data/events.csv', imported: 32, duplicates: 1 }),
        summary({ file: 'agents.csv', kind: 'agents', imported: 1 }),
        summary({ file: 'C:\\x\\orgs.csv', kind: 'orgs', imported: 3 }),
      ]),
    ).toEqual({
      severity: 'info',
      message: 'Import finished. events.csv: 32 events imported, 1 duplicate skipped. agents.csv: 1 agent imported. orgs.csv: 3 organisations imported.',
    });
  });

  it('rejected rows make it a warning and show the first three with line and column', () => {
    const rejects = [
      { line: 3, column: 'credits', reason: 'expected a number, got abc' },
      { line: 5, column: null, reason: 'expected 9 fields like the header, found 8' },
      { line: 9, column: 'timestamp', reason: 'required value is empty' },
      { line: 11, column: 'status', reason: 'unknown status' },
    ];
    expect(describeImport([summary({ imported: 10, rejected: 4, rejects, unknownColumns: ['foo', 'bar'] })])).toEqual({
      severity: 'warning',
      message:
        'Import finished. events.csv: 10 events imported, 4 rows rejected (line 3, column "credits": expected a number, got abc; line 5: expected 9 fields like the header, found 8; line 9, column "timestamp": required value is empty; … 1 more), ignored columns: foo, bar.',
    });
  });

  it('escapes control characters and summarises a long list of ignored columns', () => {
    const unknownColumns = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const rejects = [{ line: 2, column: 'model\u001b[2J', reason: 'bad \u0000 cell' }];
    const { message } = describeImport([summary({ file: 'ev\u001bil.csv', imported: 1, rejected: 1, rejects, unknownColumns })]);
    expect(message).toBe(
      'Import finished. ev\\x1bil.csv: 1 event imported, 1 row rejected (line 2, column "model\\x1b[2J": bad \\x00 cell), ignored columns: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 99990 more.',
    );
  });

  it('nothing imported', () => {
    expect(describeImport([])).toEqual({ severity: 'info', message: 'Nothing was imported.' });
  });

  it('a recognised export says what it was read as, rows it updated or left out, and the files a folder import skipped', () => {
    const recognisedAs = { id: 'openai-usage', label: 'OpenAI usage export', bucket: 'day' as const, notes: ['input included cache: converted'] };
    const read = summary({
      file: 'exports/usage.csv', recognisedAs, rowsRead: 31, imported: 29, updated: 2, skipped: 0,
      firstEventAt: Date.UTC(2026, 9, 1), lastEventAt: Date.UTC(2026, 9, 31, 12),
    });
    const cost = summary({ file: 'cost.csv', recognisedAs: { ...recognisedAs, id: 'openai-cost', label: 'OpenAI cost export', notes: [] }, rowsRead: 3, imported: 2, skipped: 1, firstEventAt: Date.UTC(2026, 9, 30), lastEventAt: Date.UTC(2026, 10, 2) });
    const skipped = [{ displayName: 'exports/notes.md', reason: 'not a data file' }];
    expect(describeImport([read, cost], skipped)).toEqual({
      severity: 'warning',
      message:
        'Import finished. usage.csv (read as OpenAI usage export · daily · 31 rows · 2026-10-01..31 (UTC) · input included cache: converted): ' +
        '29 events imported, 2 updated from a newer export. cost.csv (read as OpenAI cost export · daily · 3 rows · 2026-10-30..11-02 (UTC)): ' +
        '2 events imported, 1 empty row left out. Skipped 1 file: exports/notes.md (not a data file).',
    });
    expect(describeImport([], skipped)).toEqual({ severity: 'info', message: 'Nothing was imported. Skipped 1 file: exports/notes.md (not a data file).' });
  });
});
