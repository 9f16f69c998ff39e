/** The data files under a folder, walked in a stable order; other files are listed, not read. */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

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
