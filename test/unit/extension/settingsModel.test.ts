import { describe, expect, it } from 'vitest';
import { parseSettings, workspaceRelativeSegments } from '../../../src/extension/settings/settingsModel';

describe('settings', () => {
  it('defaults', () => {
    expect(parseSettings({}, 'Europe/Berlin')).toEqual({
      timeZone: 'Europe/Berlin',
      weekStartsOn: 1,
      defaultTimeframe: 'last-30-days',
      exportFolder: ['usage-reports'],
      exportBom: false,
      topAgentsCount: 10,
      topAgentsMetric: 'runs',
      persistenceEnabled: true,
      autoImportFiles: [],
      costMode: 'auto',
      priceOverrides: { byModel: new Map() },
      localLogsReadOnStartup: false,
      localLogsWatch: false,
      problems: [],
    });
  });

  it('reads every value', () => {
    const settings = parseSettings(
      {
        timeZone: ' America/New_York ',
        weekStart: 'sunday',
        defaultTimeframe: 'this-month',
        exportFolder: 'reports/usage',
        exportBom: true,
        topAgentsCount: 5,
        topAgentsMetric: 'errorRate',
        persistenceEnabled: false,
        autoImportFiles: ['data/events.csv', './agents.csv'],
        costMode: 'estimated',
        priceOverrides: { 'My-Model ': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3 } },
        localLogsReadOnStartup: true,
        localLogsWatch: true,
      },
      'UTC',
    );
    expect(settings).toEqual({
      timeZone: 'America/New_York',
      weekStartsOn: 0,
      defaultTimeframe: 'this-month',
      exportFolder: ['reports', 'usage'],
      exportBom: true,
      topAgentsCount: 5,
      topAgentsMetric: 'errorRate',
      persistenceEnabled: false,
      autoImportFiles: [['data', 'events.csv'], ['agents.csv']],
      costMode: 'estimated',
      priceOverrides: { byModel: new Map([['my-model', { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3 }]]) },
      localLogsReadOnStartup: true,
      localLogsWatch: true,
      problems: [],
    });
  });

  it('maps every weekday (and 0–6) to weekStartsOn', () => {
    const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    days.forEach((day, index) => expect(parseSettings({ weekStart: day }, 'UTC').weekStartsOn).toBe(index));
    expect(parseSettings({ weekStart: 6 }, 'UTC').weekStartsOn).toBe(6);
    expect(parseSettings({ weekStart: 'Saturday' }, 'UTC').weekStartsOn).toBe(6);
  });

  it('falls back and reports bad values', () => {
    const settings = parseSettings(
      { timeZone: 'Mars/Olympus', weekStart: 'someday', defaultTimeframe: 'forever', exportFolder: '../outside', topAgentsMetric: 'vibes', autoImportFiles: ['/etc/passwd', 'ok.csv', 7] },
      'Asia/Tokyo',
    );
    expect(settings.timeZone).toBe('Asia/Tokyo');
    expect(settings.weekStartsOn).toBe(1);
    expect(settings.defaultTimeframe).toBe('last-30-days');
    expect(settings.exportFolder).toEqual(['usage-reports']);
    expect(settings.topAgentsMetric).toBe('runs');
    expect(settings.autoImportFiles).toEqual([['ok.csv']]);
    expect(settings.problems).toEqual([
      'agentUsage.timeZone: "Mars/Olympus" is not an IANA time zone; using Asia/Tokyo',
      'agentUsage.exportFolder: "../outside" must be a folder inside the workspace; using usage-reports',
      'agentUsage.autoImport.files: "/etc/passwd" is not a file inside the workspace; skipped',
      'agentUsage.autoImport.files: "7" is not a file inside the workspace; skipped',
      'agentUsage.weekStart: "someday" is not a weekday; using monday',
      'agentUsage.defaultTimeframe: "forever" is not one of today, this-week, this-month, last-week, last-month, last-7-days, last-30-days, last-3-months, last-6-months, last-12-months, all-time; using last-30-days',
      'agentUsage.topAgents.metric: "vibes" is not one of runs, credits, tokens, errorRate; using runs',
    ]);
  });

  it('cost mode: one of reported, estimated, auto; anything else falls back to auto and is reported', () => {
    expect(['reported', 'estimated', 'auto'].map((costMode) => parseSettings({ costMode }, 'UTC').costMode)).toEqual(['reported', 'estimated', 'auto']);
    const bad = parseSettings({ costMode: 'Estimated' }, 'UTC');
    expect([bad.costMode, bad.problems]).toEqual(['auto', ['agentUsage.costMode: "Estimated" is not one of reported, estimated, auto; using auto']]);
  });

  it('price overrides: invalid entries are left out and named, valid ones kept', () => {
    const settings = parseSettings({ priceOverrides: { 'gpt-4o': { inputPerMTok: 2 }, mine: { inputPerMTok: 1, outputPerMTok: 2 } } }, 'UTC');
    expect([...settings.priceOverrides.byModel]).toEqual([['mine', { inputPerMTok: 1, outputPerMTok: 2 }]]);
    expect(settings.problems).toEqual(['agentUsage.priceOverrides: price override "gpt-4o": outputPerMTok is missing; left out']);
    expect(parseSettings({ priceOverrides: [1] }, 'UTC').problems).toEqual(['agentUsage.priceOverrides: price overrides must be an object of models, got a list; left out']);
  });

  it('clamps the top agents count to 1–100', () => {
    expect(parseSettings({ topAgentsCount: 0 }, 'UTC').topAgentsCount).toBe(1);
    expect(parseSettings({ topAgentsCount: 1000 }, 'UTC').topAgentsCount).toBe(100);
    expect(parseSettings({ topAgentsCount: 7.9 }, 'UTC').topAgentsCount).toBe(7);
  });

  it('an invalid machine zone falls back to UTC', () => {
    expect(parseSettings({}, 'Nowhere/Land').timeZone).toBe('UTC');
  });
});

describe('workspace-relative paths', () => {
  it('splits and normalises', () => {
    expect(workspaceRelativeSegments('usage-reports')).toEqual(['usage-reports']);
    expect(workspaceRelativeSegments('a\\b/./c/')).toEqual(['a', 'b', 'c']);
    expect(workspaceRelativeSegments('')).toEqual([]);
    expect(workspaceRelativeSegments('.')).toEqual([]);
  });

  it('refuses anything that could leave the folder', () => {
    for (const path of ['/abs', '\\\\server\\share', 'C:\\x', 'c:/x', '~/x', '..', 'a/../../b', 'a/..', 'x/na:me']) {
      expect(workspaceRelativeSegments(path), path).toBeUndefined();
    }
  });
});
