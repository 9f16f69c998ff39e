/**
 * Atomic writes through `workspace.fs` (works for remote and virtual workspaces): the bytes go to a
 * hidden temporary file in the target's folder, which is then renamed onto the target. The temporary
 * file is deleted on any error, so a failed write never leaves a half file or touches the target.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { firstFreeFileName, maxNumberedNames, numberedFileName, temporaryFileName } from '../export/exportNaming';

export function isFileExists(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileExists';
}

export function isFileNotFound(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (error) {
    if (isFileNotFound(error)) return false;
    throw error;
  }
}

async function deleteQuietly(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.delete(uri, { useTrash: false });
  } catch {
    // already gone, or never written
  }
}

async function writeTemporary(folder: vscode.Uri, fileName: string, bytes: Uint8Array): Promise<vscode.Uri> {
  await vscode.workspace.fs.createDirectory(folder);
  const temporary = vscode.Uri.joinPath(folder, temporaryFileName(fileName, randomBytes(6).toString('hex')));
  try {
    await vscode.workspace.fs.writeFile(temporary, bytes);
  } catch (error) {
    await deleteQuietly(temporary);
    throw error;
  }
  return temporary;
}

/** Replaces (overwrite: true) or creates (overwrite: false, fails with FileExists) `target` atomically. */
export async function writeFileAtomic(target: vscode.Uri, bytes: Uint8Array, options: { overwrite: boolean }): Promise<void> {
  const folder = vscode.Uri.joinPath(target, '..');
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  const temporary = await writeTemporary(folder, name, bytes);
  try {
    await vscode.workspace.fs.rename(temporary, target, { overwrite: options.overwrite });
  } catch (error) {
    await deleteQuietly(temporary);
    throw error;
  }
}

/**
 * Writes a new file named `fileName` in `folder`, or `name (2).ext`, `name (3).ext` … when taken.
 * Never replaces an existing file: the final rename uses `overwrite: false`, so a file created in
 * the meantime makes it move on to the next name.
 */
export async function writeNewFile(folder: vscode.Uri, fileName: string, bytes: Uint8Array): Promise<vscode.Uri> {
  const temporary = await writeTemporary(folder, fileName, bytes);
  try {
    let from = 1;
    while (from <= maxNumberedNames) {
      const name = await firstFreeFileName(fileName, (candidate) => exists(vscode.Uri.joinPath(folder, candidate)), from);
      const target = vscode.Uri.joinPath(folder, name);
      try {
        await vscode.workspace.fs.rename(temporary, target, { overwrite: false });
        return target;
      } catch (error) {
        if (!isFileExists(error)) throw error;
        from = numberIn(fileName, name) + 1;
      }
    }
    throw new Error(`no free file name for ${fileName} in ${folder.fsPath}`);
  } catch (error) {
    await deleteQuietly(temporary);
    throw error;
  }
}

function numberIn(fileName: string, candidate: string): number {
  for (let n = 1; n <= maxNumberedNames; n++) if (numberedFileName(fileName, n) === candidate) return n;
  return maxNumberedNames;
}
