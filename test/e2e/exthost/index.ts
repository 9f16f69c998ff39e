/**
 * Mocha entry run inside the extension host (the @vscode/test-electron `run()` contract). The runner
 * writes the current phase into $E2E_CONTROL_DIR/phase; this loads the bundled `*.<phase>.test.js`.
 */
import { readdirSync, readFileSync } from 'node:fs';
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
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed in phase ${phase}`)) : resolve()));
  });
}
