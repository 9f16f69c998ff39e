/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activate, state, waitFor, workspaceUri } from './helpers';

suite('a corrupt snapshot, auto-import', () => {
  suiteSetup(activate);

  test('the corrupt snapshot is set aside with a warning and activation carries on', async () => {
    const s = await state();
    assert.equal(s.persistence.restore, 'corrupt');
    const aside = readdirSync(s.globalStorage).filter((name) => /^usage\.sqlite\.corrupt-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.test(name));
    assert.equal(aside.length, 1, `files: ${readdirSync(s.globalStorage).join(', ')}`);
    assert.match(readFileSync(join(s.globalStorage, aside[0]!), 'utf8'), /^this is not an SQLite database/);
    const warnings = s.notifications.filter((n) => n.severity === 'warning');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /^Agent Usage: the saved usage data could not be read and was moved aside to .*usage\.sqlite\.corrupt-.* Starting with no data\.$/);
  });

  test('agentUsage.autoImport.files were imported on activation (trusted workspace; a missing file is skipped)', async () => {
    const s = await state();
    assert.equal(s.eventCount, 2);
    assert.equal(s.hasData, true);
    assert.ok(s.notifications.some((n) => n.severity === 'info' && n.message === 'Import finished. auto-events.csv: 2 events imported.'));
    assert.equal(s.statusBar.text, '$(pulse) 0 runs · 0 tokens · 0 credits');
  });

  test('Load Sample imports the sample shifted so that its last day is today', async () => {
    const summaries = (await vscode.commands.executeCommand('agentUsage.loadSample', {})) as { kind: string; imported: number; lastEventAt: number | null }[];
    assert.deepEqual(summaries.map((x) => [x.kind, x.imported]), [['orgs', 4], ['users', 24], ['agents', 12], ['events', 4000]]);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(new Date(summaries[3]!.lastEventAt!).toISOString().slice(0, 10), today, 'the last sample day is today (UTC)');
    const s = await state();
    assert.equal(s.eventCount, 4002);
    assert.match(s.statusBar.text, /^\$\(pulse\) [\d.,K]+ runs? · [\d.,KM]+ tokens · [\d.,]+ credits$/);
    assert.equal(s.tree.items.length, 10, 'ten top agents of the last 30 days');
    await waitFor('a new snapshot', state, (x) => !x.persistence.pending && existsSync(x.persistence.snapshotPath));
  });

  test('skipBadRows imports the good rows and reports the bad ones with line and column', async () => {
    const [summary] = (await vscode.commands.executeCommand('agentUsage.importData', [workspaceUri('bad-events.csv')], { skipBadRows: true })) as {
      imported: number;
      rejected: number;
      rejects: unknown[];
    }[];
    assert.equal(summary!.imported, 2);
    assert.equal(summary!.rejected, 1);
    assert.deepEqual(summary!.rejects, [{ line: 3, column: 'credits', reason: 'expected a number, got abc' }]);
    const s = await state();
    assert.equal(s.eventCount, 4004);
    assert.deepEqual(s.notifications.at(-1), {
      severity: 'warning',
      message: 'Import finished. bad-events.csv: 2 events imported, 1 row rejected (line 3, column "credits": expected a number, got abc).',
    });
  });

  test('Clear Data empties everything (confirmation skipped by the test)', async () => {
    assert.equal(await vscode.commands.executeCommand('agentUsage.clearData', { confirm: true }), true);
    const s = await state();
    assert.equal(s.eventCount, 0);
    assert.equal(s.hasData, false);
    assert.deepEqual(s.tree.items, []);
    assert.equal(s.statusBar.text, '$(pulse) Agent Usage');
  });
});
