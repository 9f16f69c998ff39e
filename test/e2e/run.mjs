#!/usr/bin/env node
/**
 * `npm run test:e2e`: the end-to-end tests in a real VS Code (code-server 4.100.3 = VS Code 1.100.3)
 * driven by headless Debian chromium.
 *
 *   1. builds once (`node esbuild.mjs`)
 *   2. test/e2e/runExthost.mjs — mocha suites inside the extension host (phases main, reload, corrupt, startup)
 *   3. test/e2e/ui/runUi.mjs   — Playwright UI checks + light/dark screenshots in test-results/e2e/
 *
 * Both outputs are streamed. Each runner writes its outcomes to test-results/e2e-<runner>.json
 * (scripts/testResults.mjs); this prints one line per runner from those files and exits non-zero if
 * either failed. `npm test` (scripts/test.mjs) runs the two as separate layers (ONLY=exthost, ONLY=ui).
 * Needs code-server in .vscode-test/tools and /usr/bin/chromium: `bash scripts/setup-e2e.sh`.
 * env: SKIP_BUILD=1, ONLY=exthost|ui, plus what the two runners read (TOOLS, CHROMIUM, KEEP_WORK, VERBOSE …)
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerBin as codeServer, root } from '../../scripts/codeServer.mjs';
import { readCounts } from '../../scripts/testResults.mjs';
import { chromiumPath as chromium } from './workbench.mjs';
const t0 = Date.now();
const seconds = () => ((Date.now() - t0) / 1000).toFixed(1);

const missing = [[codeServer, 'code-server'], [chromium, 'chromium']].filter(([path]) => !existsSync(path));
if (missing.length > 0) {
  for (const [path, what] of missing) console.error(`test:e2e: ${what} is missing (${path}).`);
  console.error('Run `bash scripts/setup-e2e.sh` first (installs chromium from apt and code-server into .vscode-test/tools).');
  process.exit(1);
}

/**
 * Safety net: every process a step starts (runner, chromium, code-server and its children) inherits
 * AGENT_USAGE_E2E_RUN=<token>. After each step, any of them still alive — e.g. a code-server left
 * behind by a runner that was interrupted — is stopped (SIGTERM, then SIGKILL after 3 s).
 */
const token = `run-${process.pid}-${Date.now()}`;
const marker = `AGENT_USAGE_E2E_RUN=${token}`;

function leftovers() {
  if (!existsSync('/proc')) return [];
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (/\) Z /.test(readFileSync(`/proc/${name}/stat`, 'utf8'))) continue; // zombie, already dead
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(marker)) pids.push(Number(name));
    } catch {
      // gone, or not readable
    }
  }
  return pids;
}

async function reap(label) {
  let pids = leftovers();
  if (pids.length === 0) return;
  console.log(`test:e2e: ${label} left ${pids.length} process(es) running (${pids.join(', ')}); stopping them`);
  const signalAll = (signal) => pids.forEach((pid) => { try { process.kill(pid, signal); } catch { /* gone */ } });
  signalAll('SIGTERM');
  for (let i = 0; i < 30 && pids.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    pids = leftovers();
  }
  signalAll('SIGKILL');
}

/** Runs a step with its output streamed through; resolves with the exit code. */
function step(label, args) {
  console.log(`\n==== ${label}: node ${args.join(' ')}`);
  return new Promise((resolveStep) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, AGENT_USAGE_E2E_RUN: token } });
    // Ctrl+C in a terminal reaches the child too (same foreground process group) and the runners
    // clean up on SIGINT (stopping code-server's own process group); a second SIGINT while they
    // clean up could cut that short, so a SIGINT is passed on only if the child is still running
    // 8 s later (i.e. it was sent to this process alone). SIGTERM is passed on as SIGINT.
    let timer;
    const onInt = () => (timer ??= setTimeout(() => child.kill('SIGINT'), 8000));
    const onTerm = () => child.kill('SIGINT');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      await reap(label);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolveStep({ code: code ?? (signal ? 1 : 0) });
    });
  });
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (interrupted = true));

const summary = [];
let exitCode = 0;

if (process.env.SKIP_BUILD !== '1') {
  const build = await step('build', ['esbuild.mjs']);
  if (build.code !== 0) {
    console.log('\nbuild failed');
    process.exit(1);
  }
}

const runners = [
  { name: 'exthost', label: 'extension host', script: 'test/e2e/runExthost.mjs', results: 'test-results/e2e-exthost.json' },
  { name: 'ui', label: 'UI', script: 'test/e2e/ui/runUi.mjs', results: 'test-results/e2e-ui.json' },
];
for (const runner of runners.filter((r) => !process.env.ONLY || process.env.ONLY === r.name)) {
  const resultsFile = join(root, runner.results);
  rmSync(resultsFile, { force: true });
  const { code } = await step(`${runner.label} tests`, [runner.script]);
  const counts = readCounts(resultsFile);
  summary.push(`${runner.label}: ${counts ? `${counts.passed} passed, ${counts.failed} failed` : 'no results'} (exit ${code}; ${runner.results})`);
  if (code !== 0 || !counts || counts.failed > 0) exitCode = 1;
  if (interrupted) {
    console.log('\ninterrupted');
    process.exit(130);
  }
}

console.log(`\n==== e2e summary (${seconds()} s)`);
for (const line of summary) console.log(`  ${line}`);
process.exit(exitCode);
