import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../../src/protocol';
import { refreshText, shortenPath, sourceRow, timeRangeText } from '../../../webview/sourceRows';

const source = (over: Partial<SourceInfo>): SourceInfo => ({
  id: 'claude-code', kind: 'local-logs', label: 'Claude Code logs', location: ['/home/me/.claude'], rows: 1234,
  firstEventAt: Date.UTC(2026, 9, 31, 23, 30), lastEventAt: Date.UTC(2026, 10, 5, 1), lastRefreshAt: Date.UTC(2026, 10, 22, 9, 30, 15), ...over,
});

describe('Sources rows', () => {
  it('shortens a long path to its last segments that fit, keeping short ones whole', () => {
    expect(shortenPath('/home/me/.claude/projects/-home-me-app/abc.jsonl')).toBe('/home/me/.claude/projects/-home-me-app/abc.jsonl');
    expect(shortenPath('/home/someone/.claude/projects/-home-someone-code-app/0b1c2d3e.jsonl')).toBe('…/projects/-home-someone-code-app/0b1c2d3e.jsonl');
    expect(shortenPath('C:\\Users\\someone\\AppData\\Roaming\\exports\\usage-2026-11.csv')).toBe('…\\AppData\\Roaming\\exports\\usage-2026-11.csv');
    expect(shortenPath(`/data/${'x'.repeat(60)}.csv`)).toBe(`…/${'x'.repeat(60)}.csv`);
  });

  it('the days of its events in the panel zone, one day once, nothing without rows', () => {
    // 2026-10-31 23:30 UTC is already 1 November in Berlin (CET, +1 after 25 October)
    expect(timeRangeText(Date.UTC(2026, 9, 31, 23, 30), Date.UTC(2026, 10, 5, 1), 'UTC')).toBe('2026-10-31 – 2026-11-05');
    expect(timeRangeText(Date.UTC(2026, 9, 31, 23, 30), Date.UTC(2026, 10, 5, 1), 'Europe/Berlin')).toBe('2026-11-01 – 2026-11-05');
    expect(timeRangeText(Date.UTC(2026, 10, 5, 1), Date.UTC(2026, 10, 5, 22), 'UTC')).toBe('2026-11-05');
    expect(timeRangeText(null, null, 'UTC')).toBe('');
  });

  it('the last refresh to the minute in the panel zone; empty when unknown', () => {
    expect(refreshText(Date.UTC(2026, 10, 22, 9, 30, 15), 'UTC')).toBe('2026-11-22 09:30');
    expect(refreshText(Date.UTC(2026, 10, 22, 9, 30, 15), 'Asia/Kolkata')).toBe('2026-11-22 15:00');
    expect(refreshText(null, 'UTC')).toBe('');
  });

  it('a local log source: its folders, rows with separators, range, refresh, and what Refresh reads', () => {
    expect(sourceRow(source({ location: ['/home/me/.claude', '/home/me/.config/claude'] }), 'UTC')).toEqual({
      id: 'claude-code',
      label: 'Claude Code logs',
      where: '/home/me/.claude, /home/me/.config/claude',
      whereTitle: '/home/me/.claude\n/home/me/.config/claude',
      rows: '1,234',
      timeRange: '2026-10-31 – 2026-11-05',
      lastRefresh: '2026-11-22 09:30',
      canRefresh: true,
      refreshTitle: 'Read what is new in /home/me/.claude, /home/me/.config/claude',
    });
  });

  it('a file, the sample, and rows imported before sources were kept (no refresh, no known refresh time)', () => {
    const file = '/home/someone/Downloads/exports/openai/usage-2026-11-01-to-2026-11-30.csv';
    expect(sourceRow(source({ id: `file:${file}`, kind: 'file', label: 'OpenAI usage export', location: [file], rows: 31 }), 'UTC')).toMatchObject({
      where: '…/openai/usage-2026-11-01-to-2026-11-30.csv',
      whereTitle: file,
      rows: '31',
      canRefresh: true,
      refreshTitle: `Import ${file} again`,
    });
    expect(sourceRow(source({ id: 'sample', kind: 'sample', label: 'Sample data', location: ['/ext/media/sample'] }), 'UTC')).toMatchObject({
      where: 'bundled with the extension',
      whereTitle: '/ext/media/sample',
      refreshTitle: 'Load the sample data again',
      canRefresh: true,
    });
    expect(
      sourceRow(source({ id: 'untracked', kind: 'untracked', label: 'Imported before sources were kept', location: [], rows: 0, firstEventAt: null, lastEventAt: null, lastRefreshAt: null }), 'UTC'),
    ).toMatchObject({ where: '', whereTitle: '', rows: '0', timeRange: '', lastRefresh: '', canRefresh: false });
  });
});

describe('Sources rows: a fetched source', () => {
  const fetched = source({
    id: 'fetch:anthropic', kind: 'fetch', label: 'Anthropic Admin API usage', location: ['https://api.anthropic.com'], lastRefreshAt: Date.UTC(2026, 10, 22, 9, 30, 15),
    fetched: { last: { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1) }, through: Date.UTC(2026, 11, 1) },
  });

  it('shows its last fetch with the UTC days it asked for, and can be refreshed from the late days and since its furthest day', () => {
    expect(sourceRow(fetched, 'Asia/Kolkata')).toMatchObject({
      where: 'https://api.anthropic.com',
      // 09:30 UTC is 15:00 in Kolkata; the window stays in UTC days (30 November is the last day included)
      lastRefresh: '2026-11-22 15:00 (fetched 2026-11-01 – 2026-11-30 UTC)',
      canRefresh: true,
      refreshTitle: 'Fetch the recent days again (agentUsage.fetch.lateDays) and every day since 2026-12-01 (UTC)',
    });
  });

  it('one day once; a source fetched before windows were kept shows only its refresh time', () => {
    const oneDay = { ...fetched, fetched: { last: { from: Date.UTC(2026, 10, 5), to: Date.UTC(2026, 10, 6) }, through: Date.UTC(2026, 10, 6) } };
    expect(sourceRow(oneDay, 'UTC').lastRefresh).toBe('2026-11-22 09:30 (fetched 2026-11-05 UTC)');
    const { fetched: _, ...old } = fetched;
    expect(sourceRow(old, 'UTC')).toMatchObject({ lastRefresh: '2026-11-22 09:30', canRefresh: true, refreshTitle: 'Fetch the recent days again (agentUsage.fetch.lateDays)' });
  });
});
