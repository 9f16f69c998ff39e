import { describe, expect, it } from 'vitest';
import { formatCompact, formatPercent, statusBarText, statusBarTooltip } from '../../../src/extension/statusBar/statusText';

describe('status bar text', () => {
  it('shows runs, tokens and credits', () => {
    expect(statusBarText({ runs: 5, tokens: 6610, credits: 6.2 })).toBe('$(pulse) 5 runs · 6.6K tokens · 6.2 credits');
    expect(statusBarText({ runs: 1, tokens: 950, credits: 0.125 })).toBe('$(pulse) 1 run · 950 tokens · 0.13 credits');
    expect(statusBarText({ runs: 12_345, tokens: 1_250_000, credits: 1234.5 })).toBe('$(pulse) 12.3K runs · 1.3M tokens · 1,234.5 credits');
  });

  it('leaves credits out when the data has none', () => {
    expect(statusBarText({ runs: 0, tokens: 0, credits: null })).toBe('$(pulse) 0 runs · 0 tokens');
  });

  it('leaves tokens out, never shows 0, when today\'s runs report none', () => {
    expect(statusBarText({ runs: 3, tokens: null, credits: 1.5 })).toBe('$(pulse) 3 runs · 1.5 credits');
    expect(statusBarText({ runs: 1, tokens: null, credits: null })).toBe('$(pulse) 1 run');
  });

  it('leaves runs out, never shows 0, when today\'s data gives no request count (bill lines only)', () => {
    expect(statusBarText({ runs: null, tokens: 6610, credits: null })).toBe('$(pulse) 6.6K tokens');
    expect(statusBarText({ runs: null, tokens: null, credits: null })).toBe('$(pulse) Agent Usage');
    expect(statusBarTooltip({ runs: null, tokens: null, credits: 2 }, '2026-11-22', 'UTC')).toBe(
      "Agent usage today (2026-11-22, UTC)\nRuns: — (today's data gives no request counts)\nTokens (input + output): — (not reported by today's runs)\n" +
        'Credits: 2\nClick to open the reports.',
    );
  });

  it('has a neutral text without data', () => {
    expect(statusBarText(undefined)).toBe('$(pulse) Agent Usage');
  });

  it('tooltip spells the figures out', () => {
    expect(statusBarTooltip({ runs: 1234, tokens: 6610, credits: 6.2 }, '2026-11-22', 'UTC')).toBe(
      'Agent usage today (2026-11-22, UTC)\nRuns: 1,234\nTokens (input + output): 6,610\nCredits: 6.2\nClick to open the reports.',
    );
    expect(statusBarTooltip(undefined, '', '')).toBe('Agent Usage: no usage data yet. Click to open the reports.');
  });

  it('tooltip says which figures today\'s runs do not report', () => {
    expect(statusBarTooltip({ runs: 3, tokens: null, credits: null }, '2026-11-22', 'UTC')).toBe(
      "Agent usage today (2026-11-22, UTC)\nRuns: 3\nTokens (input + output): — (not reported by today's runs)\n" +
        "Credits: — (not reported by today's runs)\nClick to open the reports.",
    );
  });

  it('number formats', () => {
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(15_480)).toBe('15.5K');
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatPercent(0)).toBe('0%');
  });
});
