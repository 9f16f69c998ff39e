// npm test: every layer in order — types, lint, build, unit, browser, end-to-end — each run even when an
// earlier one failed, then one summary line "N passed, M failed" over all tests (a failed type check,
// lint or build counts as one failure).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const layers = [
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'build', command: ['node', 'esbuild.mjs'] },
  { name: 'unit', command: ['npx', 'vitest', 'run'], counts: 'vitest' },
  { name: 'browser', command: ['npx', 'vitest', 'run', '--config', 'vitest.browser.config.mts'], counts: 'vitest' },
  { name: 'e2e', command: ['node', 'test/e2e/run.mjs'], counts: 'plain' },
];

function run(command) {
  return new Promise((resolve) => {
    // the build layer has already built every bundle, so the e2e runner skips its own build
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', SKIP_BUILD: '1' } });
    let output = '';
    const relay = (stream, target) => stream.on('data', (chunk) => {
      output += chunk;
      target.write(chunk);
    });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output: stripVTControlCharacters(output) }));
  });
}

function counts(kind, output) {
  if (kind === 'vitest') {
    const line = output.split('\n').reverse().find((l) => /^\s*Tests\s+/.test(l)) ?? '';
    return { passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0), failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0) };
  }
  const match = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  return { passed: Number(match?.[1] ?? 0), failed: Number(match?.[2] ?? 0) };
}

// The browser and VS Code layers need Debian's Chromium and code-server; install them once if missing.
if (!existsSync('/usr/bin/chromium') || !existsSync('.vscode-test/tools/node_modules/.bin/code-server')) {
  console.log('Chromium or code-server missing: running scripts/setup-e2e.sh (Debian apt + npm, about two minutes)…');
  const setup = await run(['bash', 'scripts/setup-e2e.sh']);
  if (setup.code !== 0) process.exit(setup.code);
}

const started = Date.now();
const summary = [];
let passed = 0;
let failed = 0;
for (const layer of layers) {
  const layerStart = Date.now();
  console.log(`\n=== ${layer.name} ===`);
  const { code, output } = await run(layer.command);
  const seconds = ((Date.now() - layerStart) / 1000).toFixed(1);
  if (layer.counts) {
    const result = counts(layer.counts, output);
    if (code !== 0 && result.failed === 0) result.failed = 1;
    passed += result.passed;
    failed += result.failed;
    summary.push(`${layer.name}: ${result.passed} passed, ${result.failed} failed (${seconds} s)`);
  } else {
    if (code !== 0) failed += 1;
    summary.push(`${layer.name}: ${code === 0 ? 'ok' : 'FAILED'} (${seconds} s)`);
  }
}
console.log(`\n${summary.join('\n')}\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
