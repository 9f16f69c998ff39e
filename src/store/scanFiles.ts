/**
 * The per-file loop of a local log scan: each file read from where its last scan stopped, its lines fed to
 * the source's reader, its new state returned. Runs in the store worker, or in a scan thread beside it.
 */
import { ImportCancelled } from '../core/ingest/errors';
import { scanNewLines, type FileScanState } from '../core/ingest/local/lineScanner';
import type { LocalLogKind } from '../shared/sources';
import { fileReader, type ScanContext } from './localReaders';

export interface StoredFileState {
  scan: FileScanState;
  reader: unknown;
}

export interface FilesOutcome {
  /** the new state of every file that was read */
  states: [path: string, state: StoredFileState][];
  filesUnchanged: number;
  filesRestarted: number;
  longLinesSkipped: number;
}

export interface FilesOptions {
  endOfInput: boolean;
  signal?: AbortSignal;
  /** the index of each file as its read starts */
  onFile?: (index: number) => void;
  /** called after each file, e.g. to hand its events on */
  afterFile?: () => void;
  /** the file being read, for rejects */
  onFileStart?: (path: string) => void;
}

export async function scanFiles(
  kind: LocalLogKind,
  /** the files in order; a scan thread gets them while the walk that finds them goes on */
  files: Iterable<string> | AsyncIterable<string>,
  previousStates: ReadonlyMap<string, StoredFileState>,
  context: ScanContext,
  options: FilesOptions,
): Promise<FilesOutcome> {
  const outcome: FilesOutcome = { states: [], filesUnchanged: 0, filesRestarted: 0, longLinesSkipped: 0 };
  let index = 0;
  for await (const path of files) {
    if (options.signal?.aborted) throw new ImportCancelled();
    options.onFile?.(index++);
    options.onFileStart?.(path);
    const previous = previousStates.get(path);
    let reader = fileReader(kind, path, previous?.reader ?? null, context);
    let restarted = false;
    const scanned = await scanNewLines(
      path,
      previous?.scan,
      (line, lineNo) => {
        if (lineNo === 1 && previous && !restarted) {
          // the scanner started over: the file was truncated or replaced, its carried state no longer applies
          restarted = true;
          reader = fileReader(kind, path, null, context);
        }
        reader.push(line, lineNo);
      },
      { signal: options.signal },
    );
    if (options.signal?.aborted) throw new ImportCancelled();
    outcome.longLinesSkipped += scanned.longLinesSkipped;
    if (scanned.unchanged) {
      outcome.filesUnchanged++;
      continue;
    }
    if (scanned.restarted) outcome.filesRestarted++;
    reader.finish(options.endOfInput);
    outcome.states.push([path, { scan: scanned.state, reader: reader.exportState() }]);
    options.afterFile?.();
  }
  return outcome;
}
