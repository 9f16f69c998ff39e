#!/usr/bin/env node
/**
 * Playwright UI tests of Agent Usage Reports in a real VS Code (code-server 4.100.3 = VS Code 1.100.3),
 * driven through headless Debian chromium with playwright-core. Usage (after `node esbuild.mjs`):
 *
 *   node test/e2e/ui/runUi.mjs
 *
 * One code-server (own process group, fresh temp user-data dir, free port) with a temp workspace
 * holding copies of test/fixtures/e2e/*.csv; the extension is loaded from this checkout through the
 * `extensionDevelopmentPath` workbench URL payload. One page, viewport 1400×900, en-US.
 * The checks (each prints PASS/FAIL with its time) run in "Default Light Modern"; then the theme is
 * switched to "Default Dark Modern" by rewriting the user settings.json (the workbench applies it live)
 * and the screenshots are taken again. Last, the fetch checks (fetchChecks.mjs: Set API Key…, Fetch Usage… and the
 * Usage by Model export against a loopback Anthropic usage server). Screenshots: test-results/e2e/<theme>-<tab>.png (the five reports and sources),
 * <theme>-agent-detail.png and <theme>-workbench.png; failures: test-results/e2e/failure-<n>.png.
 * The last line is `N passed, M failed`; every check's outcome goes to test-results/e2e-ui.json
 * (scripts/testResults.mjs); the exit code is 0 only when nothing failed.
 *
 * env: TOOLS, CHROMIUM, PORT, KEEP_WORK=1 (keep the scratch folder), VERBOSE=1 (browser console),
 *      OUT_DIR (test-results/e2e)
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { writeResults } from '../../../scripts/testResults.mjs';
import { loadColumns, sampleExpectations } from './expected.mjs';
import { fetchChecks, startUsageApi } from './fetchChecks.mjs';
import {
  codeServerBin, freePort, root, startCodeServer, stopGroup, waitForServer, workbenchSettings, workbenchUrl, writeSettings,
} from '../../../scripts/codeServer.mjs';
import { chromiumPath, elapsed, launchBrowser, log, runCommand, waitForNotification, webviewFrame } from '../workbench.mjs';

const outDir = resolve(process.env.OUT_DIR || join(root, 'test-results/e2e'));
const verbose = !!process.env.VERBOSE;
const themes = { light: 'Default Light Modern', dark: 'Default Dark Modern' };
const tabOrder = ['agents', 'users', 'user-usage', 'models', 'orgs'];
const statusBarId = 'agent-usage.agent-usage-reports.agentUsage.today';
const pinClockKey = 'ctrl+alt+shift+f9';

// ---- tiny check framework -------------------------------------------------------------------------

const results = [];
const resultsFile = join(root, 'test-results/e2e-ui.json');
const outcome = (result) => ({ name: result.name, status: result.ok ? 'passed' : result.skipped ? 'skipped' : 'failed' });
let page;
let aborted;

async function check(name, body, { critical = false } = {}) {
  if (aborted) {
    results.push({ name, ok: false, skipped: true });
    console.log(`SKIP  ${name} (after the failure of "${aborted}")`);
    return;
  }
  const started = Date.now();
  try {
    const detail = await body();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    results.push({ name, ok: true, seconds });
    console.log(`PASS  ${name} (${seconds} s)${detail ? ` — ${detail}` : ''}`);
  } catch (error) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    results.push({ name, ok: false, seconds });
    const shot = join(outDir, `failure-${results.length}.png`);
    await page?.screenshot({ path: shot }).catch(() => undefined);
    console.log(`FAIL  ${name} (${seconds} s): ${String(error?.message ?? error).split('\n').slice(0, 6).join('\n      ')}\n      screenshot: ${shot}`);
    if (critical) aborted = name;
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls `probe` until `ok(value)`; fails with the last value after `timeoutMs`. */
async function until(what, probe, ok = Boolean, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let last;
  let lastError;
  while (Date.now() < end) {
    try {
      last = await probe();
      lastError = undefined;
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? ` (${lastError.message.split('\n')[0]})` : ''}`);
}

const number = (text) => Number(String(text).replace(/[^\d.-]/g, ''));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// ---- webview helpers ------------------------------------------------------------------------------

let wv;
const panel = (report) => wv.locator(`vscode-tab-panel[data-report="${report}"]`);
const section = (report) => panel(report).locator('section.report');
const tableRows = (report) => panel(report).locator('[data-testid="report-table"] .vt-body .vt-row');
const headerLabels = (report) => panel(report).locator('[data-testid="report-table"] .vt-header .vt-label');
const kpiValue = (report, key) => panel(report).locator(`.kpis [data-kpi="${key}"] .kpi-value`);
const sourcesHeader = () => wv.locator('vscode-tab-header[data-tab="sources"]');
/** Source, location, rows, time range and last refresh of each line of the Sources tab. */
const sourceCells = () =>
  wv.locator('vscode-tab-panel[data-tab="sources"] tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td')).slice(0, 5).map((cell) => cell.textContent ?? '')));

/** First-column texts of the rendered rows (the table is virtualised: the visible rows plus overscan). */
async function firstCells(report) {
  return tableRows(report).evaluateAll((rows) => rows.map((row) => row.querySelector('.vt-cell')?.textContent ?? ''));
}

/** Settled = not busy, the row-count line and the number of rendered rows agree. */
async function settledRows(report) {
  const busy = await section(report).getAttribute('aria-busy');
  const countText = (await panel(report).locator('[data-testid="row-count"]').textContent()) ?? '';
  const rendered = await tableRows(report).count();
  if (busy === 'true' || !/\d/.test(countText)) return null;
  const count = number(countText);
  // virtualised: all rows when they fit, otherwise at least a screenful (never more rows than data)
  if (rendered > count || (count > 0 && rendered === 0) || (count <= 12 && rendered !== count)) return null;
  return count;
}

async function waitForRows(report, expected, what) {
  return until(what ?? `${report}: ${expected} rows`, () => settledRows(report), (count) => count !== null && (typeof expected === 'function' ? expected(count) : count === expected));
}

async function selectTab(report) {
  await wv.locator(`vscode-tab-header[data-report="${report}"]`).click();
  await until(`${report} panel visible`, () => panel(report).isVisible());
}

async function pickTimeframe(report, label) {
  const select = panel(report).locator('[data-testid="timeframe"]');
  await select.locator('.select-face').click();
  const option = select.locator('li.option', { hasText: label });
  await option.first().waitFor({ state: 'visible', timeout: 10_000 });
  await option.first().click();
  await until(`timeframe shows ${label}`, () => select.locator('.select-face .text').textContent(), (text) => text?.trim() === label, 10_000);
}

const agentsHeader = (label) =>
  panel('agents').locator('[data-testid="report-table"] .vt-header', { has: wv.locator('.vt-label', { hasText: new RegExp(`^${label}$`) }) });

/** Back to the Usage by Agent defaults (no search, Last 30 days, Runs ▼), so one failed check doesn't cascade. */
async function resetAgentsTab(expectedAgents) {
  await selectTab('agents');
  const input = panel('agents').locator('[data-testid="search"] input');
  if ((await input.inputValue()) !== '') await input.fill('');
  const face = (await panel('agents').locator('[data-testid="timeframe"] .select-face .text').textContent())?.trim();
  if (face !== 'Last 30 days') await pickTimeframe('agents', 'Last 30 days');
  for (let i = 0; i < 2 && (await agentsHeader('Runs').getAttribute('aria-sort')) !== 'descending'; i++) {
    await agentsHeader('Runs').click();
    await until('Runs sort', () => agentsHeader('Runs').getAttribute('aria-sort'), (value) => value !== null, 10_000);
    await page.waitForTimeout(200);
  }
  await waitForRows('agents', expectedAgents);
}

async function clearNotifications() {
  await runCommand(page, 'Notifications: Clear All Notifications', 20_000).catch(() => undefined);
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

/** Preferences: Color Theme → the theme (the quick pick previews and, on Enter, writes the user setting). */
async function switchTheme(themeName, workbenchClass) {
  await runCommand(page, 'Preferences: Color Theme', 30_000, { opensQuickPick: true });
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  // the picker lists "Default Dark Modern" as "Dark Modern"; a filter without a local match searches the (offline) marketplace
  const label = themeName.replace(/^Default /, '');
  await input.fill(label);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }),
  });
  await row.first().waitFor({ state: 'visible', timeout: 10_000 });
  await row.first().click();
  await until(`workbench theme ${themeName}`, () => page.locator('.monaco-workbench').getAttribute('class'), (cls) => ` ${cls} `.includes(` ${workbenchClass} `), 30_000);
}

// ---- scenario -------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(codeServerBin)) {
    console.error(`runUi: code-server not found at ${codeServerBin}; run \`bash scripts/setup-e2e.sh\``);
    process.exit(2);
  }
  if (!existsSync(chromiumPath)) {
    console.error(`runUi: chromium not found at ${chromiumPath}; run \`bash scripts/setup-e2e.sh\``);
    process.exit(2);
  }
  for (const file of ['dist/extension.js', 'dist/storeWorker.js', 'dist/sql-wasm.wasm', 'dist/webview.js', 'dist/webview.css']) {
    if (!existsSync(join(root, file))) {
      console.error(`runUi: ${file} is missing; run \`node esbuild.mjs\` first`);
      process.exit(2);
    }
  }
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) if (/^failure-\d+\.png$/.test(name)) rmSync(join(outDir, name));

  // The extension's clock is pinned (hidden test command, bound to a key below) to 09:00 UTC today: earlier
  // in the day than the sample's last event, so Load Sample must keep the data from reaching past "now".
  const pinnedNow = Date.parse(`${new Date().toISOString().slice(0, 10)}T09:00:00.000Z`);
  const expected = sampleExpectations(pinnedNow);
  const { reportColumns } = await loadColumns();

  const work = mkdtempSync(join(tmpdir(), 'agent-usage-ui-'));
  const userData = join(work, 'data');
  const workspace = join(work, 'ws');
  for (const dir of ['extensions', 'data/User', 'ws', 'chromium']) mkdirSync(join(work, dir), { recursive: true });
  const usageApi = await startUsageApi();
  const settings = (theme) => workbenchSettings({ 'workbench.colorTheme': theme, 'agentUsage.timeZone': 'UTC', ...usageApi.settings });
  writeSettings(userData, settings(themes.light));
  writeFileSync(join(userData, 'User/keybindings.json'), JSON.stringify([{ key: pinClockKey, command: 'agentUsage.__testSetClock', args: new Date(pinnedNow).toISOString() }]));
  const fixtures = join(root, 'test/fixtures/e2e');
  for (const name of readdirSync(fixtures)) {
    if (name.endsWith('.csv') && statSync(join(fixtures, name)).isFile()) copyFileSync(join(fixtures, name), join(workspace, name));
  }

  const port = Number(process.env.PORT || (await freePort()));
  const host = `127.0.0.1:${port}`;
  const logFile = join(work, 'code-server.log');
  const child = startCodeServer({ host, userDataDir: userData, extensionsDir: join(work, 'extensions'), configFile: join(work, 'config.yaml'), scratch: work, logFile });
  let context;
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await context?.close().catch(() => undefined);
      await stopGroup(child);
      await usageApi.close();
      if (process.env.KEEP_WORK === '1') log('kept', work);
      else rmSync(work, { recursive: true, force: true });
    })());
  // on (repeated) Ctrl+C: stop code-server's process group once, then exit
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void cleanup().then(() => process.exit(130)));

  try {
    await waitForServer(host, child, logFile);
    log(`code-server up on ${host}`);
    context = await launchBrowser(join(work, 'chromium'), { width: 1400, height: 900 });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    if (verbose) page.on('console', (message) => console.log('  [browser]', message.text()));
    page.on('pageerror', (error) => verbose && console.log('  [pageerror]', String(error).slice(0, 300)));
    await page.goto(workbenchUrl(host, workspace, root));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    log('workbench rendered');
    wv = webviewFrame(page);

    await check('command palette: Agent Usage: Load Sample Data, completion notification', async () => {
      // the status bar item exists once the extension is active, i.e. its test commands are registered
      await page.locator(`.part.statusbar [id="${statusBarId}"]`).waitFor({ state: 'attached', timeout: 60_000 });
      await page.keyboard.press('Control+Alt+Shift+F9');
      await runCommand(page, 'Agent Usage: Load Sample Data', 90_000);
      const text = await waitForNotification(page, /Import finished\./, 60_000);
      assert(/agents\.csv: 12 agents imported/.test(text) && /events\.csv: 4000 events imported/.test(text), `unexpected notification: ${text}`);
      return text;
    }, { critical: true });

    await check('Agent Usage: Open Reports shows Usage by Agent with 12 rows and KPI cards', async () => {
      await runCommand(page, 'Agent Usage: Open Reports', 30_000);
      await wv.locator('vscode-tabs').waitFor({ state: 'visible', timeout: 60_000 });
      const selected = await wv.locator('vscode-tab-header[active]').getAttribute('data-report').catch(() => null);
      assert(await panel('agents').isVisible(), `Usage by Agent is not the visible tab (active header: ${selected})`);
      await waitForRows('agents', expected.agentCount);
      assert((await tableRows('agents').count()) === 12, 'the table does not have 12 rows');
      const kpis = await panel('agents').locator('.kpis [data-kpi]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-kpi')));
      assert(same(kpis, ['runs', 'tokens', 'credits', 'costUsd', 'errorRate']), `KPI cards: ${kpis}`);
      const costLabel = (await panel('agents').locator('.kpis [data-kpi="costUsd"] .kpi-label').textContent())?.trim();
      assert(costLabel === 'Cost (USD, auto)', `cost KPI label: ${costLabel}`);
      const runs = await until('runs KPI', () => kpiValue('agents', 'runs').textContent(), (text) => number(text) === expected.last30.runs);
      return `12 rows, KPI runs ${runs}`;
    }, { critical: true });

    await check('each of the five tabs shows its own column headers and rows (User Usage: Today)', async () => {
      const seen = [];
      for (const report of [...tabOrder.slice(1), 'agents']) {
        await selectTab(report);
        await until(`${report} rows`, () => settledRows(report), (count) => count !== null && count > 0);
        const labels = (await headerLabels(report).allTextContents()).map((text) => text.trim());
        // costs are labelled with the cost mode, auto by default
        const want = reportColumns[report].map((column) => (column.costMode ? `${column.label} (USD, auto)` : column.label));
        assert(same(labels, want), `${report} headers ${JSON.stringify(labels)} ≠ ${JSON.stringify(want)}`);
        if (report === 'user-usage') {
          const face = (await panel(report).locator('[data-testid="timeframe"] .select-face .text').textContent())?.trim();
          assert(face === 'Today', `User Usage timeframe shows "${face}", not "Today"`);
          await waitForRows(report, expected.today.users, `User Usage today: ${expected.today.users} users`);
        }
        seen.push(`${report}=${await settledRows(report)}`);
      }
      return seen.join(', ');
    });

    await check('timeframe: Last 7 days vs Last 30 days changes the KPIs, a calendar day the rows', async () => {
      await selectTab('agents');
      await pickTimeframe('agents', 'Last 7 days');
      await until('Last 7 days runs KPI', () => kpiValue('agents', 'runs').textContent(), (text) => number(text) === expected.last7.runs);
      await waitForRows('agents', expected.last7.agents);
      await pickTimeframe('agents', 'Last 30 days');
      await until('Last 30 days runs KPI', () => kpiValue('agents', 'runs').textContent(), (text) => number(text) === expected.last30.runs);
      // a calendar day: the day before yesterday
      await pickTimeframe('agents', 'Calendar day…');
      const dayField = panel('agents').locator('[data-testid="timeframe-day"]');
      await dayField.waitFor({ state: 'visible' });
      const todayShown = await until('the day field shows today', () => dayField.evaluate((field) => field.value), (value) => /^\d{4}-\d{2}-\d{2}$/.test(value ?? ''));
      assert(todayShown === expected.today.day, `the day field shows ${todayShown}, not the pinned today ${expected.today.day}`);
      const day = expected.calendar.day;
      await dayField.locator('input').fill(day);
      await until(`rows of ${day}`, () => panel('agents').locator('.range-note').textContent(), (text) => text?.trim() === day, 15_000);
      await waitForRows('agents', expected.calendar.agents, `${day}: ${expected.calendar.agents} agents`);
      await until(`${day} runs KPI`, () => kpiValue('agents', 'runs').textContent(), (text) => number(text) === expected.calendar.runs);
      await pickTimeframe('agents', 'Last 30 days');
      await waitForRows('agents', expected.last30.agents);
      return `runs: last 7 days ${expected.last7.runs}, last 30 days ${expected.last30.runs}; ${day} (today ${todayShown}): ${expected.calendar.agents} agents, ${expected.calendar.runs} runs`;
    });

    await check('search narrows the table to the matching agents; clearing it restores all', async () => {
      await resetAgentsTab(expected.last30.agents);
      const input = panel('agents').locator('[data-testid="search"] input');
      await input.fill('Refactor');
      await waitForRows('agents', 1);
      const one = await firstCells('agents');
      assert(same(one, ['Refactor Agent']), `rows for "Refactor": ${JSON.stringify(one)}`);
      await input.fill('doc');
      await waitForRows('agents', 2);
      const two = (await firstCells('agents')).sort();
      assert(same(two, ['Data Pipeline Doctor', 'Docs Assistant']), `rows for "doc": ${JSON.stringify(two)}`);
      await input.fill('');
      await waitForRows('agents', expected.last30.agents);
      return `"Refactor" → ${one}; "doc" → ${two.join(', ')}`;
    });

    await check('clicking column headers sorts (Agent ▲, Agent ▼, Credits ▼, back to Runs ▼)', async () => {
      await resetAgentsTab(expected.last30.agents);
      const header = agentsHeader;
      const first = () => firstCells('agents');
      const order = async (label, want, sort) => {
        await header(label).click();
        await until(`${label} ${sort}`, () => header(label).getAttribute('aria-sort'), (value) => value === sort, 10_000);
        await until(`order by ${label} ${sort}`, first, (names) => same(names, want), 15_000);
      };
      const initial = await first();
      assert(same(initial, expected.last30.byRuns), `default order (runs ▼) ${JSON.stringify(initial)}`);
      await order('Agent', expected.last30.byName, 'ascending');
      await order('Agent', [...expected.last30.byName].reverse(), 'descending');
      await order('Credits', expected.last30.byCredits, 'descending');
      await order('Runs', expected.last30.byRuns, 'descending');
      return `first row: ${initial[0]} → ${expected.last30.byName[0]} → ${expected.last30.byName.at(-1)} → ${expected.last30.byCredits[0]} → ${expected.last30.byRuns[0]}`;
    });

    await check('clicking an agent row opens its detail (chart, models, users)', async () => {
      await resetAgentsTab(expected.last30.agents);
      const name = 'PR Reviewer';
      const agent = expected.last30.agent(name);
      await tableRows('agents').filter({ hasText: name }).first().click();
      const detail = panel('agents').locator('[data-testid="agent-detail"]');
      await detail.waitFor({ state: 'visible', timeout: 15_000 });
      await until('detail title', () => detail.locator('.detail-title').textContent(), (text) => text === name, 15_000);
      await until('detail loaded', () => detail.getAttribute('aria-busy'), (value) => value === null, 30_000);
      await detail.locator('.chart canvas').first().waitFor({ state: 'visible', timeout: 15_000 });
      const models = detail.locator('[aria-label="Models used by the agent"] .vt-body .vt-row');
      const users = detail.locator('[aria-label="Top users of the agent"] .vt-body .vt-row');
      await until('models rows', () => models.count(), (count) => count === agent.models.size, 15_000);
      await until('users rows', () => users.count(), (count) => count === Math.min(agent.users.size, 30) || count > 0, 15_000);
      const userCount = number(await detail.locator('.detail-section .section-count').nth(1).textContent());
      assert(userCount === agent.users.size, `users count ${userCount} ≠ ${agent.users.size}`);
      const subtitle = await detail.locator('.detail-subtitle').textContent();
      assert(subtitle === agent.id, `subtitle ${subtitle}`);
      return `${name} (${agent.id}): chart, ${agent.models.size} models, ${agent.users.size} users`;
    });

    await check('activity bar "Agent Usage": Top Agents tree lists 10 agents by runs', async () => {
      await page.locator('.part.activitybar a.action-label[aria-label="Agent Usage"]').click();
      const rows = page.locator('.part.sidebar [role="tree"][aria-label="Top Agents"] .monaco-list-row');
      const labels = await until('10 tree items', () => rows.locator('.label-name').allTextContents(), (list) => list.length === 10, 30_000);
      assert(same(labels, expected.last30.byRuns.slice(0, 10)), `tree ${JSON.stringify(labels)} ≠ ${JSON.stringify(expected.last30.byRuns.slice(0, 10))}`);
      const description = await page.locator('.part.sidebar .pane-header .description').first().textContent();
      return `${labels[0]} … ${labels[9]} (${description})`;
    });

    await check("status bar shows today's runs", async () => {
      const item = page.locator(`.part.statusbar [id="${statusBarId}"]`);
      const text = await until('status bar runs', () => item.textContent(), (value) => /runs?\b/.test(value ?? ''), 30_000);
      const runs = number(/([\d.,]+[KM]?)\s+runs?/.exec(text)?.[1] ?? 'NaN');
      assert(runs === expected.today.runs, `status bar "${text.trim()}": ${runs} runs ≠ ${expected.today.runs}`);
      return text.trim();
    });

    await check('Export to CSV: notification names usage-reports/…csv, the file exists with the header', async () => {
      await clearNotifications();
      await resetAgentsTab(expected.last30.agents);
      await panel('agents').locator('[data-testid="export"]').click();
      const text = await waitForNotification(page, /^Exported \d+ rows? of Usage by Agent to /, 30_000);
      const match = /to (usage-reports\/.+\.csv)\.$/.exec(text);
      assert(match, `notification "${text}" names no file under usage-reports/`);
      assert(text.startsWith(`Exported ${expected.last30.agents} rows`), text);
      const file = join(workspace, match[1]);
      assert(existsSync(file), `${file} does not exist`);
      const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
      const header = reportColumns.agents.map((column) => column.name).join(',');
      assert(lines[0] === header, `header ${lines[0]} ≠ ${header}`);
      assert(lines.length === expected.last30.agents + 1, `${lines.length - 1} data lines`);
      const status = await until('export status in the panel', () => panel('agents').locator('.export-status').textContent(), (value) => /^Exported/.test(value ?? ''), 10_000);
      return `${match[1]} (${lines.length - 1} rows); panel: "${status}"`;
    });

    await check('the Sources tab lists the sample data with its rows', async () => {
      await sourcesHeader().click();
      const cells = await until('the Sources list', () => sourceCells(), (list) => list.length > 0, 15_000);
      const want = [['Sample data', 'bundled with the extension', '4,000']];
      assert(same(cells.map((cell) => cell.slice(0, 3)), want), `sources ${JSON.stringify(cells)} ≠ ${JSON.stringify(want)}`);
      await selectTab('agents');
      return cells.map((cell) => cell.join(' | ')).join('; ');
    });

    for (const [theme, themeName] of Object.entries(themes)) {
      await check(`screenshots (${themeName}): five tabs, Sources, agent detail, workbench`, async () => {
        if (theme !== 'light') await switchTheme(themeName, 'vs-dark');
        const bodyClass = theme === 'light' ? 'vscode-light' : 'vscode-dark';
        await until(`webview body.${bodyClass}`, () => wv.locator('body').getAttribute('class'), (cls) => (cls ?? '').split(/\s+/).includes(bodyClass), 30_000);
        await clearNotifications();
        await resetAgentsTab(expected.last30.agents);
        const frame = page.locator('iframe.webview.ready');
        const files = [];
        const detail = panel('agents').locator('[data-testid="agent-detail"]');
        for (const report of tabOrder) {
          await selectTab(report);
          await until(`${report} rows`, () => settledRows(report), (count) => count !== null && count > 0);
          if (report === 'agents' && (await detail.isVisible())) {
            await panel('agents').locator('[data-testid="detail-close"]').click();
            await detail.waitFor({ state: 'hidden' });
          }
          await page.mouse.move(0, 0);
          await page.waitForTimeout(300); // chart redraw after a theme change / resize; the webview gives no signal
          const path = join(outDir, `${theme}-${report}.png`);
          await frame.screenshot({ path });
          files.push(path);
        }
        await sourcesHeader().click();
        await until('the Sources list', () => sourceCells(), (list) => list.length > 0, 15_000);
        await page.mouse.move(0, 0);
        const sourcesShot = join(outDir, `${theme}-sources.png`);
        await frame.screenshot({ path: sourcesShot });
        files.push(sourcesShot);
        await selectTab('agents');
        await tableRows('agents').filter({ hasText: 'Changelog Bot' }).first().click();
        await detail.locator('.chart canvas').first().waitFor({ state: 'visible', timeout: 15_000 });
        await until('detail loaded', () => detail.getAttribute('aria-busy'), (value) => value === null, 30_000);
        await page.waitForTimeout(300);
        const detailShot = join(outDir, `${theme}-agent-detail.png`);
        await frame.screenshot({ path: detailShot });
        await panel('agents').locator('[data-testid="detail-close"]').click();
        await until('status bar runs', () => page.locator(`[id="${statusBarId}"]`).textContent(), (value) => /runs?\b/.test(value ?? ''), 10_000);
        const workbenchShot = join(outDir, `${theme}-workbench.png`);
        await page.screenshot({ path: workbenchShot });
        files.push(detailShot, workbenchShot);
        return files.map((file) => relative(root, file)).join(' ');
      });
    }

    await fetchChecks({ page, check, assert, until, api: usageApi, workspace, columns: reportColumns.models });
  } catch (error) {
    console.log(`FAIL  harness: ${error?.stack ?? error}`);
    results.push({ name: 'harness', ok: false });
  } finally {
    if (results.some((result) => !result.ok)) {
      console.log('---- code-server.log (tail)');
      console.log(readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'));
    }
    await cleanup();
  }
  const summary = writeResults(resultsFile, results.map(outcome));
  log(`UI run finished in ${elapsed()} s`);
  console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests} failed${summary.numPendingTests ? `, ${summary.numPendingTests} skipped` : ''}`);
  process.exit(summary.success ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  writeResults(resultsFile, [{ name: `runUi: ${error?.message ?? error}`, status: 'failed' }]);
  process.exit(1);
});
