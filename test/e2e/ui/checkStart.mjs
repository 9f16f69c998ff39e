#!/usr/bin/env node
/**
 * Checks `npm start` (scripts/start.mjs) for real: starts it in its own process group on a free port,
 * opens the URL it prints in headless chromium, checks that the Agent Usage view shows the Top Agents
 * tree with data WITHOUT Load Sample (the snapshot written by dist/tools/demoDb.js was restored), opens the
 * reports panel, saves test-results/e2e/npm-start.png, then sends SIGINT to the group (what Ctrl+C
 * in a terminal does) and checks that code-server and all of its children are gone.
 *
 *   node test/e2e/ui/checkStart.mjs        (PASS/FAIL lines, then `N passed, M failed`;
 *                                           the outcomes also go to test-results/e2e-start.json)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, root } from '../../../scripts/codeServer.mjs';
import { writeResults } from '../../../scripts/testResults.mjs';
import { launchBrowser, log, runCommand, webviewFrame } from '../workbench.mjs';

const outDir = join(root, 'test-results/e2e');
const results = [];
const resultsFile = join(root, 'test-results/e2e-start.json');
let page;

async function check(name, body) {
  const started = Date.now();
  try {
    const detail = await body();
    results.push({ name, status: 'passed' });
    console.log(`PASS  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${detail ? ` — ${detail}` : ''}`);
    return true;
  } catch (error) {
    results.push({ name, status: 'failed' });
    const shot = join(outDir, 'npm-start-failure.png');
    await page?.screenshot({ path: shot }).catch(() => undefined);
    console.log(`FAIL  ${name}: ${String(error?.message ?? error).split('\n').slice(0, 6).join('\n      ')}`);
    return false;
  }
}

/**
 * Processes of the demo: code-server and every child inherit XDG_DATA_HOME=<root>/.vscode-test/start/xdg-data
 * from start.mjs, so they are found through /proc/<pid>/environ (command lines alone miss the extension host).
 */
function demoProcesses() {
  const marker = join(root, '.vscode-test/start');
  const found = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // zombie: already dead, waiting to be reaped
      if (environ.includes(marker)) found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 160)}`);
    } catch {
      // gone or not ours
    }
  }
  return found;
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const port = await freePort();
  const leftovers = demoProcesses();
  if (leftovers.length > 0) throw new Error(`an npm start demo is already running:\n${leftovers.join('\n')}`);
  // detached = own process group, like a shell job; SIGINT to the group = Ctrl+C
  const starter = spawn('npm', ['start', '--silent'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(port) } });
  let output = '';
  starter.stdout.on('data', (chunk) => (output += chunk));
  starter.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolveExit) => starter.on('exit', (code, signal) => resolveExit({ code, signal })));
  let context;
  const profile = mkdtempSync(join(tmpdir(), 'agent-usage-start-check-'));
  try {
    let url;
    await check('npm start builds, writes the snapshot and prints the URL', async () => {
      const end = Date.now() + 120_000;
      while (Date.now() < end && !url) {
        url = /^\s*(http:\/\/127\.0\.0\.1:\d+\/\S*)$/m.exec(output)?.[1];
        if (starter.exitCode !== null) throw new Error(`npm start exited with ${starter.exitCode}:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      if (!url) throw new Error(`no URL printed within 120 s:\n${output}`);
      const snapshot = /sample database: .*/.exec(output)?.[0];
      if (!snapshot) throw new Error(`no "sample database" line:\n${output}`);
      return `${snapshot.replace(root + '/', '')}; ${url}`;
    });
    if (!url) return;
    context = await launchBrowser(join(profile, 'chromium'), { width: 1400, height: 900 });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    log('workbench rendered');

    await check('the Agent Usage view shows the restored data (Top Agents, 10 items) without Load Sample', async () => {
      await page.locator('.part.activitybar a.action-label[aria-label="Agent Usage"]').click({ timeout: 60_000 });
      const rows = page.locator('.part.sidebar [role="tree"][aria-label="Top Agents"] .monaco-list-row .label-name');
      const end = Date.now() + 60_000;
      let labels = [];
      while (Date.now() < end && labels.length !== 10) {
        labels = await rows.allTextContents();
        if (labels.length !== 10) await page.waitForTimeout(250);
      }
      if (labels.length !== 10) throw new Error(`tree items: ${JSON.stringify(labels)}`);
      const status = (await page.locator('.part.statusbar [id="agent-usage.agent-usage-reports.agentUsage.today"]').textContent())?.trim();
      if (!/runs?\b/.test(status ?? '')) throw new Error(`status bar: ${status}`);
      return `${labels.slice(0, 3).join(', ')} …; status bar "${status}"`;
    });

    await check('Agent Usage: Open Reports shows the report; screenshot test-results/e2e/npm-start.png', async () => {
      await runCommand(page, 'Agent Usage: Open Reports', 60_000);
      const wv = webviewFrame(page);
      const rows = wv.locator('vscode-tab-panel[data-report="agents"] [data-testid="report-table"] .vt-body .vt-row');
      await rows.first().waitFor({ state: 'visible', timeout: 60_000 });
      await wv.locator('vscode-tab-panel[data-report="agents"] .kpis [data-kpi="runs"]').waitFor({ state: 'visible' });
      await wv.locator('vscode-tab-panel[data-report="agents"] .chart canvas').first().waitFor({ state: 'visible' });
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(outDir, 'npm-start.png') });
      return `${await rows.count()} rows`;
    });
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    await check('Ctrl+C (SIGINT to the process group) stops code-server and its children', async () => {
      try {
        process.kill(-starter.pid, 'SIGINT');
      } catch {
        // already gone
      }
      const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
      if (result === 'timeout') throw new Error('npm start did not exit within 20 s of SIGINT');
      let left = demoProcesses();
      for (let i = 0; i < 20 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        left = demoProcesses();
      }
      if (left.length > 0) {
        for (const line of left) {
          try {
            process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL'); // only the demo's own processes
          } catch {
            // gone
          }
        }
        throw new Error(`processes left behind:\n${left.join('\n')}`);
      }
      return `exit ${JSON.stringify(result)}, no processes left`;
    });
  }
}

main()
  .catch((error) => {
    console.log(`FAIL  harness: ${error?.stack ?? error}`);
    results.push({ name: 'harness', status: 'failed' });
  })
  .finally(() => {
    const summary = writeResults(resultsFile, results);
    console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
    process.exit(summary.success ? 0 : 1);
  });
