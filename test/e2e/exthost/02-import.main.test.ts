/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, fixtureFiles, state, workspaceUri } from './helpers';

interface Summary {
  file: string;
  kind: string;
  rowsRead: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejects: { line: number; column: string | null; reason: string }[];
  unknownColumns: string[];
}

async function importFiles(names: string[], options?: object): Promise<Summary[]> {
  return (await vscode.commands.executeCommand('agentUsage.importData', names.map((name) => workspaceUri(name)), options)) as Summary[];
}

suite('import', () => {
  suiteSetup(activate);

  test('a bad file fails with file, line and column, and changes nothing', async () => {
    const before = await state();
    await assert.rejects(importFiles(['bad-events.csv']), (error: Error) => {
      assert.equal(error.message, 'bad-events.csv:3: column "credits": expected a number, got abc');
      return true;
    });
    const after = await state();
    assert.equal(after.eventCount, 0);
    assert.equal(after.dataVersion, before.dataVersion, 'no data change was announced');
    const last = after.notifications.at(-1)!;
    assert.equal(last.severity, 'error');
    assert.equal(last.message, 'Import failed, nothing was imported: bad-events.csv:3: column "credits": expected a number, got abc');
  });

  test('several files are all or nothing: a failing second file rolls back the first', async () => {
    await assert.rejects(importFiles(['extra-events.csv', 'bad-events.csv']), /bad-events\.csv:3/);
    assert.equal((await state()).eventCount, 0);
  });

  test('a cancelled import changes nothing and says "cancelled" (info)', async () => {
    const controller = new AbortController();
    const running = importFiles(fixtureFiles, { signal: controller.signal });
    controller.abort();
    await assert.rejects(running, /cancelled/);
    const s = await state();
    assert.equal(s.eventCount, 0);
    assert.deepEqual(s.notifications.at(-1), { severity: 'info', message: 'Import cancelled; nothing was imported.' });
  });

  test('imports events, agents, users and organisations (kind detected) and shows the summary', async () => {
    const summaries = await importFiles(fixtureFiles);
    assert.deepEqual(
      summaries.map((s) => [s.file, s.kind, s.rowsRead, s.imported, s.duplicates, s.rejected, s.unknownColumns.length]),
      [
        ['events.csv', 'events', 32, 32, 0, 0, 0],
        ['agents.csv', 'agents', 5, 5, 0, 0, 0],
        ['users.csv', 'users', 5, 5, 0, 0, 0],
        ['orgs.csv', 'orgs', 3, 3, 0, 0, 0],
      ],
    );
    const s = await state();
    assert.equal(s.eventCount, 32);
    assert.equal(s.hasData, true);
    assert.deepEqual(s.notifications.at(-1), {
      severity: 'info',
      message:
        'Import finished. events.csv: 32 events imported. agents.csv: 5 agents imported. users.csv: 5 users imported. orgs.csv: 3 organisations imported.',
    });
  });

  test('importing the same events again skips them as duplicates', async () => {
    const [summary] = await importFiles(['events.csv']);
    assert.equal(summary!.imported, 0);
    assert.equal(summary!.duplicates, 32);
    assert.equal((await state()).eventCount, 32);
  });
});
