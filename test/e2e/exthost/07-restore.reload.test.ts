/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, novemberReports, pinnedNow, readControl, state, waitFor, writeControl } from './helpers';

suite('persistence across a window reload', () => {
  suiteSetup(activate);

  test('the snapshot is restored on activation', async () => {
    const s = await state();
    assert.equal(s.persistence.restore, 'restored');
    assert.equal(s.hasData, true);
    writeControl('globalStorage.txt', s.globalStorage);
  });

  test('reports return the same rows as before the reload', async () => {
    const before = JSON.parse(readControl('before.json') ?? 'null') as { eventCount: number; tree: unknown; reports: unknown } | null;
    assert.ok(before, 'the main phase recorded control/before.json');
    await vscode.commands.executeCommand('agentUsage.__testSetClock', pinnedNow);
    const s = await state();
    assert.equal(s.eventCount, before.eventCount);
    assert.deepEqual(s.tree.items, before.tree);
    assert.deepEqual(await novemberReports(), before.reports);
  });

  test('the reports panel open at the end of the last session is restored by the serializer', async () => {
    const s = await waitFor('the restored panel', state, (x) => x.panel.open && x.panel.ready, 20_000);
    assert.equal(s.panel.readyCount, 1);
    assert.equal(s.panel.posted[0], 'init');
  });

  test('nothing is written back when nothing changed', async () => {
    const s = await state();
    assert.equal(s.persistence.saves, 0);
    assert.equal(s.persistence.pending, false);
  });
});
