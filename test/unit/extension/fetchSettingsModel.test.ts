import { describe, expect, it } from 'vitest';
import { offeredSources, parseBaseUrl, parseFetchSettings, secretKey } from '../../../src/extension/fetch/fetchSettingsModel';
import { cancelledMessage, failedMessage, fetchedMessage } from '../../../src/extension/fetch/fetchText';

describe('fetch settings', () => {
  it('defaults: auto-refresh off, 3 late days, experimental sources hidden', () => {
    expect(parseFetchSettings({})).toEqual({ autoRefreshMinutes: 0, lateDays: 3, experimental: false, problems: [] });
    expect(parseFetchSettings({ autoRefreshMinutes: 30, lateDays: 7, experimental: true })).toEqual({ autoRefreshMinutes: 30, lateDays: 7, experimental: true, problems: [] });
  });

  it('bad numbers fall back to the default and are named', () => {
    expect(parseFetchSettings({ autoRefreshMinutes: -5, lateDays: 2.5 })).toEqual({
      autoRefreshMinutes: 0, lateDays: 3, experimental: false,
      problems: [
        'agentUsage.fetch.autoRefreshMinutes must be a whole number from 0 to 1440; got -5, using 0',
        'agentUsage.fetch.lateDays must be a whole number from 1 to 90; got 2.5, using 3',
      ],
    });
    expect(parseFetchSettings({ lateDays: '3' }).problems).toEqual(['agentUsage.fetch.lateDays must be a whole number from 1 to 90; got "3", using 3']);
  });

  it('a base URL becomes its origin; empty means the provider; anything but http(s) is refused', () => {
    expect(parseBaseUrl('', 'fetch.litellm.baseUrl')).toEqual({});
    expect(parseBaseUrl(undefined, 'fetch.litellm.baseUrl')).toEqual({});
    expect(parseBaseUrl(' https://proxy.example.com:4000/some/path ', 'fetch.litellm.baseUrl')).toEqual({ baseUrl: 'https://proxy.example.com:4000' });
    expect(parseBaseUrl('file:///etc/passwd', 'fetch.litellm.baseUrl')).toEqual({ problem: 'agentUsage.fetch.litellm.baseUrl must be an http or https URL' });
    expect(parseBaseUrl('proxy:4000 x', 'fetch.litellm.baseUrl').problem).toMatch(/^agentUsage\.fetch\.litellm\.baseUrl /);
    expect(parseBaseUrl('not a url', 'fetch.litellm.baseUrl')).toEqual({ problem: 'agentUsage.fetch.litellm.baseUrl is not a URL: "not a url"' });
  });

  it('experimental sources are offered only when opted in; secrets are stored per source and credential', () => {
    const sources = [{ id: 'a' }, { id: 'lyzr', experimental: true }, { id: 'b', experimental: false }];
    expect(offeredSources(sources, false).map((s) => s.id)).toEqual(['a', 'b']);
    expect(offeredSources(sources, true).map((s) => s.id)).toEqual(['a', 'lyzr', 'b']);
    expect(secretKey('langfuse', 'secretKey')).toBe('agentUsage.fetch.langfuse.secretKey');
  });
});

describe('fetch texts', () => {
  const november = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1) };

  it('the summary names the source, the rows, the UTC days and what was replaced', () => {
    expect(fetchedMessage('Anthropic Admin API usage', november, { sourceId: 'fetch:anthropic', imported: 124, replaced: 3, duplicates: 0 })).toBe(
      'Anthropic Admin API usage: 124 rows for 2026-11-01..30 (UTC days), 3 earlier rows replaced',
    );
    expect(fetchedMessage('OpenAI Admin API costs', november, { sourceId: 'fetch:openai-cost', imported: 1, replaced: 0, duplicates: 0 })).toBe(
      'OpenAI Admin API costs: 1 row for 2026-11-01..30 (UTC days)',
    );
    expect(fetchedMessage('X', november, { sourceId: 'fetch:x', imported: 1200, replaced: 1, duplicates: 2 })).toBe(
      'X: 1,200 rows for 2026-11-01..30 (UTC days), 1 earlier row replaced, 2 rows repeated in the response, counted once',
    );
  });

  it('a failure keeps the error message but never a secret value; cancel says nothing was stored', () => {
    expect(failedMessage('Anthropic Admin API usage', new Error('HTTP 401 from /v1/organizations/usage_report/messages'), ['sk-ant-admin-secret'])).toBe(
      'Anthropic Admin API usage: HTTP 401 from /v1/organizations/usage_report/messages',
    );
    expect(failedMessage('S', new Error('bad key sk-ant-admin-secret here'), ['sk-ant-admin-secret'])).toBe('S: bad key [key] here');
    expect(cancelledMessage('S')).toBe('S: fetch cancelled, nothing stored.');
  });
});
