/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, state } from './helpers';

const items = async () => (await state()).tree.items.map((item) => [item.label, item.description]);

suite('Top Agents tree and status bar', () => {
  suiteSetup(activate);
  suiteTeardown(() => vscode.commands.executeCommand('agentUsage.topAgents.sortByRuns'));

  test('top agents of the last 30 days by runs (clock pinned to 2026-11-22 12:00 UTC)', async () => {
    const s = await state();
    assert.equal(s.tree.description, 'Last 30 days · by runs');
    assert.deepEqual(await items(), [
      ['PR Reviewer', '10 runs'],
      ['Support Triage', '8 runs'],
      ['=HYPERLINK("x")', '4 runs'],
      ['Docs Writer', '2 runs'],
    ]);
    assert.deepEqual(s.tree.items.map((item) => item.agentId), ['agt_review', 'agt_triage', 'agt_formula', 'agt_docs']);
  });

  test('sort by credits', async () => {
    await vscode.commands.executeCommand('agentUsage.topAgents.sortByCredits');
    assert.deepEqual(await items(), [
      ['PR Reviewer', '15.25 credits'],
      ['Support Triage', '13.85 credits'],
      ['Docs Writer', '9.2 credits'],
      ['=HYPERLINK("x")', '1.25 credits'],
    ]);
  });

  test('sort by tokens (input + output)', async () => {
    await vscode.commands.executeCommand('agentUsage.topAgents.sortByTokens');
    assert.deepEqual(await items(), [
      ['PR Reviewer', '15.5K tokens'],
      ['Support Triage', '15.2K tokens'],
      ['Docs Writer', '11.7K tokens'],
      ['=HYPERLINK("x")', '1.9K tokens'],
    ]);
  });

  test('sort by error rate', async () => {
    await vscode.commands.executeCommand('agentUsage.topAgents.sortByErrorRate');
    assert.deepEqual(await items(), [
      ['=HYPERLINK("x")', '25% errors'],
      ['PR Reviewer', '20% errors'],
      ['Support Triage', '12.5% errors'],
      ['Docs Writer', '0% errors'],
    ]);
    assert.equal((await state()).tree.description, 'Last 30 days · by error rate');
  });

  test('the count setting limits the list', async () => {
    await vscode.commands.executeCommand('agentUsage.topAgents.sortByRuns');
    const config = vscode.workspace.getConfiguration('agentUsage');
    await config.update('topAgents.count', 2, vscode.ConfigurationTarget.Workspace);
    try {
      assert.deepEqual(await items(), [
        ['PR Reviewer', '10 runs'],
        ['Support Triage', '8 runs'],
      ]);
    } finally {
      await config.update('topAgents.count', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test("status bar: today's runs, tokens and credits in the configured zone", async () => {
    const s = await state();
    assert.equal(s.statusBar.text, '$(pulse) 5 runs · 6.6K tokens · 6.2 credits');
    assert.equal(
      s.statusBar.tooltip,
      'Agent usage today (2026-11-22, UTC)\nRuns: 5\nTokens (input + output): 6,610\nCredits: 6.2\nClick to open the reports.',
    );
  });

  test('the status bar follows the day (next day has no runs)', async () => {
    await vscode.commands.executeCommand('agentUsage.__testSetClock', '2026-11-23T12:00:00.000Z');
    try {
      assert.equal((await state()).statusBar.text, '$(pulse) 0 runs · 0 tokens · 0 credits');
    } finally {
      await vscode.commands.executeCommand('agentUsage.__testSetClock', '2026-11-22T12:00:00.000Z');
    }
    assert.equal((await state()).statusBar.text, '$(pulse) 5 runs · 6.6K tokens · 6.2 credits');
  });
});
