// Builds every bundle into dist/: extension (node/cjs, vscode external), store worker, CLI and the webview
// (browser/iife) — the product — and the developer tools (generator, benchmark, demo database) into
// dist/tools/, which the .vsix leaves out; copies sql-wasm.wasm next to the bundles that load it.
import { build, context } from 'esbuild';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
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

/**
 * sql.js keeps the database file in an in-memory file system that grows a file by 12.5 % at a time above
 * 1 MiB, copying it whole each time: a commit that writes a 30 MB database copies about 270 MB. Doubling up
 * to 256 MiB (then 25 %) makes that about 60 MB; the slack is at most the file's size.
 */
const sqlJsFileGrowth = {
  name: 'sql.js-file-growth',
  setup(builder) {
    builder.onLoad({ filter: /sql\.js[\\/]dist[\\/]sql-wasm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const growth = 'm*(m<1048576?2:1.125)';
      if (!source.includes(growth)) throw new Error(`sql.js changed: "${growth}" not found in ${args.path}; see sqlJsFileGrowth in esbuild.mjs`);
      return { contents: source.replace(growth, 'm*(m<268435456?2:1.25)'), loader: 'js' };
    });
  },
};

const common = { bundle: true, plugins: [sqlJsFileGrowth], minify: production, sourcemap: !production, logLevel: 'info', target: 'es2022' };

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
