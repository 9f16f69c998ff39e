// npm test: every layer in order — types, lint, build, unit (TZ=UTC), the time-zone matrix, browser,
// end-to-end — each run even when an earlier one failed. Each test layer writes its counts to
// test-results/<layer>.json (vitest's JSON reporter, or scripts/testResults.mjs for the e2e runners); this
// script alone adds them up: one line per layer, then "N passed, M failed" over all tests. A failed type
// check, lint or build counts as one failure, and so does a test layer that exits non-zero without
// reporting a failed test (e.g. a crash before its results file was written).
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { readCounts, readFailures } from './testResults.mjs';

/** Tests whose results depend on the machine's zone; they also run under these zones (the main run is UTC). */
const zoneSensitiveTests = ['test/unit/timeframe.test.ts', 'test/unit/values.test.ts', 'test/unit/timeseries.test.ts', 'test/unit/reports.test.ts', 'test/unit/reconciliation.test.ts'];
const matrixZones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];

const vitest = (name, args, env = {}) => {
  const results = `test-results/${name}.json`;
  return { name, results, env, command: ['npx', 'vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${results}`] };
};

const layers = [
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'build', command: ['node', 'esbuild.mjs'] },
  vitest('unit', [], { TZ: 'UTC' }),
  ...matrixZones.map((zone) => vitest(`unit-tz-${zone.replace('/', '-')}`, zoneSensitiveTests, { TZ: zone })),
  vitest('browser', ['--config', 'vitest.browser.config.mts']),
  // the build layer has already built every bundle, so the e2e runner skips its own build
  { name: 'e2e-exthost', results: 'test-results/e2e-exthost.json', env: { ONLY: 'exthost', SKIP_BUILD: '1' }, command: ['node', 'test/e2e/run.mjs'] },
  { name: 'e2e-ui', results: 'test-results/e2e-ui.json', env: { ONLY: 'ui', SKIP_BUILD: '1' }, command: ['node', 'test/e2e/run.mjs'] },
];

function run(command, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FORCE_COLOR: '0', ...env } });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// The browser and VS Code layers need Debian's Chromium and code-server; install them once if missing.
if (!existsSync('/usr/bin/chromium') || !existsSync('.vscode-test/tools/node_modules/.bin/code-server')) {
  console.log('Chromium or code-server missing: running scripts/setup-e2e.sh (Debian apt + npm, about two minutes)…');
  const code = await run(['bash', 'scripts/setup-e2e.sh']);
  if (code !== 0) process.exit(code);
}

const started = Date.now();
const summary = [];
const failures = [];
let passed = 0;
let failed = 0;
for (const layer of layers) {
  const layerStart = Date.now();
  const zone = layer.env?.TZ ? ` (TZ=${layer.env.TZ})` : '';
  console.log(`\n=== ${layer.name}${zone} ===`);
  if (layer.results) rmSync(layer.results, { force: true });
  const code = await run(layer.command, layer.env);
  const seconds = ((Date.now() - layerStart) / 1000).toFixed(1);
  if (layer.results) {
    const counts = readCounts(layer.results) ?? { passed: 0, failed: 0, missing: true };
    if ((code !== 0 || counts.missing) && counts.failed === 0) counts.failed = 1;
    passed += counts.passed;
    failed += counts.failed;
    const note = counts.missing ? `; no ${layer.results}` : '';
    summary.push(`${layer.name}${zone}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s${note})`);
    failures.push(...readFailures(layer.results).map((failure) => `FAILED ${layer.name}${zone}: ${failure}`));
  } else {
    if (code !== 0) failed += 1;
    summary.push(`${layer.name}: ${code === 0 ? 'ok' : 'FAILED'} (${seconds} s)`);
  }
}
console.log(`\n${[...failures, ...summary].join('\n')}\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
