/**
 * What a file would be read as, from its header or first JSON object alone, without importing it: a
 * folder import skips (and lists) the files that nothing recognises instead of failing on them.
 */
import { ImportError } from './errors';
import type { SourceFormat } from './formats/format';
import type { RecordKind } from './mapping';
import { isReject } from './rawRecord';
import { openReader } from './reader';

export type FileRecognition =
  | { recognised: true; sourceFormat: SourceFormat | null; kind: RecordKind }
  | { recognised: false; reason: string };

export async function recogniseFile(path: string, options: { displayName?: string; sourceFormat?: string } = {}): Promise<FileRecognition> {
  try {
    const { reader } = await openReader(path, options);
    const batches = reader.batches[Symbol.asyncIterator]();
    try {
      for (let next = await batches.next(); !next.done; next = await batches.next()) {
        const first = next.value[0];
        if (first === undefined) continue;
        if (isReject(first)) return { recognised: false, reason: new ImportError(options.displayName ?? path, first.line, first.column, first.reason).message };
        break;
      }
    } finally {
      await batches.return?.(undefined);
    }
    return { recognised: true, sourceFormat: reader.sourceFormat, kind: reader.kind };
  } catch (error) {
    if (error instanceof ImportError) return { recognised: false, reason: error.message };
    throw error;
  }
}
