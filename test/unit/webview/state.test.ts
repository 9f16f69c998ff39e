import { describe, expect, it } from 'vitest';
import { defaultUiState, sanitizeTimeframe, sanitizeUiState, UiStore } from '../../../webview/state';
import { FakeHost } from './fakeHost';
import { reportIds } from '../../../src/shared/reports';

const dayTab = { filters: {}, search: '', granularity: 'day', metric: 'runs', split: 'none' };
/** Every tab per day, User Usage per hour (it opens on today). */
const defaults = Object.fromEntries(reportIds.map((id) => [id, id === 'user-usage' ? { ...dayTab, granularity: 'hour' } : dayTab]));

describe('webview UI state: restoring', () => {
  it('starts on Usage by Agent with every tab at its defaults (User Usage per hour)', () => {
    expect(defaultUiState()).toEqual({ version: 1, tab: 'agents', tabs: defaults });
    expect(sanitizeUiState(undefined)).toEqual({ version: 1, tab: 'agents', tabs: defaults });
  });

  it('keeps a valid state as it was', () => {
    const stored = {
      version: 1,
      tab: 'users',
      tabs: {
        ...defaults,
        users: {
          timeframe: { from: '2026-10-01', to: '2026-10-31' },
          filters: { orgId: 'org-eu', includeSubOrgs: true },
          search: 'ana',
          sort: { column: 'credits_consumed', direction: 'asc' },
          granularity: 'week',
          metric: 'credits',
          split: 'model',
        },
      },
      detailAgentId: 'agent-7',
    };
    expect(sanitizeUiState(stored)).toEqual(stored);
  });

  it('drops every tampered or outdated value and keeps the rest', () => {
    const restored = sanitizeUiState({
      version: 1,
      tab: 'nope',
      tabs: {
        agents: {
          timeframe: { day: 'yesterday' },
          search: 42,
          sort: { column: 'DROP TABLE', direction: 'up' },
          filters: { orgId: 7, model: 'gpt-4o', includeSubOrgs: 'yes', userId: 'u-1' },
          granularity: 'minute',
          metric: 'credits',
          split: 'agent',
        },
        orgs: { timeframe: 'last-2-days', filters: { includeSubOrgs: true, agentType: 'single_task' }, search: 'x'.repeat(1001) },
        models: 'not an object',
      },
      detailAgentId: '',
    });
    expect(restored.tab).toBe('agents');
    // model is a filter of Usage by Agent; userId is not, includeSubOrgs must be `true`
    expect(restored.tabs.agents).toEqual({ filters: { model: 'gpt-4o' }, search: '', granularity: 'day', metric: 'credits', split: 'agent' });
    // agentType is not a filter of Usage by Sub-Account; an over-long search is dropped
    expect(restored.tabs.orgs).toEqual({ filters: { includeSubOrgs: true }, search: '', granularity: 'day', metric: 'runs', split: 'none' });
    expect(restored.tabs.models).toEqual(defaults.models);
    expect(restored).not.toHaveProperty('detailAgentId');
  });

  it('ignores a state from another version or of another shape', () => {
    const fresh = { version: 1, tab: 'agents', tabs: defaults };
    expect(sanitizeUiState({ version: 2, tab: 'users', tabs: {} })).toEqual(fresh);
    expect(sanitizeUiState([1, 2])).toEqual(fresh);
    expect(sanitizeUiState('{"version":1}')).toEqual(fresh);
    expect(sanitizeUiState({ version: 1, tab: 'users', tabs: null })).toEqual({ ...fresh, tab: 'users' });
  });

  it('timeframes: presets, a day, a range (swapped when reversed); nothing else', () => {
    expect(sanitizeTimeframe('last-12-months')).toBe('last-12-months');
    expect(sanitizeTimeframe({ day: '2026-11-03' })).toEqual({ day: '2026-11-03' });
    expect(sanitizeTimeframe({ from: '2026-11-30', to: '2026-11-01' })).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(sanitizeTimeframe('toString')).toBeUndefined();
    expect(sanitizeTimeframe({ day: '2026-11-3' })).toBeUndefined();
    expect(sanitizeTimeframe({ from: '2026-11-01' })).toBeUndefined();
    expect(sanitizeTimeframe(null)).toBeUndefined();
  });
});

describe('webview UI state: the store', () => {
  it('reads the host state once and writes every change back', () => {
    const host = new FakeHost({ version: 1, tab: 'models', tabs: {} });
    const store = new UiStore(host);
    expect(store.state.tab).toBe('models');
    store.updateTab('models', (tab) => (tab.search = 'gpt'));
    expect(host.stored).toMatchObject({ version: 1, tab: 'models', tabs: { models: { search: 'gpt' } } });
    store.update((state) => (state.tab = 'orgs'));
    expect(host.stored).toMatchObject({ tab: 'orgs' });
    expect(store.tab('models').search).toBe('gpt');
  });

  it('the Sources tab is remembered like a report tab; an unknown tab falls back to Usage by Agent', () => {
    expect(new UiStore(new FakeHost({ version: 1, tab: 'sources', tabs: {} })).state.tab).toBe('sources');
    expect(new UiStore(new FakeHost({ version: 1, tab: 'source', tabs: {} })).state.tab).toBe('agents');
  });
});
