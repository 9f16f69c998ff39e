/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, pinnedNow, state } from './helpers';

suite('activation and manifest', () => {
  test('the extension activates (development/test mode)', async () => {
    const extension = await activate();
    assert.equal(extension.isActive, true);
    const s = await state();
    assert.match(s.extensionMode, /^(Test|Development)$/);
  });

  test('every command in package.json is registered, test hooks are hidden', async () => {
    const extension = await activate();
    const contributed = (extension.packageJSON.contributes.commands as { command: string; category: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
    assert.equal(contributed.length, 23);
    for (const hook of ['agentUsage.__testState', 'agentUsage.__testInjectMessage', 'agentUsage.__testSetClock', 'agentUsage.__testAnswerConfirm']) {
      assert.ok(registered.has(hook), `${hook} is registered`);
      assert.ok(!contributed.includes(hook), `${hook} is not contributed`);
    }
    for (const command of extension.packageJSON.contributes.commands as { category: string }[]) assert.equal(command.category, 'Agent Usage');
  });

  test('manifest: engine, activation, trust, settings', async () => {
    const { packageJSON } = await activate();
    assert.equal(packageJSON.engines.vscode, '^1.100.0');
    assert.ok(packageJSON.activationEvents.includes('onWebviewPanel:agentUsage.reports'));
    assert.equal(packageJSON.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(packageJSON.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      'agentUsage.exportFolder', 'agentUsage.autoImport.files', 'agentUsage.priceOverrides', 'agentUsage.localLogs.watch',
      'agentUsage.fetch.anthropic.baseUrl', 'agentUsage.fetch.anthropic-cost.baseUrl', 'agentUsage.fetch.anthropic-claude-code.baseUrl',
      'agentUsage.fetch.anthropic-users.baseUrl', 'agentUsage.fetch.openai.baseUrl', 'agentUsage.fetch.openai-cost.baseUrl',
      'agentUsage.fetch.langfuse.baseUrl', 'agentUsage.fetch.copilot.baseUrl', 'agentUsage.fetch.lyzr.baseUrl', 'agentUsage.fetch.litellm.baseUrl',
    ]);
    assert.deepEqual(Object.keys(packageJSON.contributes.configuration.properties), [
      'agentUsage.timeZone', 'agentUsage.weekStart', 'agentUsage.defaultTimeframe', 'agentUsage.exportFolder', 'agentUsage.exportBom',
      'agentUsage.topAgents.count', 'agentUsage.topAgents.metric', 'agentUsage.persistence.enabled', 'agentUsage.autoImport.files',
      'agentUsage.costMode', 'agentUsage.priceOverrides', 'agentUsage.localLogs.readOnStartup', 'agentUsage.localLogs.watch',
      'agentUsage.fetch.autoRefreshMinutes', 'agentUsage.fetch.lateDays', 'agentUsage.fetch.experimental',
      'agentUsage.fetch.anthropic.baseUrl', 'agentUsage.fetch.anthropic-cost.baseUrl', 'agentUsage.fetch.openai.baseUrl', 'agentUsage.fetch.openai-cost.baseUrl',
      'agentUsage.fetch.anthropic-claude-code.baseUrl', 'agentUsage.fetch.anthropic-users.baseUrl',
      'agentUsage.fetch.langfuse.baseUrl', 'agentUsage.fetch.langfuse.detail', 'agentUsage.fetch.copilot.baseUrl', 'agentUsage.fetch.copilot.githubOrg',
      'agentUsage.fetch.lyzr.baseUrl', 'agentUsage.fetch.lyzr.creditsDivisor', 'agentUsage.fetch.lyzr.usdPerCredit',
      'agentUsage.fetch.litellm.baseUrl', 'agentUsage.fetch.litellm.detail',
    ]);
  });

  test('starts empty, with the workspace time zone', async () => {
    const s = await state();
    assert.equal(s.hasData, false);
    assert.equal(s.eventCount, 0);
    assert.equal(s.persistence.restore, 'none');
    assert.equal(s.settings.timeZone, 'UTC');
    assert.deepEqual(s.settings.exportFolder, ['usage-reports']);
    assert.deepEqual(s.tree.items, []);
    assert.equal(s.statusBar.text, '$(pulse) Agent Usage');
  });

  test('the clock can be pinned for deterministic "today"', async () => {
    const now = await vscode.commands.executeCommand('agentUsage.__testSetClock', pinnedNow);
    assert.equal(now, Date.parse(pinnedNow));
  });
});
