#!/usr/bin/env node
/**
 * Extension-host tests in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, Node extension host),
 * driven by headless Debian chromium through playwright-core. Usage (after `node esbuild.mjs`):
 *
 *   node test/e2e/runExthost.mjs
 *
 * 1. bundles test/e2e/exthost/{index,*.test}.ts → out/e2e/exthost/ (cjs; vscode and mocha external)
 * 2. makes a scratch folder: a fresh user-data dir (settings that keep the welcome page and gallery
 *    away), a workspace with copies of test/fixtures/e2e/*.csv and `.vscode/settings.json`
 *    ({"agentUsage.timeZone": "UTC"}), and a control folder shared with the tests (E2E_CONTROL_DIR);
 *    CLAUDE_CONFIG_DIR and CODEX_HOME name (not yet existing) folders in it
 * 3. starts code-server in its own session / process group (detached = setsid)
 * 4. runs four phases, each a fresh page load of the workbench with
 *    ?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…/index.js]] and the same
 *    user-data dir, so the extension's globalStorage survives like across a window reload:
 *      main    — everything, ends with the database snapshot written to globalStorage
 *      reload  — the data is back (restored from the snapshot)
 *      corrupt — the runner overwrote the snapshot with garbage and configured agentUsage.autoImport.files
 *                first: snapshot set aside with a warning, auto-import runs, everything still works
 *      startup — the runner wrote a Claude Code folder into CLAUDE_CONFIG_DIR and turned on
 *                agentUsage.localLogs.readOnStartup: the logs are read on activation, quietly
 *    The tests of a phase are the files `*.<phase>.test.js`; mocha's output is printed.
 * 5. stops code-server's whole process group, writes every test's outcome to test-results/e2e-exthost.json
 *    (scripts/testResults.mjs; a phase that timed out or crashed without results counts as one failed
 *    test, a phase not run after a failure as one skipped) and exits with 0 only when every phase passed.
 *
 * env: TOOLS (.vscode-test/tools), CHROMIUM (/usr/bin/chromium), PORT (free port), PHASES (main,reload,corrupt,startup),
 *      PHASE_TIMEOUT_MS (120000), KEEP_WORK=1 (keep the scratch folder), VERBOSE=1 (all browser/workbench logs)
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { writeResults } from '../../scripts/testResults.mjs';
import {
  codeServerBin, freePort, require, root, startCodeServer, stopGroup, waitForServer, workbenchSettings, workbenchUrl, writeSettings,
} from '../../scripts/codeServer.mjs';
import { chromiumPath, elapsed, launchBrowser, log } from './workbench.mjs';

const phases = (process.env.PHASES || 'main,reload,corrupt,startup').split(',').map((phase) => phase.trim()).filter(Boolean);
const phaseTimeout = Number(process.env.PHASE_TIMEOUT_MS || 120_000);
const verbose = !!process.env.VERBOSE;
const resultsFile = join(root, 'test-results/e2e-exthost.json');

function fail(message) {
  console.error(`runExthost: ${message}`);
  process.exit(2);
}

async function bundleTests() {
  const { build } = require('esbuild');
  const source = join(root, 'test/e2e/exthost');
  const outdir = join(root, 'out/e2e/exthost');
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = readdirSync(source).filter((name) => name === 'index.ts' || name.endsWith('.test.ts')).map((name) => join(source, name));
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}

function scratch() {
  const work = mkdtempSync(join(tmpdir(), 'agent-usage-e2e-'));
  for (const dir of ['extensions', 'ws/.vscode', 'control', 'chromium']) mkdirSync(join(work, dir), { recursive: true });
  writeSettings(join(work, 'data'), workbenchSettings());
  const fixtures = join(root, 'test/fixtures/e2e');
  for (const name of readdirSync(fixtures)) {
    if (statSync(join(fixtures, name)).isFile() && !name.endsWith('.py')) copyFileSync(join(fixtures, name), join(work, 'ws', name));
  }
  writeFileSync(join(work, 'ws/.vscode/settings.json'), JSON.stringify({ 'agentUsage.timeZone': 'UTC' }, null, 2));
  return work;
}

/** Before the "corrupt" phase: overwrite the snapshot the earlier phases wrote with bytes that are no database. */
function corruptSnapshot(control) {
  const storageFile = join(control, 'globalStorage.txt');
  if (!existsSync(storageFile)) fail('the main phase did not record the globalStorage folder (control/globalStorage.txt)');
  const snapshot = join(readFileSync(storageFile, 'utf8').trim(), 'usage.sqlite');
  if (!existsSync(snapshot)) fail(`no snapshot to corrupt at ${snapshot}`);
  writeFileSync(snapshot, 'this is not an SQLite database\n'.repeat(100));
  log('corrupted', snapshot);
}

/** Before the "corrupt" phase: workspace files to import on activation (one of them missing). */
function configureAutoImport(workspace) {
  const settings = { 'agentUsage.timeZone': 'UTC', 'agentUsage.autoImport.files': ['auto-events.csv', 'missing.csv'] };
  writeFileSync(join(workspace, '.vscode/settings.json'), JSON.stringify(settings, null, 2));
}

