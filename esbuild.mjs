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
  { in: 'src/store/parseWorker.ts', out: 'parseWorker' },
  { in: 'src/store/figureWorker.ts', out: 'figureWorker' },
  { in: 'src/tools/gen.ts', out: 'tools/gen' },
  { in: 'src/tools/bench.ts', out: 'tools/bench' },
  { in: 'src/tools/demoDb.ts', out: 'tools/demoDb' },
].filter((entry) => existsSync(entry.in));

/**
 * Four patches to the in-memory file system that holds sql.js's database file, each applied to text that
 * must occur exactly once (a new sql.js that changed it fails the build):
 * - it grows a file by 12.5 % at a time above 1 MiB, copying it whole each time: a commit that writes a
 *   30 MB database copies about 270 MB. Doubling up to 64 MiB, then 25 % at a time, makes that about 60 MB
 *   and keeps the slack of a large database (a million events: 173 MB) at a quarter of it, not its size;
 * - and it grows the file in place instead: the file's bytes live in a resizable ArrayBuffer (address space
 *   reserved up to 4 GiB, memory taken as pages are written), so growing copies nothing (at a million
 *   events the copies had been 1.5–3.5 s of the import, on the thread that inserts);
 * - it copies each written page from the wasm heap, an Int8Array, into the file's Uint8Array, which V8
 *   converts byte by byte (about 20 times slower than a copy): seen as a Uint8Array, it is a plain copy;
 * - reading a page back (a small page cache, a large report) converts the same way in the other direction.
 */
const sqlJsPatches = [
  ['m*(m<1048576?2:1.125)', 'm*(m<67108864?2:1.25)'],
  [
    'm=a.Ua.subarray(0,a.Wa),a.Ua=new Uint8Array(g),a.Ua.set(m))',
    'a.Ua.buffer.resizable&&a.Ua.byteOffset===0&&a.Ua.length===a.Ua.buffer.byteLength&&g<=a.Ua.buffer.maxByteLength?a.Ua.buffer.resize(g):' +
      '(m=a.Ua.subarray(0,a.Wa),a.Ua=new Uint8Array(g<=4294967296?new ArrayBuffer(g,{maxByteLength:4294967296}):g),a.Ua.set(m)))',
  ],
  ['a.Ua.set(b.subarray(d,d+c),e)', 'a.Ua.set(new Uint8Array(b.buffer,b.byteOffset+d,c),e)'],
  ['b.set(a.node.Ua.subarray(e,e+c),d)', 'new Uint8Array(b.buffer,b.byteOffset+d,c).set(a.node.Ua.subarray(e,e+c))'],
];
const sqlJsMemoryFile = {
  name: 'sql.js-memory-file',
  setup(builder) {
    builder.onLoad({ filter: /sql\.js[\\/]dist[\\/]sql-wasm\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      for (const [from, to] of sqlJsPatches) {
        if (source.split(from).length !== 2) throw new Error(`sql.js changed: "${from}" not found once in ${args.path}; see sqlJsPatches in esbuild.mjs`);
        source = source.replace(from, to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

const common = { bundle: true, plugins: [sqlJsMemoryFile], minify: production, sourcemap: !production, logLevel: 'info', target: 'es2022' };

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
