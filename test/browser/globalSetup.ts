/**
 * Builds the bundles (`node esbuild.mjs`) before the browser tests when dist/webview.js or .css is
 * missing or older than any webview source, protocol.ts or the report columns — so the tests always
 * exercise the current code. (`npm test` builds before it anyway.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function newestSource(): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ts|css)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(root, 'webview'));
  for (const file of ['src/protocol.ts', 'esbuild.mjs']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  visit(join(root, 'src/shared'));
  return newest;
}

export default function setup(): void {
  const outputs = ['dist/webview.js', 'dist/webview.css'].map((file) => join(root, file));
  const stale = () => outputs.some((file) => !existsSync(file) || statSync(file).mtimeMs < newestSource());
  if (!stale()) return;
  try {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  } catch (error) {
    // esbuild.mjs builds every bundle at once: a broken host bundle must not hide a fresh webview build
    if (stale()) throw error;
    console.warn('esbuild.mjs failed for another bundle; dist/webview.js was rebuilt, running the browser tests anyway');
  }
}
