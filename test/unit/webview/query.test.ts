import { describe, expect, it } from 'vitest';
import type { ReportId } from '../../../src/protocol';
import { buildQuery, effectiveSort, effectiveTimeframe, hasActiveFilters } from '../../../webview/query';
import { defaultTabState, type TabState } from '../../../webview/state';
import { hostState } from './fakeHost';

const everyFilter = { agentType: 'multi_step', model: 'gpt-4o', createdBy: 'user-2', agentId: 'agent-1', userId: 'user-1', orgId: 'org-eu', includeSubOrgs: true };

function tab(report: ReportId, change: Partial<TabState> = {}): TabState {
  return { ...defaultTabState(report), ...change };
}

describe('webview query building', () => {
  it.each([
    ['agents', { agentType: 'multi_step', model: 'gpt-4o', createdBy: 'user-2', orgId: 'org-eu' }],
    ['users', { orgId: 'org-eu', includeSubOrgs: true }],
    ['user-usage', { orgId: 'org-eu' }],
    ['models', { orgId: 'org-eu' }],
    ['orgs', { orgId: 'org-eu', includeSubOrgs: true }],
  ] as const)('%s sends only its own filters', (report, expected) => {
    expect(buildQuery(report, tab(report, { filters: everyFilter }), hostState()).filters).toEqual(expected);
  });

  it('sends no filters, no search and no empty values when nothing is chosen', () => {
    expect(buildQuery('agents', tab('agents', { filters: { model: '', agentType: undefined }, search: '   ' }), hostState())).toEqual({
      report: 'agents',
      timeframe: 'last-30-days',
      sort: { column: 'total_runs', direction: 'desc' },
    });
  });

  it('trims the search and caps it at 1,000 characters', () => {
    expect(buildQuery('users', tab('users', { search: '  ana@example.com ' }), hostState()).search).toBe('ana@example.com');
    expect(buildQuery('users', tab('users', { search: `  ${'a'.repeat(1200)}` }), hostState()).search).toHaveLength(1000);
  });

  it('the default sort per report, the tab\u2019s own sort when set; Usage by Sub-Account keeps tree order', () => {
    expect(effectiveSort('agents', tab('agents'))).toEqual({ column: 'total_runs', direction: 'desc' });
    expect(effectiveSort('user-usage', tab('user-usage'))).toEqual({ column: 'total_tokens', direction: 'desc' });
    expect(effectiveSort('orgs', tab('orgs'))).toBeNull();
    expect(buildQuery('orgs', tab('orgs'), hostState())).not.toHaveProperty('sort');
    expect(buildQuery('models', tab('models', { sort: { column: 'model', direction: 'asc' } }), hostState()).sort).toEqual({ column: 'model', direction: 'asc' });
  });

  it('timeframe: the tab\u2019s choice, else today on User Usage and the host default elsewhere', () => {
    const host = hostState({ defaultTimeframe: 'last-3-months' });
    expect(effectiveTimeframe('agents', tab('agents'), host)).toBe('last-3-months');
    expect(effectiveTimeframe('user-usage', tab('user-usage'), host)).toBe('today');
    expect(effectiveTimeframe('agents', tab('agents'), undefined)).toBe('last-30-days');
    expect(buildQuery('models', tab('models', { timeframe: { day: '2026-11-03' } }), host).timeframe).toEqual({ day: '2026-11-03' });
  });

  it('"include sub-organisations" alone is no active filter', () => {
    expect(hasActiveFilters('users', tab('users', { filters: { includeSubOrgs: true } }))).toBe(false);
    expect(hasActiveFilters('users', tab('users', { filters: { orgId: 'org-eu' } }))).toBe(true);
    // a filter the report does not offer does not count
    expect(hasActiveFilters('models', tab('models', { filters: { agentType: 'multi_step' } }))).toBe(false);
  });
});
