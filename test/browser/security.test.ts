/** Hostile data renders as inert text; the page runs under its CSP without a single violation. */
import { describe, expect, it } from 'vitest';
import { reportIds, type ReportId, type ReportResult } from '../../src/protocol';
import { reportSpec } from '../../src/shared/reports';
import * as f from './fixtures';
import { choose, rowTexts, startPanel, useBrowser, view } from './harness';

const env = useBrowser();
const payloads = f.xssPayloads;

function hostileReport(id: ReportId): ReportResult {
  const columns = reportSpec(id).columns;
  return f.report(
    id,
    payloads.map((payload, i) => columns.map((column) => (column.kind === 'text' ? payload : column.kind === 'timestamp' ? payload : i + 1))),
  );
}

const hostileState = () =>
  f.hostState({
    timeZone: payloads[2]!, // not a zone: formatting must fall back, not break
    filterOptions: {
      ...f.filterOptions,
      agentTypes: payloads.slice(0, 5),
      models: payloads,
      creators: payloads.map((label, i) => ({ value: `user-${i}`, label })),
      agents: payloads.map((label, i) => ({ value: `agent-${i}`, label })),
      orgs: payloads.map((label, i) => ({ value: `org-${i}`, label, parent: null })),
    },
  });

/** Elements matching `selector` in the document and every (open) shadow root. */
function deepCount(selector: string): number {
  const all = (root: Document | ShadowRoot): Element[] => {
    const found = Array.from(root.querySelectorAll(selector));
    for (const element of Array.from(root.querySelectorAll('*'))) if (element.shadowRoot) found.push(...all(element.shadowRoot));
    return found;
  };
  return all(document).length;
}

describe('hostile data', () => {
  it('renders names, emails, models, org names, option labels, legends and errors as inert text', async () => {
    const host = await startPanel(env, {
      host: hostileState(),
      auto: {
        'report/get': (m) => hostileReport(m.query.report),
        'overview/get': (m) => ({ kpis: f.overview().kpis, series: m.splitBy ? f.series(10, payloads) : f.series(10) }),
        'agentDetail/get': (m) => ({
          agentId: m.agentId,
          series: f.series(10),
          models: hostileReport('models'),
          users: hostileReport('users'),
        }),
      },
    });
    const { page } = host;
    for (const id of reportIds) {
      await page.locator(`vscode-tab-header[data-report="${id}"]`).click();
      const table = view(page, id).getByTestId('report-table');
      await expect.poll(() => rowTexts(table).then((rows) => rows.length)).toBe(payloads.length);
      const rows = await rowTexts(table);
      reportSpec(id).columns.forEach((column, c) => {
        if (column.kind === 'text') expect(rows.map((row) => row[c]), `${id}.${column.name}`).toEqual(payloads);
      });
      // the 100 kB cell holds the whole string as text
      const big = await table.locator('.vt-rows .vt-row[data-index="5"] .vt-cell').first().evaluate((cell) => cell.textContent);
      expect(big).toBe(payloads[5]);
    }

    // filter option labels (light-DOM vscode-option text and the select's shadow-DOM list)
    const agents = view(page, 'agents');
    await page.locator('vscode-tab-header[data-report="agents"]').click();
    const modelOptions = await agents.locator('[data-filter=model] vscode-option').allTextContents();
    expect(modelOptions).toEqual(['All models', ...payloads]);
    const creatorOptions = await agents.locator('[data-filter=createdBy] vscode-option').allTextContents();
    expect(creatorOptions).toEqual(['Anyone', ...payloads]);
    await agents.locator('[data-filter=model]').click();
    const listed = await agents.locator('[data-filter=model]').getByRole('option').allTextContents();
    expect(listed.map((text) => text.trim())).toEqual(['All models', ...payloads.map((p) => p.trim())]);
    await page.keyboard.press('Escape');

    // chart legend (split by agent): labels as text, shortened
    await choose(agents.getByTestId('chart-split'), 'By agent');
    // (the first legend entry is the hovered time)
    await expect.poll(() => agents.locator('.u-legend .u-series').count()).toBe(payloads.length + 1);
    const legend = (await agents.locator('.u-legend .u-series .u-label').allTextContents()).slice(1);
    expect(legend).toHaveLength(payloads.length);
    legend.forEach((text, i) => expect(payloads[i]!.startsWith(text.replace(/…$/, ''))).toBe(true));

    // agent detail: title and its tables
    await agents.getByTestId('report-table').locator('.vt-rows .vt-row[data-index="0"]').click();
    const detail = agents.getByTestId('agent-detail');
    await expect.poll(() => detail.locator('.detail-title').textContent()).toBe(payloads[0]);
    await expect.poll(() => rowTexts(detail.locator('.vt').first()).then((rows) => rows.map((row) => row[0]))).toEqual(payloads);

    // error texts: a failed request and a failed export
    host.auto({ 'overview/get': () => Promise.reject(new Error('manual')) });
    host.drain();
    await choose(agents.getByTestId('timeframe'), 'Last week');
    const overview = await host.next('overview/get');
    await host.fail(overview, payloads[1]!);
    await expect.poll(() => agents.locator('.error-banner .error-text').textContent()).toBe(`Could not load the overview: ${payloads[1]}`);
    await agents.getByTestId('export').click();
    await host.fail(await host.next('export/request'), payloads[0]!);
    await expect.poll(() => agents.locator('.export-status').textContent()).toBe(`Export failed: ${payloads[0]}`);
    await host.page.locator('vscode-tab-header[data-report="users"]').click();
    await view(page, 'users').getByTestId('export').click();
    await host.reply(await host.next('export/request'), { fileName: payloads[1], rows: 2 });
    await expect.poll(() => view(page, 'users').locator('.export-status').textContent()).toBe(`Exported 2 rows to ${payloads[1]}`);

    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.evaluate(deepCount, 'img')).toBe(0);
    expect(await page.evaluate(deepCount, 'script')).toBe(1);
    expect(await page.evaluate(deepCount, '[onerror], [onload], [onclick], [onmouseover]')).toBe(0);
    expect(await host.cspViolations()).toEqual([]);
    expect(host.pageErrors).toEqual([]);
    await page.close();
  });
});

