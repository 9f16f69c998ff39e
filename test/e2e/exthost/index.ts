/**
 * Mocha entry run inside the extension host (the @vscode/test-electron `run()` contract). The runner
 * writes the current phase into $E2E_CONTROL_DIR/phase; this loads the bundled `*.<phase>.test.js` and
 * writes every test's outcome to $E2E_CONTROL_DIR/results-<phase>.json for the runner.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const control = process.env.E2E_CONTROL_DIR;
  const phase = control ? readFileSync(join(control, 'phase'), 'utf8').trim() : 'main';
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith(`.${phase}.test.js`))
    .sort();
  if (files.length === 0) return Promise.reject(new Error(`no test files for phase "${phase}" in ${__dirname}`));
  for (const file of files) mocha.addFile(join(__dirname, file));
  const tests: { name: string; status: 'passed' | 'failed' }[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (control) writeFileSync(join(control, `results-${phase}.json`), JSON.stringify({ phase, tests }, null, 2));
      if (failures > 0) reject(new Error(`${failures} test(s) failed in phase ${phase}`));
      else resolve();
    });
    runner.on('pass', (test) => tests.push({ name: `${phase}: ${test.fullTitle()}`, status: 'passed' }));
    // 'fail' also fires for a failing hook, which then stands for the tests it kept from running
    runner.on('fail', (test) => tests.push({ name: `${phase}: ${test.fullTitle()}`, status: 'failed' }));
  });
}
