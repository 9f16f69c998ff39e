/**
 * The lines of a Claude Code transcript, shaped like the ones Claude Code writes (field names and nesting of
 * versions 1.0 to 2.1): assistant messages with `message.usage`, user turns, tool results (a Task result
 * carries its own `usage` object outside `message`), agent-progress lines, placeholder (`<synthetic>`)
 * messages and file-history snapshots.
 */

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  /** written as `cache_creation_input_tokens` */
  cacheWrite: number;
  /** the `cache_creation` split; null: the line has none (versions before it) */
  split: { fiveMinutes: number; oneHour: number } | null;
  /** `speed`: 'fast' makes ccusage (and us) report `<model>-fast` */
  speed: 'fast' | 'standard' | null;
}

export interface Envelope {
  sessionId: string;
  cwd: string;
  gitBranch: string;
  version: string;
  sidechain: boolean;
  /** a subagent's lines carry its id */
  agentId: string | null;
}

export interface AssistantMessage {
  uuid: string;
  parentUuid: string | null;
  timestamp: string;
  messageId: string;
  requestId: string;
  model: string;
  usage: Usage;
  costUsd: number | null;
  text: string;
}

function usageJson(usage: Usage): Record<string, unknown> {
  const json: Record<string, unknown> = {
    input_tokens: usage.input,
    cache_creation_input_tokens: usage.cacheWrite,
    cache_read_input_tokens: usage.cacheRead,
  };
  if (usage.split) json.cache_creation = { ephemeral_5m_input_tokens: usage.split.fiveMinutes, ephemeral_1h_input_tokens: usage.split.oneHour };
  json.output_tokens = usage.output;
  json.service_tier = 'standard';
  if (usage.speed) json.speed = usage.speed;
  return json;
}

function envelopeJson(envelope: Envelope, parentUuid: string | null): Record<string, unknown> {
  const json: Record<string, unknown> = { parentUuid, isSidechain: envelope.sidechain, userType: 'external', cwd: envelope.cwd, sessionId: envelope.sessionId, version: envelope.version, gitBranch: envelope.gitBranch };
  if (envelope.agentId) json.agentId = envelope.agentId;
  return json;
}

function messageJson(message: AssistantMessage): Record<string, unknown> {
  return {
    id: message.messageId, type: 'message', role: 'assistant', model: message.model,
    content: [{ type: 'text', text: message.text }], stop_reason: null, stop_sequence: null, usage: usageJson(message.usage),
  };
}

export function assistantLine(envelope: Envelope, message: AssistantMessage): string {
  const json: Record<string, unknown> = { ...envelopeJson(envelope, message.parentUuid), message: messageJson(message), requestId: message.requestId, type: 'assistant', uuid: message.uuid, timestamp: message.timestamp };
  if (message.costUsd !== null) json.costUSD = message.costUsd;
  return JSON.stringify(json);
}

/** A subagent's message as its parent session logs it while the subagent runs. */
export function agentProgressLine(parent: Envelope, uuid: string, subagentId: string, message: AssistantMessage, sidechainFlag: boolean | null): string {
  const inner: Record<string, unknown> = { type: 'assistant', timestamp: message.timestamp, requestId: message.requestId, message: messageJson(message) };
  if (sidechainFlag !== null) inner.isSidechain = sidechainFlag;
  return JSON.stringify({
    ...envelopeJson(parent, message.parentUuid), type: 'progress', data: { message: inner, type: 'agent_progress', agentId: subagentId },
    toolUseID: `toolu_${uuid.slice(0, 8)}`, uuid, timestamp: message.timestamp,
  });
}

export function userLine(envelope: Envelope, uuid: string, parentUuid: string | null, timestamp: string, text: string): string {
  return JSON.stringify({ ...envelopeJson(envelope, parentUuid), type: 'user', message: { role: 'user', content: text }, uuid, timestamp });
}

/** The result of a Task call: Claude Code copies the subagent's last usage into `toolUseResult.usage`, outside `message`. */
export function taskResultLine(envelope: Envelope, uuid: string, parentUuid: string, timestamp: string, subagentId: string, usage: Usage): string {
  return JSON.stringify({
    ...envelopeJson(envelope, parentUuid), type: 'user',
    message: { role: 'user', content: [{ tool_use_id: `toolu_${subagentId}`, type: 'tool_result', content: [{ type: 'text', text: 'done' }] }] },
    toolUseResult: { status: 'completed', agentId: subagentId, totalTokens: usage.input + usage.output + usage.cacheRead + usage.cacheWrite, usage: usageJson(usage) },
    uuid, timestamp,
  });
}

/** Claude Code's placeholder message: an API error (`isApiErrorMessage`) or an interruption, model `<synthetic>`, zero usage. */
export function syntheticLine(envelope: Envelope, uuid: string, parentUuid: string, timestamp: string, messageId: string, apiError: string | null): string {
  const json: Record<string, unknown> = {
    ...envelopeJson(envelope, parentUuid), type: 'assistant', uuid, timestamp,
    message: {
      id: messageId, type: 'message', role: 'assistant', model: '<synthetic>', content: [{ type: 'text', text: apiError ? 'API Error: 529 overloaded' : 'No response requested.' }],
      stop_reason: 'stop_sequence', stop_sequence: '', usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  };
  if (apiError) {
    json.isApiErrorMessage = true;
    json.error = apiError;
  }
  return JSON.stringify(json);
}

export function summaryLine(leafUuid: string, text: string): string {
  return JSON.stringify({ type: 'summary', summary: text, leafUuid });
}

/** A `file-history-snapshot` line with `files` tracked backups: no usage, and the bulk of some transcripts. */
export function snapshotLine(messageId: string, timestamp: string, files: number): string {
  const backups: Record<string, unknown> = {};
  for (let i = 0; i < files; i++) {
    backups[`src/module${i}/file${i}.ts`] = { backupFileName: `${messageId.slice(0, 16)}@v${i}`, version: i + 1, backupTime: timestamp };
  }
  return JSON.stringify({ type: 'file-history-snapshot', messageId, snapshot: { messageId, trackedFileBackups: backups, timestamp }, isSnapshotUpdate: false });
}
