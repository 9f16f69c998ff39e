import { describe, expect, it } from 'vitest';
import { isWatchedFile, localLogKindOf, targetKey, targetOf, watchFolders, watchTargets } from '../../../src/extension/localLogs/localLogTargets';
import type { SourceInfo } from '../../../src/shared/sources';

const source = (over: Partial<SourceInfo>): SourceInfo => ({
  id: 'claude-code', kind: 'local-logs', label: 'Claude Code logs', location: ['/home/me/.claude'], rows: 3, firstEventAt: 1, lastEventAt: 2, lastRefreshAt: 3, ...over,
});

describe('local log targets', () => {
  it('the kind of a local-logs source comes from its id; other sources have none', () => {
    expect(localLogKindOf(source({}))).toBe('claude-code');
    expect(localLogKindOf(source({ id: 'codex' }))).toBe('codex');
    expect(localLogKindOf(source({ id: 'otel:/tmp/a.json|/tmp/b.jsonl' }))).toBe('otel');
    expect(localLogKindOf(source({ id: 'file:/tmp/claude-code', kind: 'file' }))).toBeUndefined();
    expect(localLogKindOf(source({ id: 'claude-code', kind: 'file' }))).toBeUndefined();
    expect(localLogKindOf(source({ id: 'something-else' }))).toBeUndefined();
  });

  it('a target reads the roots the source was last scanned from', () => {
    expect(targetOf(source({ id: 'otel:/tmp/a.json|/tmp/b', location: ['/tmp/a.json', '/tmp/b'] }))).toEqual({ kind: 'otel', roots: ['/tmp/a.json', '/tmp/b'] });
    expect(targetOf(source({ location: [] }))).toBeUndefined();
    expect(targetOf(source({ id: 'sample', kind: 'sample', location: ['/ext/media/sample'] }))).toBeUndefined();
  });

  it('watches every local-logs source, plus the default locations of kinds not in the store yet', () => {
    const sources = [
      source({ location: ['/custom/claude'] }),
      source({ id: 'file:/tmp/usage.csv', kind: 'file', location: ['/tmp/usage.csv'] }),
      source({ id: 'otel:/tmp/spans.jsonl', location: ['/tmp/spans.jsonl'] }),
      source({ id: 'untracked', kind: 'untracked', location: [] }),
    ];
    expect(watchTargets(sources, { 'claude-code': ['/home/me/.claude'], codex: ['/home/me/.codex'] })).toEqual([
      { kind: 'claude-code', roots: ['/custom/claude'] },
      { kind: 'otel', roots: ['/tmp/spans.jsonl'] },
      { kind: 'codex', roots: ['/home/me/.codex'] },
    ]);
    expect(watchTargets([], { 'claude-code': [], codex: [] })).toEqual([]);
  });

  it('keys tell targets with other roots apart', () => {
    expect(targetKey({ kind: 'claude-code', roots: ['/a'] })).not.toBe(targetKey({ kind: 'claude-code', roots: ['/b'] }));
    expect(targetKey({ kind: 'claude-code', roots: ['/a'] })).toBe(targetKey({ kind: 'claude-code', roots: ['/a'] }));
  });

  it('which changed files matter: the ones a scan reads', () => {
    expect(isWatchedFile('claude-code', 'projects/-home-me-app/0b1c.jsonl')).toBe(true);
    expect(isWatchedFile('claude-code', 'projects/-home-me-app/0b1c.jsonl.tmp')).toBe(false);
    expect(isWatchedFile('claude-code', 'settings.json')).toBe(false);
    expect(isWatchedFile('codex', 'sessions/2026/11/22/rollout-1.jsonl')).toBe(true);
    expect(isWatchedFile('codex', 'history.json')).toBe(false);
    expect(['a.json', 'b.JSONL', 'c.ndjson', 'd.txt'].map((name) => isWatchedFile('otel', name))).toEqual([true, true, true, false]);
  });

  it('watches the folders a scan reads, not the caches beside them', () => {
    const folders = new Set(['/c/.claude', '/c/.claude/projects', '/x/.codex', '/x/.codex/sessions', '/y/codex']);
    const isDirectory = (path: string) => folders.has(path);
    expect(watchFolders('claude-code', '/c/.claude', isDirectory)).toEqual(['/c/.claude/projects']);
    expect(watchFolders('claude-code', '/c/.claude/projects', isDirectory)).toEqual(['/c/.claude/projects']);
    expect(watchFolders('codex', '/x/.codex', isDirectory)).toEqual(['/x/.codex/sessions']);
    expect(watchFolders('codex', '/y/codex', isDirectory)).toEqual(['/y/codex']);
    expect(watchFolders('otel', '/tmp/spans', isDirectory)).toEqual(['/tmp/spans']);
  });
});
