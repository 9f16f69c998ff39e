import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPlaces, describeScan, notFoundMessage, scanFailedMessage, scanProblemLines } from '../../../src/extension/localLogs/scanSummary';
import type { LocalScanSummary } from '../../../src/store/localScan';

const summary = (over: Partial<LocalScanSummary>): LocalScanSummary => ({
  sourceId: 'claude-code', label: 'Claude Code logs', files: 0, filesUnchanged: 0, filesRestarted: 0, longLinesSkipped: 0, rejects: [],
  lines: 0, imported: 0, replaced: 0, duplicates: 0, skipped: 0, corrupt: 0, rejected: 0, firstEventAt: null, lastEventAt: null, ...over,
});

describe('local log scan summary', () => {
  it('new requests, files, unchanged files and corrupt lines in one sentence, with thousands separators', () => {
    expect(describeScan(summary({ imported: 1234, files: 56, filesUnchanged: 12, corrupt: 3, skipped: 900, lines: 2137 }), ['/home/me/.claude'])).toEqual({
      severity: 'info',
      message: 'Claude Code logs: 1,234 new requests from 56 files (12 unchanged); 3 corrupt lines skipped.',
    });
  });

  it('singular nouns, and nothing about unchanged files when every file changed', () => {
    expect(describeScan(summary({ label: 'Codex CLI logs', imported: 1, files: 1 }), []).message).toBe('Codex CLI logs: 1 new request from 1 file.');
    expect(describeScan(summary({ imported: 0, files: 3, filesUnchanged: 3 }), []).message).toBe('Claude Code logs: 0 new requests from 3 files (3 unchanged).');
  });

  it('every other count, in a fixed order; rejected lines make it a warning and point to the output', () => {
    const rejects = [{ line: 4, column: 'message.usage.input_tokens', reason: 'expected a non-negative integer, got -5', file: '/logs/a.jsonl' }];
    expect(
      describeScan(summary({ imported: 10, files: 2, replaced: 2, duplicates: 1, filesRestarted: 1, corrupt: 1, rejected: 1, longLinesSkipped: 2, rejects }), ['/logs']),
    ).toEqual({
      severity: 'warning',
      message:
        'Claude Code logs: 10 new requests from 2 files; 2 requests replaced by a fuller copy; 1 duplicate copy skipped; ' +
        '1 file truncated or replaced, read again from the start; 1 corrupt line skipped; 1 line rejected; 2 over-long lines skipped ' +
        '(details in the Agent Usage output).',
    });
  });

  it('no files: says where it looked', () => {
    expect(describeScan(summary({ label: 'OpenTelemetry spans', files: 0 }), ['/tmp/a.json', '/tmp/b'])).toEqual({
      severity: 'info',
      message: 'OpenTelemetry spans: no log files in /tmp/a.json, /tmp/b.',
    });
  });

  it('problem lines name the file, line and column; control characters are escaped', () => {
    const rejects = [
      { line: 7, column: null, reason: 'not valid JSON', file: '/logs/x.jsonl' },
      { line: 9, column: 'timestamp', reason: 'bad \u001b[31mdate', file: '/logs/y.jsonl' },
    ];
    expect(scanProblemLines(summary({ rejects }))).toEqual(['  /logs/x.jsonl:7: not valid JSON', '  /logs/y.jsonl:9 column "timestamp": bad \\x1b[31mdate']);
  });

  it('where the default locations are looked for', () => {
    expect(defaultPlaces('claude-code', {}, '/home/me')).toEqual([join('/home/me', '.config', 'claude', 'projects'), join('/home/me', '.claude', 'projects')]);
    expect(defaultPlaces('claude-code', { CLAUDE_CONFIG_DIR: '/a, /b ,' }, '/home/me')).toEqual([join('/a', 'projects'), join('/b', 'projects')]);
    expect(defaultPlaces('codex', {}, '/home/me')).toEqual([join('/home/me', '.codex')]);
    expect(defaultPlaces('codex', { CODEX_HOME: ' /opt/codex ' }, '/home/me')).toEqual(['/opt/codex']);
    expect(notFoundMessage('codex', ['/home/me/.codex'])).toBe('No Codex CLI logs found (looked in /home/me/.codex). Choose the folder that holds them?');
    expect(notFoundMessage('claude-code', ['/x/projects', '/y/projects'])).toBe(
      'No Claude Code logs found (looked in /x/projects and /y/projects). Choose the folder that holds them?',
    );
  });

  it('failure text', () => {
    expect(scanFailedMessage('Codex CLI logs', new Error('EACCES: permission denied'))).toBe('Codex CLI logs: the scan failed, nothing was imported: EACCES: permission denied');
  });
});
