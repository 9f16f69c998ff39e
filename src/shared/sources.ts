/** The sources of the data in the store, as the Sources list and the CLI show them (pure). */

export type SourceKind = 'local-logs' | 'file' | 'sample' | 'fetch' | 'untracked';

/** The local agent logs the extension can read. */
export const localLogKinds = ['claude-code', 'codex', 'otel'] as const;
export type LocalLogKind = (typeof localLogKinds)[number];

export interface SourceInfo {
  /** stable id: `claude-code`, `codex`, `otel:<path>`, `file:<path>`, `sample`, `fetch:<source>`; `untracked` for rows imported before sources were kept */
  id: string;
  kind: SourceKind;
  /** what it was recognised as: "Claude Code logs", "OpenAI usage export", "events (our columns)" */
  label: string;
  /** the folders or files it reads */
  location: string[];
  rows: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
  /** epoch ms of the last import or scan; null when unknown */
  lastRefreshAt: number | null;
  /** a fetch source's windows (half-open UTC days, epoch ms): the last one fetched and the furthest end ever fetched */
  fetched?: FetchedWindows;
}

export interface FetchedWindows {
  last: { from: number; to: number };
  /** the latest `to` of every window fetched: Refresh fetches the days after it */
  through: number;
}

export const localLogLabels: Record<LocalLogKind, string> = {
  'claude-code': 'Claude Code logs',
  codex: 'Codex CLI logs',
  otel: 'OpenTelemetry spans',
};

/** What a Refresh or Remove asked from the Sources list came to: `done` false when nothing happened (declined, file gone). */
export interface SourceActionResult {
  done: boolean;
  message: string;
}
