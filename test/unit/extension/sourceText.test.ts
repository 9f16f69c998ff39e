import { describe, expect, it } from 'vitest';
import { fileGoneMessage, removedMessage, removeQuestion, sourceName } from '../../../src/extension/sources/sourceText';
import type { SourceInfo } from '../../../src/shared/sources';

const source = (over: Partial<SourceInfo>): SourceInfo => ({
  id: 'claude-code', kind: 'local-logs', label: 'Claude Code logs', location: ['/home/me/.claude'], rows: 1234, firstEventAt: null, lastEventAt: null, lastRefreshAt: null, ...over,
});

describe('Sources actions text', () => {
  it('names a file source by its label and file name, other sources by their label', () => {
    expect(sourceName(source({}))).toBe('Claude Code logs');
    expect(sourceName(source({ id: 'file:/data/2026/usage.csv', kind: 'file', label: 'OpenAI usage export', location: ['/data/2026/usage.csv'] }))).toBe(
      'OpenAI usage export (usage.csv)',
    );
    expect(sourceName(source({ id: 'file:C:\\data\\usage.csv', kind: 'file', label: 'events (our columns)', location: ['C:\\data\\usage.csv'] }))).toBe(
      'events (our columns) (usage.csv)',
    );
    expect(sourceName(source({ label: 'bad\u202ename' }))).toBe('bad\\u202ename');
  });

  it('the Remove question names the source and its row count', () => {
    expect(removeQuestion(source({}))).toEqual({
      message: 'Remove Claude Code logs and its 1,234 rows from Agent Usage?',
      detail: 'The rows this source brought leave the reports; every other source stays. Your files are not touched.',
      action: 'Remove',
    });
    expect(removeQuestion(source({ rows: 1 })).message).toBe('Remove Claude Code logs and its 1 row from Agent Usage?');
  });

  it('outcomes', () => {
    expect(removedMessage(source({}), 1234)).toBe('Removed Claude Code logs: 1,234 rows.');
    expect(fileGoneMessage('/data/usage.csv')).toBe('/data/usage.csv is no longer there, so there is nothing to read again. Remove the source to drop its rows.');
  });
});
