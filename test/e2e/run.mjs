#!/usr/bin/env node
/**
 * `npm run test:e2e`: the end-to-end tests in a real VS Code (code-server 4.100.3 = VS Code 1.100.3)
 * driven by headless Debian chromium.
 *
 *   1. builds once (`node esbuild.mjs`)
 *   2. test/e2e/runExthost.mjs — mocha suites inside the extension host (phases main, reload, corrupt)
 *   3. test/e2e/ui/runUi.mjs   — Playwright UI checks + light/dark screenshots in test-results/e2e/
 *
 * Both outputs are streamed. Exits non-zero if either fails; the last line is the combined
 * `N passed, M failed` (mocha's passing/failing counts + the UI checks).
 * Needs code-server in .vscode-test/tools and /usr/bin/chromium: `bash scripts/setup-e2e.sh`.
 * env: SKIP_BUILD=1, ONLY=exthost|ui, plus what the two runners read (TOOLS, CHROMIUM, KEEP_WORK, VERBOSE …)
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { codeServerBin as codeServer, root } from '../../scripts/codeServer.mjs';
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

/** Runs a step with its output streamed through; resolves with the exit code and the captured stdout. */
function step(label, args) {
  console.log(`\n==== ${label}: node ${args.join(' ')}`);
  return new Promise((resolveStep) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AGENT_USAGE_E2E_RUN: token } });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
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
      resolveStep({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (interrupted = true));

const sum = (text, pattern) => [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);

const totals = { passed: 0, failed: 0 };
const summary = [];
let exitCode = 0;

if (process.env.SKIP_BUILD !== '1') {
  const build = await step('build', ['esbuild.mjs']);
  if (build.code !== 0) {
    console.log('\nbuild failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const only = process.env.ONLY;
if (!only || only === 'exthost') {
  const { code, output } = await step('extension-host tests', ['test/e2e/runExthost.mjs']);
  // mocha's spec reporter, once per phase: "  44 passing (10s)" / "  1 failing"
  const passed = sum(output, /^\s*(\d+) passing\b/gm);
  let failed = sum(output, /^\s*(\d+) failing\b/gm);
  if (code !== 0 && failed === 0) failed = 1; // a phase that timed out or a harness error reports no mocha count
  totals.passed += passed;
  totals.failed += failed;
  summary.push(`extension host: ${passed} passed, ${failed} failed (exit ${code})`);
  if (code !== 0) exitCode = 1;
}

if (interrupted) {
  console.log('\ninterrupted');
  process.exit(130);
}

if (!only || only === 'ui') {
  const { code, output } = await step('UI tests', ['test/e2e/ui/runUi.mjs']);
  const match = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
  const passed = match ? Number(match[1]) : 0;
  let failed = match ? Number(match[2]) : 0;
  if (code !== 0 && failed === 0) failed = 1;
  totals.passed += passed;
  totals.failed += failed;
  summary.push(`UI: ${passed} passed, ${failed} failed (exit ${code})`);
  if (code !== 0) exitCode = 1;
}

if (interrupted) {
  console.log('\ninterrupted');
  process.exit(130);
}
console.log(`\n==== e2e summary (${seconds()} s)`);
for (const line of summary) console.log(`  ${line}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(exitCode || (totals.failed > 0 ? 1 : 0));
