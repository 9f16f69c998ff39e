// Builds every bundle into dist/: extension (node/cjs, vscode external), store worker, CLI and the webview
// (browser/iife) — the product — and the developer tools (generator, benchmark, demo database) into
// dist/tools/, which the .vsix leaves out; copies sql-wasm.wasm next to the bundles that load it.
import { build, context } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/store/worker.ts', out: 'storeWorker' },
  { in: 'src/store/scanWorker.ts', out: 'scanWorker' },
  { in: 'src/tools/gen.ts', out: 'tools/gen' },
  { in: 'src/tools/bench.ts', out: 'tools/bench' },
  { in: 'src/tools/demoDb.ts', out: 'tools/demoDb' },
].filter((entry) => existsSync(entry.in));

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'info', target: 'es2022' };

const configs = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  // package.json's "bin" runs the CLI directly, so it needs the shebang
  { ...common, entryPoints: [{ in: 'src/cli.ts', out: 'cli' }], outdir: 'dist', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('webview/main.ts')) {
  configs.push({
    ...common,
    entryPoints: [{ in: 'webview/main.ts', out: 'webview' }],
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  });
}

await mkdir('dist', { recursive: true });
await copyFile('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');

if (watch) {
  for (const config of configs) await (await context(config)).watch();
} else {
  await Promise.all(configs.map((config) => build(config)));
}
