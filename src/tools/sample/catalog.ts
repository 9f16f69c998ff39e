/**
 * Static reference data the sample is built from: models and their prices,
 * orgs, people, agents, error kinds and activity profiles. Changing anything
 * here changes the generated output.
 */

export interface ModelInfo {
  name: string;
  provider: 'anthropic' | 'openai' | 'google';
  /** USD per 1M tokens. Reasoning tokens are billed at the output price. */
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Multiplier on tokens/1000 to get credits. */
  creditFactor: number;
  /** Multiplier on agent latency. */
  speed: number;
  reasoning: 'always' | 'sometimes' | 'never';
}

/** Ordered by how commonly they are used; `models: n` keeps the first n. */
export const MODELS: readonly ModelInfo[] = [
  { name: 'claude-sonnet-4-20250514', provider: 'anthropic', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, creditFactor: 1, speed: 1, reasoning: 'never' },
  { name: 'gpt-4.1', provider: 'openai', input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0, creditFactor: 0.8, speed: 0.9, reasoning: 'never' },
  { name: 'gpt-4.1-mini', provider: 'openai', input: 0.4, output: 1.6, cacheRead: 0.1, cacheWrite: 0, creditFactor: 0.25, speed: 0.55, reasoning: 'never' },
  { name: 'claude-opus-4-20250514', provider: 'anthropic', input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75, creditFactor: 2.5, speed: 1.6, reasoning: 'sometimes' },
  { name: 'o4-mini', provider: 'openai', input: 1.1, output: 4.4, cacheRead: 0.275, cacheWrite: 0, creditFactor: 0.5, speed: 1.3, reasoning: 'always' },
  { name: 'gemini-2.5-pro', provider: 'google', input: 1.25, output: 10, cacheRead: 0.31, cacheWrite: 0, creditFactor: 0.7, speed: 1.2, reasoning: 'never' },
  { name: 'gemini-2.5-flash', provider: 'google', input: 0.3, output: 2.5, cacheRead: 0.075, cacheWrite: 0, creditFactor: 0.2, speed: 0.5, reasoning: 'never' },
  { name: 'claude-3-5-haiku-20241022', provider: 'anthropic', input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1, creditFactor: 0.3, speed: 0.5, reasoning: 'never' },
];

/** Model index (into the first `models` entries) for agent i, cycling. */
export const MAIN_MODEL_PATTERN = [0, 1, 3, 2, 5, 0, 4, 6, 1, 7, 0, 2] as const;

/** Stands in for a model name the price table does not know. */
const FALLBACK_MODEL: ModelInfo = {
  name: '',
  provider: 'openai',
  input: 1,
  output: 4,
  cacheRead: 0.25,
  cacheWrite: 0,
  creditFactor: 1,
  speed: 1,
  reasoning: 'never',
};

export function modelByName(name: string): ModelInfo {
  for (const m of MODELS) if (m.name === name) return m;
  return { ...FALLBACK_MODEL, name };
}

/** [org_id, name, parent_org_id] rows of orgs.csv; parents come before their children. */
export const ORGS: readonly (readonly [string, string, string])[] = [
  ['org_acme', 'Acme Corp', ''],
  ['org_acme_research', 'Acme Research', 'org_acme'],
  ['org_acme_research_eu', 'Acme Research EU', 'org_acme_research'],
  ['org_globex', 'Globex', ''],
];

/** UTC offset (hours) of each org's working day; drives the hour-of-day profile. */
export const ORG_TZ: Readonly<Record<string, number>> = {
  org_acme: -5,
  org_acme_research: -8,
  org_acme_research_eu: 1,
  org_globex: -6,
};

export const ORG_PROJECTS: Readonly<Record<string, readonly string[]>> = {
  org_acme: ['checkout-service', 'mobile-app', 'data-platform', 'docs-site', 'internal-tools'],
  org_acme_research: ['ml-research', 'eval-harness', 'data-platform'],
  org_acme_research_eu: ['eu-compliance', 'ml-research', 'translation-memory'],
  org_globex: ['billing-core', 'warehouse-etl', 'support-portal', 'mobile-app'],
};
export const DEFAULT_PROJECTS: readonly string[] = ['general'];

/** Org assignment pattern for users (cycled). */
export const USER_ORG_PATTERN = [
  'org_acme',
  'org_acme_research',
  'org_globex',
  'org_acme',
  'org_acme_research_eu',
  'org_acme',
  'org_globex',
  'org_acme_research',
  'org_acme',
  'org_acme_research_eu',
  'org_globex',
  'org_acme',
] as const;

/** Roles for the 2nd, 3rd, ... user of an org (the first is admin). */
export const ROLE_PATTERN = ['developer', 'developer', 'analyst', 'developer', 'viewer', 'analyst', 'developer'] as const;

