/**
 * The CLI's `--input PATH...`: files are read as given; a folder is walked, and the files in it that no
 * format recognises are listed and skipped instead of failing the run.
 */
import { stat } from 'node:fs/promises';
import { knownFormatIds } from './core/ingest/formats/choose';
import { formatById } from './core/ingest/formats/index';
import { planFolder } from './core/ingest/folderFiles';
import { UsageError } from './cliErrors';

export interface InputFile {
  path: string;
  /** the path as the user would write it: the argument, or folder/relative path */
  displayName: string;
}

export interface SkippedInput {
  displayName: string;
  reason: string;
}

export interface InputPlan {
  files: InputFile[];
  skipped: SkippedInput[];
}

export function checkSourceFormat(id: string | undefined): void {
  if (id !== undefined && !formatById(id)) throw new UsageError(`--source-format must be one of ${knownFormatIds()}; got "${id}"`);
}

export async function planInputs(inputs: readonly string[], sourceFormat: string | undefined): Promise<InputPlan> {
  const plan: InputPlan = { files: [], skipped: [] };
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) throw new UsageError(`input file not found: ${input}`);
    if (!info.isDirectory()) {
      plan.files.push({ path: input, displayName: input });
      continue;
    }
    const folder = await planFolder(input, { sourceFormat });
    plan.files.push(...folder.files);
    plan.skipped.push(...folder.skipped);
  }
  return plan;
}
