/**
 * What a Claude Code transcript's path tells: the project folder it sits in, the session it belongs to and
 * whether a subagent wrote it. Claude Code writes `projects/<project>/<session>.jsonl` for a session and
 * `projects/<project>/<session>/subagents/agent-<id>.jsonl` (older versions `projects/<project>/agent-<id>.jsonl`)
 * for each subagent it starts, with the subagent's type in `agent-<id>.meta.json` beside it.
 */

export interface ClaudeCodeFile {
  /** the folder under `projects/` (Claude Code's encoding of the session's starting directory); null when the path has none */
  projectFolder: string | null;
  /** the session the path names: the file's name, or for a subagent the session folder it sits in */
  session: string | null;
  subagent: boolean;
}

const jsonlSuffix = /\.jsonl$/i;

export function claudeCodeFile(path: string): ClaudeCodeFile {
  const parts = path.split(/[/\\]+/).filter((part) => part !== '');
  const name = parts.at(-1) ?? '';
  const folders = parts.slice(0, -1);
  const projectsAt = folders.lastIndexOf('projects');
  const projectFolder = projectsAt >= 0 && projectsAt + 1 < folders.length ? folders[projectsAt + 1]! : null;
  const inSubagents = folders.at(-1) === 'subagents';
  const subagent = inSubagents || /^agent-/i.test(name);
  let session: string | null;
  const sessionFolderAt = folders.length - 2;
  if (inSubagents) session = sessionFolderAt >= 0 && (projectFolder === null || sessionFolderAt > projectsAt + 1) ? folders[sessionFolderAt]! : null;
  else if (subagent) session = null;
  else if (projectFolder !== null && folders.length > projectsAt + 2) session = folders[projectsAt + 2]!;
  else session = name.replace(jsonlSuffix, '') || null;
  return { projectFolder, session, subagent };
}

/**
 * The subagent's type (`Explore`, `general-purpose`, a custom agent's name) from the text of its
 * `agent-<id>.meta.json`; null when the file is not a JSON object with a non-empty `agentType` string.
 */
export function subagentTypeOf(metaJson: string): string | null {
  let meta: unknown;
  try {
    meta = JSON.parse(metaJson);
  } catch {
    return null;
  }
  if (typeof meta !== 'object' || meta === null) return null;
  const type = (meta as Record<string, unknown>).agentType;
  return typeof type === 'string' && type.trim() !== '' ? type.trim() : null;
}

/** The path of the meta file Claude Code writes beside a subagent's transcript. */
export function subagentMetaPath(transcriptPath: string): string {
  return transcriptPath.replace(jsonlSuffix, '.meta.json');
}