/** An assistant message with usage as Claude Code writes it, for the "startup" phase. */
function claudeCodeLine(id, timestamp, input, output) {
  return JSON.stringify({
    type: 'assistant', sessionId: 'startup-session', cwd: '/home/me/app', timestamp, requestId: `req_${id}`,
    message: { id: `msg_${id}`, role: 'assistant', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: input, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
  });
}

/** Before the "startup" phase: three requests in CLAUDE_CONFIG_DIR, and the setting that reads them on start-up. */
function configureStartupRead(workspace, claudeConfig) {
  const project = join(claudeConfig, 'projects', '-home-me-app');
  mkdirSync(project, { recursive: true });
  const lines = [claudeCodeLine('s1', '2026-10-01T08:00:00.000Z', 10, 1), claudeCodeLine('s2', '2026-10-01T09:00:00.000Z', 20, 2), claudeCodeLine('s3', '2026-10-02T09:00:00.000Z', 30, 3)];
  writeFileSync(join(project, 'startup-session.jsonl'), `${lines.join('\n')}\n`);
  const settings = { 'agentUsage.timeZone': 'UTC', 'agentUsage.localLogs.readOnStartup': true };
  writeFileSync(join(workspace, '.vscode/settings.json'), JSON.stringify(settings, null, 2));
}

async function runPhase(context, host, phase, testsEntry, workspace, control, claudeConfig) {
  writeFileSync(join(control, 'phase'), phase);
  if (phase === 'corrupt') {
    corruptSnapshot(control);
    configureAutoImport(workspace);
  }
  if (phase === 'startup') configureStartupRead(workspace, claudeConfig);
  const page = await context.newPage();
  let finish;
  const exited = new Promise((r) => (finish = r));
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(args || []));
    const noise = /^(Resolving connection|Resolved connection|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore)|open-vsx\.org|gallery/i;
    if (verbose || !noise.test(line)) console.log(`  ${verbose ? `[${elapsed()}s] ` : ''}${line}`);
  });
  if (verbose) page.on('console', (message) => console.log('  [browser]', message.text()));
  const started = Date.now();
  log(`phase ${phase}: opening the workbench`);
  await page.goto(workbenchUrl(host, workspace, root, testsEntry));
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), phaseTimeout))]);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`phase ${phase}: extension host exited with ${code} after ${seconds} s`);
  if (code !== 0) {
    const shot = join(control, `failure-${phase}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    log(`screenshot: ${shot}`);
  }
  await page.close().catch(() => undefined);
  return { phase, code, seconds };
}

/** Every mocha test of the phases that ran; a phase without a clean result adds one failure, one not run a skip. */
function testOutcomes(results, control) {
  const tests = [];
  for (const phase of phases) {
    const result = results.find((r) => r.phase === phase);
    if (!result) {
      tests.push({ name: `${phase}: not run (an earlier phase failed)`, status: 'skipped' });
      continue;
    }
    const file = join(control, `results-${phase}.json`);
    const reported = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).tests : [];
    tests.push(...reported);
    if (result.code !== 0 && !reported.some((test) => test.status === 'failed')) {
      tests.push({ name: `${phase}: the extension host exited with ${result.code}`, status: 'failed' });
    }
  }
  return tests;
}

async function main() {
  if (!existsSync(codeServerBin)) fail(`code-server not found at ${codeServerBin}; run scripts/setup-e2e.sh (or set TOOLS)`);
  if (!existsSync(chromiumPath)) fail(`chromium not found at ${chromiumPath} (set CHROMIUM)`);
  for (const file of ['dist/extension.js', 'dist/storeWorker.js', 'dist/sql-wasm.wasm', 'dist/webview.js']) {
    if (!existsSync(join(root, file))) fail(`${file} is missing; run \`node esbuild.mjs\` first`);
  }
  const testsEntry = await bundleTests();
  const work = scratch();
  const control = join(work, 'control');
  const claudeConfig = join(work, 'claude-config');
  const port = Number(process.env.PORT || (await freePort()));
  const host = `127.0.0.1:${port}`;
  const logFile = join(work, 'code-server.log');
  const child = startCodeServer({
    host, userDataDir: join(work, 'data'), extensionsDir: join(work, 'extensions'), configFile: join(work, 'config.yaml'),
    scratch: work, logFile,
    // the default local log locations point into the scratch folder: the tests never read this machine's agent logs
    env: { E2E_CONTROL_DIR: control, CLAUDE_CONFIG_DIR: claudeConfig, CODEX_HOME: join(work, 'codex-home') },
  });
  let browser;
  const results = [];
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await stopGroup(child);
    if (process.env.KEEP_WORK === '1') log('kept', work);
    else rmSync(work, { recursive: true, force: true });
  };
  // Our handler, not Playwright's, must run on Ctrl+C: Playwright's would exit before code-server is stopped.
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    await waitForServer(host, child, logFile);
    log(`code-server up on ${host}`);
    browser = await launchBrowser(join(work, 'chromium'), { width: 1280, height: 800 });
    for (const blank of browser.pages()) await blank.close().catch(() => undefined);
    for (const phase of phases) {
      const result = await runPhase(browser, host, phase, testsEntry, join(work, 'ws'), control, claudeConfig);
      results.push(result);
      if (result.code !== 0) break;
    }
  } finally {
    const failed = results.some((result) => result.code !== 0) || results.length !== phases.length;
    if (failed) {
      console.log('---- code-server.log (tail)');
      console.log(readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n'));
    }
    writeResults(resultsFile, testOutcomes(results, control));
    await cleanup();
  }
  const passed = results.length === phases.length && results.every((result) => result.code === 0);
  log(`${passed ? 'PASSED' : 'FAILED'}: ${results.map((r) => `${r.phase}=${r.code} (${r.seconds} s)`).join(', ')}; total ${elapsed()} s`);
  process.exit(passed ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
