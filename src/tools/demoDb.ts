/**
 * node dist/tools/demoDb.js OUT_FILE [--tz ZONE]
 * Writes a usage database holding the shipped sample, shifted so that its last day is today — the
 * snapshot `npm start` puts in the extension's global storage so the demo opens with data.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { samplePaths, sampleShiftMs } from '../core/sampleSet';
import { StoreClient } from '../store/client';

async function main(): Promise<void> {
  const [out, flag, zone] = process.argv.slice(2);
  if (!out) throw new Error('usage: demoDb OUT_FILE [--tz ZONE]');
  const timeZone = flag === '--tz' && zone ? zone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const store = new StoreClient(join(__dirname, '..', 'storeWorker.js'), { wasmPath: join(__dirname, '..', 'sql-wasm.wasm') });
  try {
    const shiftMs = sampleShiftMs(Date.now(), timeZone);
    for (const file of samplePaths(join(__dirname, '..', '..', 'media', 'sample'))) {
      await store.importFile(file.path, { kind: file.kind, origin: file.origin, shiftMs, timeZone });
    }
    const bytes = await store.call('snapshot');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(`${out}.tmp`, bytes);
    await rename(`${out}.tmp`, out);
    const stats = await store.call('stats');
    console.log(`sample database: ${stats.events} events, ${stats.agents} agents, ${stats.users} users → ${out}`);
  } finally {
    await store.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
