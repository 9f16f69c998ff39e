/**
 * What the Admin APIs say about an agent: `api_source` `agents_api` is traffic of OpenAI's Agents
 * API; otherwise the API key, when grouped, is the closest stand-in (one key per agent is common).
 */
import type { EventRecord } from '../../core/ingest/normalise';

export const agentsApiAgentId = 'openai-agents-api';

export function agentFields(apiSource: string | null, apiKeyId: string | null): Pick<EventRecord, 'agentId' | 'agentName' | 'agentType'> {
  if (apiSource === 'agents_api') return { agentId: agentsApiAgentId, agentName: 'OpenAI Agents API', agentType: 'agents_api' };
  if (apiKeyId !== null) return { agentId: `openai-api-key:${apiKeyId}`, agentName: null, agentType: 'api_key' };
  return { agentId: null, agentName: null, agentType: null };
}
