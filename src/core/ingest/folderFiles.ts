/**
 * The data files under a folder, walked in a stable order, and which of them can be read: a folder
 * import skips (and lists) what nothing recognises instead of failing on it.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { recogniseFile } from './recogniseFile';

const dataFile = /\.(csv|tsv|txt|jsonl|ndjson|json)$/i;

export interface FolderListing {
  files: string[];
  /** paths under the folder that are not data files (by extension), relative to it */
  otherFiles: string[];
}

/** Recursive; hidden entries (dot-files, `.git`) and `node_modules` are not entered. */
export async function listDataFiles(folder: string): Promise<FolderListing> {
  const listing: FolderListing = { files: [], otherFiles: [] };
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && dataFile.test(entry.name)) listing.files.push(path);
      else listing.otherFiles.push(relative(folder, path));
    }
  };
  await walk(folder);
  return listing;
}

export interface PlannedFile {
  path: string;
  /** folder-relative path for messages */
  displayName: string;
}

export interface FolderPlan {
  files: PlannedFile[];
  /** files not imported, with why: not a data file, or nothing recognises its header */
  skipped: { displayName: string; reason: string }[];
}

/** The files under a folder that a format (or our own columns) can read; the rest listed with the reason. */
export async function planFolder(folder: string, options: { displayPrefix?: string; sourceFormat?: string } = {}): Promise<FolderPlan> {
  const name = (path: string) => join(options.displayPrefix ?? folder, path);
  const listing = await listDataFiles(folder);
  const plan: FolderPlan = { files: [], skipped: [] };
  for (const other of listing.otherFiles) plan.skipped.push({ displayName: name(other), reason: 'not a data file (.csv, .tsv, .txt, .jsonl, .ndjson, .json)' });
  for (const path of listing.files) {
    const displayName = name(relative(folder, path));
    const recognition = await recogniseFile(path, { displayName, sourceFormat: options.sourceFormat });
    if (recognition.recognised) plan.files.push({ path, displayName });
    else plan.skipped.push({ displayName, reason: recognition.reason });
  }
  return plan;
}
