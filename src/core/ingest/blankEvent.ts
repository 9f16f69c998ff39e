/** The canonical event a reader starts from: everything a source does not give stays empty. */
import type { EventRecord } from './normalise';

/** An event with every dimension and figure unknown (one request, ok): readers fill what their source gives. */
export function blankEvent(line: number, eventKey: string, ts: number): EventRecord {
  return {
    kind: 'events', line, eventKey, ts,
    orgId: null, orgName: null, parentOrgId: null, userId: null, userEmail: null, userName: null, role: null,
    agentId: null, agentName: null, agentType: null, agentCreatedBy: null, sessionId: null, model: null, provider: null,
    project: null, requests: 1, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null,
    cacheWrite5mTokens: null, cacheWrite1hTokens: null, reasoningTokens: null, credits: null, costReportedUsd: null,
    latencyMs: null, status: 'ok', errorType: null,
  };
}