describe('content security policy', () => {
  it('renders every tab, the charts and the agent detail without a CSP violation', async () => {
    const host = await startPanel(env, {
      host: f.hostState(),
      auto: {
        'report/get': (m) => f.report(m.query.report),
        'overview/get': (m) => ({ kpis: f.overview().kpis, series: m.splitBy ? f.series(30, ['a', 'b', 'c']) : f.series() }),
        'agentDetail/get': (m) => f.agentDetail(m.agentId),
      },
    });
    const { page } = host;
    for (const id of reportIds) {
      await page.locator(`vscode-tab-header[data-report="${id}"]`).click();
      await expect.poll(() => view(page, id).getByTestId('row-count').textContent()).toBe('2 rows');
      await expect.poll(() => view(page, id).locator('.chart canvas').count()).toBeGreaterThan(0);
    }
    await page.locator('vscode-tab-header[data-report="agents"]').click();
    await choose(view(page, 'agents').getByTestId('chart-split'), 'By model');
    await choose(view(page, 'agents').getByTestId('timeframe'), 'Date range…');
    await view(page, 'agents').getByTestId('report-table').locator('.vt-rows .vt-row').first().click();
    await expect.poll(() => view(page, 'agents').getByTestId('agent-detail').locator('.vt-rows .vt-row').count()).toBeGreaterThan(0);
    await page.evaluate(() => {
      document.body.classList.replace('vscode-dark', 'vscode-light');
    });
    await page.waitForFunction(() => document.body.classList.contains('vscode-light'));
    // the policy in force is the one renderWebviewHtml wrote, first in <head>
    const meta = await page.evaluate(() => {
      const first = document.head.firstElementChild;
      return first?.getAttribute('http-equiv') === 'Content-Security-Policy' ? first.getAttribute('content') : null;
    });
    expect(meta).toMatch(/^default-src 'none'; script-src 'nonce-[\w-]{22,}'; style-src http:\/\/127\.0\.0\.1:\d+; img-src http:\/\/127\.0\.0\.1:\d+ data:; font-src http:\/\/127\.0\.0\.1:\d+;$/);
    expect(await host.cspViolations()).toEqual([]);
    expect(host.consoleErrors).toEqual([]);
    expect(host.pageErrors).toEqual([]);

    // positive control: the listener sees violations, and an injected inline script does not run
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__xss = "inline"';
      document.body.appendChild(script);
    });
    await expect.poll(async () => (await host.cspViolations()).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await page.close();
  });
});
