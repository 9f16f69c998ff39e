import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { listFiles, PackageManager } from '@vscode/vsce';
import { describe, expect, it } from 'vitest';
import { commandIds, exportCommandReports, panelViewType, testCommandIds, viewIds } from '../../../src/extension/commandIds';
import { reportSpecs } from '../../../src/shared/reports';
import { settingDefaults, topAgentMetrics, weekdays } from '../../../src/extension/settings/settingsModel';
import { timeframePresets } from '../../../src/core/timeframe';
import { costModes } from '../../../src/shared/results';
import { fetchSources } from '../../../src/sources/fetchSources';
import { baseUrlKey, fetchSettingDefaults, maxLateDays, optionKey } from '../../../src/extension/fetch/fetchSettingsModel';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const contributes = manifest.contributes;

describe('package.json manifest', () => {
  it('contributes exactly the commands the extension registers, all in the "Agent Usage" category', () => {
    const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(contributed).toEqual([...Object.values(commandIds), ...Object.keys(exportCommandReports)].sort());
    for (const command of contributes.commands) expect(command.category).toBe('Agent Usage');
    for (const hidden of Object.values(testCommandIds)) expect(JSON.stringify(contributes)).not.toContain(hidden);
  });

  it('contributes one export command per report spec, titled after the report', () => {
    const titles = new Map(contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
    expect(reportSpecs.length).toBeGreaterThan(0);
    for (const spec of reportSpecs) expect(titles.get(spec.export.command)).toBe(`Export ${spec.title} to CSV…`);
    expect(new Set(reportSpecs.map((spec) => spec.export.command)).size).toBe(reportSpecs.length);
  });

  it('hides showAgent and the tree sorts from the command palette', () => {
    expect(contributes.menus.commandPalette).toEqual(
      [commandIds.showAgent, commandIds.sortByRuns, commandIds.sortByCredits, commandIds.sortByTokens, commandIds.sortByErrorRate].map((command) => ({
        command,
        when: 'false',
      })),
    );
  });

  it('engine, entry and activation', () => {
    expect(manifest.engines.vscode).toBe('^1.100.0');
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.activationEvents).toContain('onWebviewPanel:agentUsage.reports');
    // VS Code ≥ 1.74 derives onView from the contributed view (and onCommand from contributed commands)
    expect(contributes.views[viewIds.container].map((view: { id: string }) => view.id)).toContain(viewIds.topAgents);
    expect(contributes.viewsWelcome[0].when).toBe('!agentUsage.hasData');
  });

  it('declares only the activation events VS Code cannot derive from the contributions', () => {
    // the status bar shows today's usage without any user action; restoring a reports panel after a
    // reload activates through onWebviewPanel (webview panels are not a contribution point)
    expect(manifest.activationEvents).toEqual(['onStartupFinished', `onWebviewPanel:${panelViewType}`]);
    expect(Number(/^\^1\.(\d+)\./.exec(manifest.engines.vscode)?.[1])).toBeGreaterThanOrEqual(74);
  });

  it('npm run package checks types and lint before it builds and packages', () => {
    const steps = manifest.scripts.package.split(' && ');
    expect(steps.slice(0, 3)).toEqual(['npm run typecheck', 'npm run lint', 'npm run build:prod']);
    expect(steps[3]).toMatch(/^vsce package /);
  });

  it('no Python byte code is committed', () => {
    const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n');
    expect(tracked.filter((file) => /(^|\/)__pycache__\/|\.pyc$/.test(file))).toEqual([]);
    expect(readFileSync('.gitignore', 'utf8').split('\n')).toContain('__pycache__/');
  });

  it('settings: defaults and enums match the settings model', () => {
    const p = contributes.configuration.properties;
    expect(p['agentUsage.timeZone'].default).toBe(settingDefaults.timeZone);
    expect(p['agentUsage.weekStart'].default).toBe(settingDefaults.weekStart);
    expect([...p['agentUsage.weekStart'].enum].sort()).toEqual([...weekdays].sort());
    expect(p['agentUsage.defaultTimeframe'].enum).toEqual([...timeframePresets]);
    expect(p['agentUsage.defaultTimeframe'].default).toBe(settingDefaults.defaultTimeframe);
    expect(p['agentUsage.exportFolder'].default).toBe(settingDefaults.exportFolder);
    expect(p['agentUsage.exportBom'].default).toBe(settingDefaults.exportBom);
    expect(p['agentUsage.topAgents.count'].default).toBe(settingDefaults.topAgentsCount);
    expect(p['agentUsage.topAgents.metric'].enum).toEqual([...topAgentMetrics]);
    expect(p['agentUsage.persistence.enabled'].default).toBe(true);
    expect(p['agentUsage.autoImport.files'].default).toEqual([]);
    expect(p['agentUsage.costMode'].enum).toEqual([...costModes]);
    expect(p['agentUsage.costMode'].default).toBe(settingDefaults.costMode);
    expect(p['agentUsage.priceOverrides'].default).toEqual(settingDefaults.priceOverrides);
    expect(p['agentUsage.localLogs.readOnStartup'].default).toBe(settingDefaults.localLogsReadOnStartup);
    expect(p['agentUsage.localLogs.watch'].default).toBe(settingDefaults.localLogsWatch);
    expect([p['agentUsage.localLogs.readOnStartup'].type, p['agentUsage.localLogs.watch'].type]).toEqual(['boolean', 'boolean']);
    const orders = Object.values(p).map((setting) => (setting as { order: number }).order);
    expect(orders).toEqual(orders.map((_, index) => index + 1));
    expect(p['agentUsage.fetch.autoRefreshMinutes'].default).toBe(fetchSettingDefaults.autoRefreshMinutes);
    expect(p['agentUsage.fetch.lateDays'].default).toBe(fetchSettingDefaults.lateDays);
    expect(p['agentUsage.fetch.lateDays'].maximum).toBe(maxLateDays);
    expect(p['agentUsage.fetch.experimental'].default).toBe(fetchSettingDefaults.experimental);
  });

  it('price overrides: a machine-overridable setting that an untrusted workspace cannot set', () => {
    expect(contributes.configuration.properties['agentUsage.priceOverrides'].scope).toBe('machine-overridable');
  });

  it('limited support in untrusted workspaces; folder, auto-import, price-override and log-watch settings restricted', () => {
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toEqual([
      'agentUsage.exportFolder', 'agentUsage.autoImport.files', 'agentUsage.priceOverrides', 'agentUsage.localLogs.watch',
      ...fetchSources.map((source) => `agentUsage.${baseUrlKey(source)}`),
    ]);
  });

  it('every fetch source of the registry has its base URL setting (empty default) and one setting per option', () => {
    const p = contributes.configuration.properties;
    for (const source of fetchSources) {
      expect(p[`agentUsage.${baseUrlKey(source)}`], source.id).toMatchObject({ type: 'string', default: '' });
      for (const option of source.options ?? []) expect(p[`agentUsage.${optionKey(source, option.name)}`], `${source.id} ${option.name}`).toMatchObject({ type: 'string' });
    }
    const fetchSettings = Object.keys(p).filter((key) => key.startsWith('agentUsage.fetch.'));
    const perSource = fetchSources.flatMap((source) => [baseUrlKey(source), ...(source.options ?? []).map((option) => optionKey(source, option.name))]);
    expect(fetchSettings.sort()).toEqual([...perSource, 'fetch.autoRefreshMinutes', 'fetch.lateDays', 'fetch.experimental'].map((key) => `agentUsage.${key}`).sort());
  });

  it('the local log imports are in the tree title overflow and the welcome view', () => {
    const logCommands = [commandIds.importClaudeCodeLogs, commandIds.importCodexLogs, commandIds.importOtelFile];
    const titles = new Map(contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
    expect(logCommands.map((id) => titles.get(id))).toEqual(['Import Claude Code Logs', 'Import Codex Logs', 'Import OpenTelemetry File…']);
    const overflow = contributes.menus['view/title'].filter((item: { command: string; group: string }) => logCommands.includes(item.command as never));
    expect(overflow.map((item: { group: string; when: string }) => [item.group, item.when])).toEqual([
      ['3_data@1', 'view == agentUsage.topAgents'],
      ['3_data@2', 'view == agentUsage.topAgents'],
      ['3_data@3', 'view == agentUsage.topAgents'],
    ]);
    for (const id of logCommands) expect(contributes.viewsWelcome[0].contents).toContain(`(command:${id})`);
  });

  it('.vscodeignore ships dist and media only', () => {
    const ignore = readFileSync('.vscodeignore', 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    for (const pattern of ['src/**', 'webview/**', 'test/**', 'node_modules/**', '.vscode-test/**', 'bench-data/**', '**/*.map']) expect(ignore).toContain(pattern);
    const shipped = ['dist/extension.js', 'dist/storeWorker.js', 'dist/scanWorker.js', 'dist/parseWorker.js', 'dist/figureWorker.js', 'dist/webview.js', 'dist/webview.css', 'dist/sql-wasm.wasm'];
    expect(ignore.filter((line) => line === 'dist/**' || shipped.includes(line) || line.startsWith('media'))).toEqual([]);
    expect(ignore.filter((line) => line.startsWith('dist/'))).toEqual(['dist/tools/**']);
  });

  it('the .vsix holds the extension, the CLI that "bin" names, and no tools, sources, tests or maps', async () => {
    // the unit suite's global setup has built dist/
    const files = await listFiles({ cwd: process.cwd(), packageManager: PackageManager.None });
    const bin = manifest.bin['agent-usage'].replace(/^\.\//, '');
    for (const file of [manifest.main.replace(/^\.\//, ''), 'dist/storeWorker.js', 'dist/scanWorker.js', 'dist/parseWorker.js', 'dist/figureWorker.js', 'dist/webview.js', 'dist/sql-wasm.wasm', bin, 'media/sample/events.csv']) {
      expect(files).toContain(file);
    }
    const unwanted = files.filter((file) => /^(src|webview|test|scripts|dist\/tools|node_modules|\.vscode-test)(\/|$)|\.map$|\.pyc$/.test(file));
    expect(unwanted).toEqual([]);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