/** Relative number of sessions a user starts, by role. */
export const ROLE_ACTIVITY: Readonly<Record<string, number>> = { admin: 0.8, developer: 1, analyst: 0.7, viewer: 0.2 };

export const USER_NAMES = [
  'Alice Johnson',
  'Zoë Müller',
  'Łukasz Nowak',
  'Priya Raman',
  'Marcus Chen',
  'Sofia Rossi',
  'José Álvarez',
  'Hannah Schmidt',
  'Kenji Watanabe',
  'Amara Okafor',
  'Björn Lindqvist',
  'Chloé Martin',
  'David Kim',
  'Fatima Al-Sayed',
  'Søren Dahl',
  'Emily Carter',
  'Mateus Conceição',
  'Olga Ivanova',
  'Raj Patel',
  "Siobhán O'Brien",
  'Tomáš Novák',
  'Grace Liu',
  'Noah Williams',
  'Inés García',
] as const;

export type AgentType = 'single_task' | 'multi_step' | 'conversational' | 'workflow';

export const AGENT_NAMES: readonly (readonly [string, AgentType])[] = [
  ['PR Reviewer', 'multi_step'],
  ['Support Triage', 'conversational'],
  ['Release Notes Writer', 'single_task'],
  ['Test Generator', 'multi_step'],
  ['Incident Summarizer', 'single_task'],
  ['SQL Copilot', 'conversational'],
  ['Invoice Extractor', 'workflow'],
  ['Refactor Agent', 'multi_step'],
  ['Docs Assistant', 'conversational'],
  ['Data Pipeline Doctor', 'workflow'],
  ['Research Scout', 'multi_step'],
  ['Changelog Bot', 'single_task'],
  ['Security Auditor', 'workflow'],
  ['Onboarding Buddy', 'conversational'],
  ['Sales Email Drafter', 'single_task'],
  ['Meeting Notes', 'single_task'],
  ['Dependency Updater', 'workflow'],
  ['Log Analyzer', 'multi_step'],
  ['Translation Helper', 'single_task'],
  ['Contract Reviewer', 'multi_step'],
  ['Migration Planner', 'multi_step'],
  ['Query Optimizer', 'single_task'],
  ['Bug Reproducer', 'multi_step'],
  ['Design Critic', 'conversational'],
];

/** Typical run shape of an agent type; each agent scales the medians by its own seeded factors. */
export interface TypeProfile {
  latencyMedianMs: number;
  latencySigma: number;
  inputMedian: number;
  outputMedian: number;
  popularity: number;
}

export const TYPE_PROFILES: Readonly<Record<AgentType, TypeProfile>> = {
  single_task: { latencyMedianMs: 2200, latencySigma: 0.7, inputMedian: 2500, outputMedian: 450, popularity: 1 },
  multi_step: { latencyMedianMs: 14000, latencySigma: 0.8, inputMedian: 11000, outputMedian: 1500, popularity: 0.8 },
  conversational: { latencyMedianMs: 3500, latencySigma: 0.6, inputMedian: 3000, outputMedian: 550, popularity: 1.4 },
  workflow: { latencyMedianMs: 22000, latencySigma: 0.7, inputMedian: 8000, outputMedian: 1200, popularity: 0.6 },
};

export const ERROR_TYPES = ['timeout', 'rate_limit', 'tool_error', 'context_length'] as const;
/** Cumulative weights for ERROR_TYPES. */
export const ERROR_CUM = [0.3, 0.55, 0.9, 1] as const;
/** Two messages per ERROR_TYPES entry, with commas and quotes to exercise CSV quoting (`tricky`). */
export const TRICKY_ERROR_MESSAGES: readonly (readonly string[])[] = [
  ['timeout: upstream did not respond, retried 3x', 'timeout: step "plan" exceeded 60s, aborted'],
  ['rate_limit: 429 Too Many Requests, retry after 20s', 'rate_limit: tokens per minute exceeded, org quota'],
  ['tool_error: exit code 1, stderr: "ENOENT, no such file"', 'tool_error: tool "run_tests" failed, 3 of 120 tests red'],
  ['context_length: prompt is 212,345 tokens, max 200,000', 'context_length: "messages" too long, truncate history'],
];

/** Local-time hour-of-day activity profile (business hours peak, lunch dip). */
export const HOUR_PROFILE = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.9, 1.7, 2.6, 3, 2.9, 2, 2.6, 3, 2.8, 2.4, 1.8, 1.2, 0.9, 0.8, 0.65,
  0.45, 0.25,
];

/** Session size (runs) weights for sizes 1..8. */
export const SESSION_SIZE_WEIGHTS = [30, 20, 15, 12, 9, 6, 5, 3];
