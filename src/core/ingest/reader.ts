/** Chooses the reader for a file from its extension, or its first character for .json files. */
import { open } from 'node:fs/promises';
import { readCsv } from './csv';
import { checkRegularFile } from './decode';
import { ImportError } from './errors';
import { readJsonArray } from './json';
import { readJsonLines } from './jsonl';
import type { RecordKind } from './mapping';
import type { RecordReader } from './rawRecord';

export type FileFormat = 'csv' | 'jsonl' | 'json';

async function firstCharacter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart().charAt(0);
  } finally {
    await handle.close();
  }
}

export async function detectFormat(path: string, displayName = path): Promise<FileFormat> {
  const lower = path.toLowerCase();
  if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  if (lower.endsWith('.json')) return (await firstCharacter(path)) === '[' ? 'json' : 'jsonl';
  throw new ImportError(displayName, null, null, 'unsupported file type; use .csv, .tsv, .jsonl, .ndjson or .json');
}

export async function openReader(
  path: string,
  options: { format?: FileFormat; kind?: RecordKind; displayName?: string; sourceFormat?: string } = {},
): Promise<{ format: FileFormat; reader: RecordReader }> {
  await checkRegularFile(path, options.displayName);
  const format = options.format ?? (await detectFormat(path, options.displayName));
  const readerOptions = { kind: options.kind, displayName: options.displayName, sourceFormat: options.sourceFormat };
  switch (format) {
    case 'csv':
      return { format, reader: await readCsv(path, readerOptions) };
    case 'jsonl':
      return { format, reader: readJsonLines(path, readerOptions) };
    case 'json':
      return { format, reader: readJsonArray(path, readerOptions) };
  }
}
