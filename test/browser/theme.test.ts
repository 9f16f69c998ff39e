/**
 * Themes: the panel takes its colours from VS Code's variables; the chart re-reads them when the body
 * class changes. Screenshots of every tab in light and dark (and high contrast) go to test-results/browser/.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reportIds, type ReportId } from '../../src/protocol';
import * as f from './fixtures';
import { root, setTheme, startPanel, themeVariables, useBrowser, view, type ThemeKind } from './harness';

const env = useBrowser();
const outDir = join(root, 'test-results', 'browser');
const auto = {
  'report/get': (m: { query: { report: ReportId } }) => f.report(m.query.report, m.query.report === 'agents' ? f.manyAgents(40).rows.map((row, i) => (i < 2 ? f.report('agents').rows[i]! : row)) : undefined),
  'overview/get': () => f.overview(),
  'agentDetail/get': (m: { agentId: string }) => f.agentDetail(m.agentId),
};

function hex(color: string): [number, number, number] {
  const value = Number.parseInt(color.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Pixels of the report chart's canvas that have exactly this colour. */
async function pixelsOf(page: Page, report: ReportId, color: string): Promise<number> {
  return view(page, report)
    .locator('.chart canvas')
    .first()
    .evaluate((canvas, rgb) => {
      const element = canvas as HTMLCanvasElement;
      const data = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) count++;
      return count;
    }, hex(color));
}

describe('themes', () => {
  it('re-reads the chart colours when the body class switches theme', async () => {
    const host = await startPanel(env, { theme: 'vscode-dark', host: f.hostState(), auto });
    const { page } = host;
    const dark = themeVariables['vscode-dark']['--vscode-charts-blue']!;
    const light = themeVariables['vscode-light']['--vscode-charts-blue']!;
    await expect.poll(() => pixelsOf(page, 'agents', dark)).toBeGreaterThan(100);
    expect(await pixelsOf(page, 'agents', light)).toBe(0);
    await setTheme(page, 'vscode-light');
    await expect.poll(() => pixelsOf(page, 'agents', light)).toBeGreaterThan(100);
    expect(await pixelsOf(page, 'agents', dark)).toBe(0);
    // the page background follows the theme variable (no colour of our own)
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await page.close();
  });

  for (const theme of ['vscode-light', 'vscode-dark'] as ThemeKind[]) {
    it(`screenshots every tab in ${theme}`, async () => {
      mkdirSync(outDir, { recursive: true });
      const host = await startPanel(env, { theme, host: f.hostState(), auto });
      const { page } = host;
      const name = theme.replace('vscode-', '');
      for (const id of reportIds) {
        await page.locator(`vscode-tab-header[data-report="${id}"]`).click();
        await expect.poll(() => view(page, id).locator('.chart canvas').count()).toBeGreaterThan(0);
        await expect.poll(() => view(page, id).getByTestId('row-count').textContent()).toMatch(/rows$/);
        await page.mouse.move(0, 0);
        const file = join(outDir, `${name}-${id}.png`);
        await page.screenshot({ path: file });
        expect(statSync(file).size).toBeGreaterThan(20_000);
      }
      // the agent detail, opened
      await page.locator('vscode-tab-header[data-report="agents"]').click();
      await view(page, 'agents').getByTestId('report-table').locator('.vt-rows .vt-row').first().click();
      await expect.poll(() => view(page, 'agents').getByTestId('agent-detail').locator('.vt-rows .vt-row').count()).toBeGreaterThan(1);
      const file = join(outDir, `${name}-agents-detail.png`);
      await page.screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(20_000);
      expect(await host.cspViolations()).toEqual([]);
      await page.close();
    });
  }

  it('screenshots high contrast and the no-data empty state', async () => {
    mkdirSync(outDir, { recursive: true });
    const host = await startPanel(env, { theme: 'vscode-high-contrast', host: f.hostState(), auto });
    await expect.poll(() => view(host.page, 'agents').locator('.chart canvas').count()).toBeGreaterThan(0);
    await host.page.screenshot({ path: join(outDir, 'high-contrast-agents.png') });
    expect(statSync(join(outDir, 'high-contrast-agents.png')).size).toBeGreaterThan(20_000);
    await host.page.close();

    const empty = await startPanel(env, { theme: 'vscode-light', host: f.hostState({ hasData: false }) });
    await expect.poll(() => view(empty.page, 'agents').locator('.empty-state').isVisible()).toBe(true);
    await empty.page.screenshot({ path: join(outDir, 'light-no-data.png') });
    expect(statSync(join(outDir, 'light-no-data.png')).size).toBeGreaterThan(5_000);
    await empty.page.close();
  });
});
