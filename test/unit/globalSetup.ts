import { execFileSync } from 'node:child_process';

/** Worker and CLI tests run the built bundles, so build them once before the suite. */
export default function setup(): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'pipe' });
}
