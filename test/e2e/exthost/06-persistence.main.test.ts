/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { activate, novemberReports, state, waitFor, writeControl } from './helpers';

const settled = (x: Awaited<ReturnType<typeof state>>) => !x.persistence.pending && existsSync(x.persistence.snapshotPath);

suite('persistence (main phase)', () => {
  suiteSetup(activate);

  test('the debounced snapshot is written to globalStorage/usage.sqlite', async () => {
    const s = await waitFor('the snapshot file', state, settled);
    assert.ok(s.persistence.snapshotPath.startsWith(s.globalStorage));
    assert.ok(s.persistence.snapshotPath.endsWith('usage.sqlite'));
    assert.ok(s.persistence.saves >= 1);
    assert.equal(s.persistence.lastError, null);
  });

  test('turning persistence off deletes the snapshot; on writes it again', async () => {
    const config = vscode.workspace.getConfiguration('agentUsage');
    await config.update('persistence.enabled', false, vscode.ConfigurationTarget.Global);
    const off = await waitFor('the snapshot to be deleted', state, (x) => !x.persistence.enabled && !existsSync(x.persistence.snapshotPath));
    assert.equal(off.persistence.enabled, false);
    await config.update('persistence.enabled', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('the snapshot again', state, (x) => x.persistence.enabled && settled(x));
  });

  test('the output channel has no unexpected warnings or errors', async () => {
    const expected = [
      /^error: Import failed, nothing was imported: bad-events\.csv:3: column "credits"/,
      /^info: Import cancelled/,
      /^warning: Import finished\. openai-usage\.csv \(read as OpenAI usage export .*Skipped 2 files: exports\/README\.md/,
      /^warning: dropped an invalid message from the reports webview \(\d+ so far\)$/,
      /^error: Export of Usage by Agent failed: (invalid export options|Invalid day)/,
      /^warning: refused to remove a source the store does not have \(the Sources list sent an unknown id\)$/,
      // 05c-fetch: a wrong key and a fetch after Clear API Key…
      /^error: Anthropic Admin API usage: 127\.0\.0\.1:\d+\/v1\/organizations\/usage_report\/messages: HTTP 401: /,
      /^error: Anthropic Admin API usage has no API key yet\./,
    ];
    const unexpected = (await state()).logProblems.filter((line) => !expected.some((pattern) => pattern.test(line)));
    assert.deepEqual(unexpected, []);
  });

  test('record what the next window must see', async () => {
    // The web workbench saves its editor layout every 5 s; give it time to save the open reports
    // panel so the next window restores it through the serializer.
    await waitFor('the workbench to save its layout', state, (x) => x.panel.open && Date.now() - x.panel.openedAt! > 8000, 20_000);
    const s = await state();
    writeControl('globalStorage.txt', s.globalStorage);
    writeControl('before.json', JSON.stringify({ eventCount: s.eventCount, tree: s.tree.items, reports: await novemberReports() }));
  });
});
