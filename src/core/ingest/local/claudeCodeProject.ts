/**
 * A Claude Code event's project: the directory the session started in. Claude Code names the project
 * folder by replacing every character of that directory's path that is not an ASCII letter or digit with
 * `-` (`/home/me/my_app` → `-home-me-my-app`), which cannot be decoded. A line's `cwd` is the readable path,
 * but it follows the session into subdirectories, so the project is the part of `cwd` (the whole of it or a
 * parent directory) whose encoding is the folder name: stable for the whole session and readable. When no
 * part of `cwd` matches (no `cwd`, a folder copied or renamed, a path so long that Claude Code shortened the
 * name), the project is the folder name; without a folder it is `cwd` itself.
 */

/** Claude Code's folder name for a directory (UTF-16 units, as its JavaScript does). */
export function claudeCodeFolderName(directory: string): string {
  return directory.replace(/[^a-zA-Z0-9]/g, '-');
}

export function claudeCodeProject(projectFolder: string | null, cwd: string | null): string | null {
  if (cwd === null) return projectFolder;
  if (projectFolder === null) return cwd;
  // a prefix of cwd encodes to a prefix of the same length of the folder name, so only the cut at the folder name's length can match
  const candidate = cwd.slice(0, projectFolder.length);
  const atBoundary = cwd.length === candidate.length || cwd[candidate.length] === '/' || cwd[candidate.length] === '\\';
  return atBoundary && claudeCodeFolderName(candidate) === projectFolder ? stripTrailingSeparator(candidate) : projectFolder;
}

function stripTrailingSeparator(directory: string): string {
  return directory.length > 1 && /[/\\]$/.test(directory) ? directory.slice(0, -1) : directory;
}
