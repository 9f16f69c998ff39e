/**
 * Seeded, deterministic generator of synthetic AI-agent usage data.
 *
 * Pure: no fs, no vscode, no Math.random, no wall clock. The same options and
 * seed always give byte-identical rows. `generateEvents` streams rows in
 * ascending time order, holding at most one UTC day of compact per-run state
 * in typed arrays (never the rows themselves).
 */

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

export interface GeneratorOptions {
  /** Number of event rows to produce (exact). */
  events: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** 'YYYY-MM-DD', last day with data, UTC. */
  endDay: string;
  /** Number of days ending on (and including) endDay. */
  days: number;
  /** Number of agents (default 12). */
  agents?: number;
  /** Number of users (default 24). */
  users?: number;
  /** Number of distinct models in use (default 8, max 8). */
  models?: number;
  /** Include names with commas/quotes and comma-laden error messages, as in benchmarks. */
  tricky?: boolean;
}

/** Dimension rows WITHOUT header, in the column order of the matching header. */
export interface SampleDimensions {
  orgs: string[][];
  users: string[][];
  agents: string[][];
}

export const eventHeader: readonly string[] = Object.freeze([
  'event_id',
  'timestamp',
  'org_id',
  'user_id',
  'user_email',
  'user_name',
  'role',
  'agent_id',
  'agent_name',
  'agent_type',
  'session_id',
  'model',
  'provider',
  'project',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'credits',
  'cost_usd',
  'latency_ms',
  'status',
  'error_type',
]);

export const agentHeader: readonly string[] = Object.freeze([
  'agent_id',
  'name',
  'type',
  'model',
  'created_by',
  'created_at',
  'org_id',
]);

export const userHeader: readonly string[] = Object.freeze(['user_id', 'email', 'name', 'role', 'org_id']);

export const orgHeader: readonly string[] = Object.freeze(['org_id', 'name', 'parent_org_id']);

export const DEFAULT_SEED = 42;
export const DEFAULT_AGENTS = 12;
export const DEFAULT_USERS = 24;

// ---------------------------------------------------------------------------
// Static reference data
// ---------------------------------------------------------------------------

interface ModelInfo {
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
const MODELS: readonly ModelInfo[] = [
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
const MAIN_MODEL_PATTERN = [0, 1, 3, 2, 5, 0, 4, 6, 1, 7, 0, 2] as const;

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

const ORGS: readonly (readonly [string, string, string])[] = [
  ['org_acme', 'Acme Corp', ''],
  ['org_acme_research', 'Acme Research', 'org_acme'],
  ['org_acme_research_eu', 'Acme Research EU', 'org_acme_research'],
  ['org_globex', 'Globex', ''],
];

/** UTC offset (hours) of each org's working day; drives the hour-of-day profile. */
const ORG_TZ: Readonly<Record<string, number>> = {
  org_acme: -5,
  org_acme_research: -8,
  org_acme_research_eu: 1,
  org_globex: -6,
};

const ORG_PROJECTS: Readonly<Record<string, readonly string[]>> = {
  org_acme: ['checkout-service', 'mobile-app', 'data-platform', 'docs-site', 'internal-tools'],
  org_acme_research: ['ml-research', 'eval-harness', 'data-platform'],
  org_acme_research_eu: ['eu-compliance', 'ml-research', 'translation-memory'],
  org_globex: ['billing-core', 'warehouse-etl', 'support-portal', 'mobile-app'],
};
const DEFAULT_PROJECTS: readonly string[] = ['general'];

/** Org assignment pattern for users (cycled). */
const USER_ORG_PATTERN = [
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
const ROLE_PATTERN = ['developer', 'developer', 'analyst', 'developer', 'viewer', 'analyst', 'developer'] as const;

const ROLE_ACTIVITY: Readonly<Record<string, number>> = { admin: 0.8, developer: 1, analyst: 0.7, viewer: 0.2 };

const USER_NAMES = [
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

type AgentType = 'single_task' | 'multi_step' | 'conversational' | 'workflow';

const AGENT_NAMES: readonly (readonly [string, AgentType])[] = [
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

interface TypeProfile {
  latencyMedianMs: number;
  latencySigma: number;
  inputMedian: number;
  outputMedian: number;
  popularity: number;
}

const TYPE_PROFILES: Readonly<Record<AgentType, TypeProfile>> = {
  single_task: { latencyMedianMs: 2200, latencySigma: 0.7, inputMedian: 2500, outputMedian: 450, popularity: 1 },
  multi_step: { latencyMedianMs: 14000, latencySigma: 0.8, inputMedian: 11000, outputMedian: 1500, popularity: 0.8 },
  conversational: { latencyMedianMs: 3500, latencySigma: 0.6, inputMedian: 3000, outputMedian: 550, popularity: 1.4 },
  workflow: { latencyMedianMs: 22000, latencySigma: 0.7, inputMedian: 8000, outputMedian: 1200, popularity: 0.6 },
};

const ERROR_TYPES = ['timeout', 'rate_limit', 'tool_error', 'context_length'] as const;
/** Cumulative weights for ERROR_TYPES. */
const ERROR_CUM = [0.3, 0.55, 0.9, 1] as const;
const TRICKY_ERROR_MESSAGES: readonly (readonly string[])[] = [
  ['timeout: upstream did not respond, retried 3x', 'timeout: step "plan" exceeded 60s, aborted'],
  ['rate_limit: 429 Too Many Requests, retry after 20s', 'rate_limit: tokens per minute exceeded, org quota'],
  ['tool_error: exit code 1, stderr: "ENOENT, no such file"', 'tool_error: tool "run_tests" failed, 3 of 120 tests red'],
  ['context_length: prompt is 212,345 tokens, max 200,000', 'context_length: "messages" too long, truncate history'],
];

/** Local-time hour-of-day activity profile (business hours peak, lunch dip). */
const HOUR_PROFILE = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.9, 1.7, 2.6, 3, 2.9, 2, 2.6, 3, 2.8, 2.4, 1.8, 1.2, 0.9, 0.8, 0.65,
  0.45, 0.25,
];

/** Session size (runs) weights for sizes 1..8. */
const SESSION_SIZE_WEIGHTS = [30, 20, 15, 12, 9, 6, 5, 3];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/** murmur3 fmix32 — decorrelates seeds for separate streams. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function streamSeed(seed: number, stream: number): number {
  return mix32((mix32(seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
}

/** mulberry32 with a few distribution helpers. */
class Rng {
  private state: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}

/** Index i such that cum[i-1] <= x < cum[i], searching cum[lo..hi). */
function searchCum(cum: Float64Array | readonly number[], x: number, hi: number): number {
  let lo = 0;
  hi -= 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i]!;
    out[i] = s;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Option handling
// ---------------------------------------------------------------------------

interface Resolved {
  events: number;
  seed: number;
  days: number;
  agents: number;
  users: number;
  models: number;
  tricky: boolean;
  /** Epoch ms of 00:00 UTC on the first day of the window. */
  startMs: number;
}

function parseDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`endDay must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`endDay is not a valid date: ${day}`);
  }
  return ms;
}

function positiveInt(name: string, v: number | undefined, dflt: number, min: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < min) throw new Error(`${name} must be an integer >= ${min}, got ${String(v)}`);
  return x;
}

function resolve(opts: GeneratorOptions): Resolved {
  const days = positiveInt('days', opts.days, 1, 1);
  const endMs = parseDay(opts.endDay);
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(seed)) throw new Error(`seed must be a number, got ${String(opts.seed)}`);
  return {
    events: positiveInt('events', opts.events, 0, 0),
    seed: Math.trunc(seed),
    days,
    agents: positiveInt('agents', opts.agents, DEFAULT_AGENTS, 1),
    users: positiveInt('users', opts.users, DEFAULT_USERS, 1),
    models: Math.min(positiveInt('models', opts.models, MODELS.length, 1), MODELS.length),
    tricky: opts.tricky ?? false,
    startMs: endMs - (days - 1) * DAY_MS,
  };
}

function tenantOf(orgId: string, parent: ReadonlyMap<string, string>): string {
  let cur = orgId;
  for (let guard = 0; guard < 64; guard++) {
    const p = parent.get(cur);
    if (!p) return cur;
    cur = p;
  }
  return cur;
}

// ---------------------------------------------------------------------------
// Dimensions
// ---------------------------------------------------------------------------

const FOLD: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', đ: 'd' };

function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁøØßæÆđ]/g, (c) => FOLD[c] ?? c)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

export function generateDimensions(opts: GeneratorOptions): SampleDimensions {
  const r = resolve(opts);
  const rng = new Rng(streamSeed(r.seed, 1));
  const orgs = ORGS.map((o) => [...o]);
  const parent = new Map(ORGS.map((o) => [o[0], o[2]] as const));

  // Users
  const users: string[][] = [];
  const perOrg = new Map<string, number>();
  const emails = new Set<string>();
  const firsts = USER_NAMES.map((n) => n.split(' ')[0]!);
  const lasts = USER_NAMES.map((n) => n.slice(n.indexOf(' ') + 1));
  for (let i = 0; i < r.users; i++) {
    const org = USER_ORG_PATTERN[i % USER_ORG_PATTERN.length]!;
    const k = perOrg.get(org) ?? 0;
    perOrg.set(org, k + 1);
    const role = k === 0 ? 'admin' : ROLE_PATTERN[(k - 1) % ROLE_PATTERN.length]!;
    const name =
      i < USER_NAMES.length
        ? USER_NAMES[i]!
        : `${firsts[i % firsts.length]!} ${lasts[(i * 7 + 3 + Math.floor(i / lasts.length)) % lasts.length]!}`;
    const domain = tenantOf(org, parent) === 'org_globex' ? 'globex.example' : 'acme.example';
    const sp = name.indexOf(' ');
    const local = `${asciiSlug(name.slice(0, sp))}.${asciiSlug(name.slice(sp + 1))}`;
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);
    users.push([`usr_${String(i + 1).padStart(3, '0')}`, email, name, role, org]);
  }

  // Agents
  const endMs = r.startMs + (r.days - 1) * DAY_MS;
  const last30Start = Math.max(r.startMs, endMs - 29 * DAY_MS);
  const agents: string[][] = [];
  for (let i = 0; i < r.agents; i++) {
    const base = AGENT_NAMES[i % AGENT_NAMES.length]!;
    const round = Math.floor(i / AGENT_NAMES.length);
    let name = round === 0 ? base[0] : `${base[0]} ${round + 1}`;
    if (r.tricky && i % 17 === 0) {
      const v = Math.floor(i / 17) % 3;
      name = v === 0 ? `${name}, Strict Mode` : v === 1 ? `${name} "Beta"` : `${name} "Nightly", EU`;
    }
    const type = base[1];
    const model = MODELS[MAIN_MODEL_PATTERN[i % MAIN_MODEL_PATTERN.length]! % r.models]!;

    // Creator: an admin/developer of the intended tenant.
    const wantTenant = i % 4 === 3 ? 'org_globex' : 'org_acme';
    let cands = users.filter((u) => tenantOf(u[4]!, parent) === wantTenant && (u[3] === 'admin' || u[3] === 'developer'));
    if (cands.length === 0) cands = users.filter((u) => tenantOf(u[4]!, parent) === wantTenant);
    if (cands.length === 0) cands = users;
    const creator = cands[rng.int(cands.length)]!;

    // Creation date: most before the window, some inside it, some in its last 30 days.
    // Agent 0 and the first Globex agent always predate the window so every day has agents.
    const slot = i % 6;
    let dayMs: number;
    if (slot === 4) dayMs = last30Start + rng.int(Math.max(1, Math.round((endMs - last30Start) / DAY_MS * 0.7))) * DAY_MS;
    else if (slot === 5 && last30Start > r.startMs) dayMs = r.startMs + rng.int((last30Start - r.startMs) / DAY_MS) * DAY_MS;
    else dayMs = r.startMs - (1 + rng.int(300)) * DAY_MS;
    const created = dayMs + (8 + rng.int(10)) * HOUR_MS + rng.int(3600) * 1000 + rng.int(1000);
    agents.push([
      `agt_${String(i + 1).padStart(3, '0')}`,
      name,
      type,
      model.name,
      creator[0]!,
      isoAt(created),
      creator[4]!,
    ]);
  }

  return { orgs, users, agents };
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

interface UserCtx {
  id: string;
  email: string;
  name: string;
  role: string;
  org: string;
  tenant: number;
  tz: number;
  projects: readonly string[];
}

interface AgentCtx {
  id: string;
  name: string;
  type: string;
  main: ModelInfo;
  secondary: ModelInfo;
  /** First day index (0 = window start) on which the agent can run. */
  activeFrom: number;
  errorRate: number;
  latencyMedian: number;
  latencySigma: number;
  inputMedian: number;
  outputMedian: number;
  conversational: boolean;
}

interface TenantCtx {
  /** Agent indices ordered by activeFrom. */
  agents: number[];
  activeFrom: number[];
  cum: Float64Array;
}

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Invertible 32-bit permutation: unique session ids that look random. */
function sessionId(n: number, salt: number): string {
  let h = (n ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h = (h ^ (h >>> 16)) >>> 0;
  return 'ses_' + h.toString(16).padStart(8, '0');
}

function modelByName(name: string): ModelInfo {
  for (const m of MODELS) if (m.name === name) return m;
  return { ...FALLBACK_MODEL, name };
}

/** '.ddd' for 0..999 with trailing zeros removed ('' for 0), and the same without the dot. */
const FRAC3: readonly string[] = Array.from({ length: 1000 }, (_, i) =>
  i === 0 ? '' : '.' + String(i).padStart(3, '0').replace(/0+$/, ''),
);
const TAIL3: readonly string[] = FRAC3.map((f) => f.slice(1));
/** Fractions with 4 digits, trailing zeros removed. */
const FRAC4: readonly string[] = Array.from({ length: 10000 }, (_, i) =>
  i === 0 ? '' : '.' + String(i).padStart(4, '0').replace(/0+$/, ''),
);

/** Non-negative x rounded to 4 decimals, plain decimal notation, no trailing zeros. */
function round4(x: number): string {
  const k = Math.round(x * 1e4);
  const ip = Math.floor(k / 1e4);
  return String(ip) + FRAC4[k - ip * 1e4]!;
}
/** Non-negative x rounded to 6 decimals, plain decimal notation, no trailing zeros. */
function round6(x: number): string {
  const k = Math.round(x * 1e6);
  const ip = Math.floor(k / 1e6);
  const fr = k - ip * 1e6;
  if (fr === 0) return String(ip);
  const hi = Math.floor(fr / 1000);
  const lo = fr - hi * 1000;
  return lo === 0 ? String(ip) + FRAC3[hi]! : String(ip) + '.' + PAD3[hi]! + TAIL3[lo]!;
}
function clampInt(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : Math.round(x);
}

/**
 * Streams event rows (no header) in ascending timestamp order.
 * Options are validated eagerly; rows are produced lazily.
 */
export function generateEvents(opts: GeneratorOptions, dims: SampleDimensions): Generator<string[]> {
  const r = resolve(opts);
  const parent = new Map<string, string>();
  for (const o of dims.orgs) parent.set(o[0] ?? '', o[2] ?? '');
  if (dims.users.length === 0) throw new Error('generateEvents: no users');
  if (dims.agents.length === 0) throw new Error('generateEvents: no agents');

  const prm = new Rng(streamSeed(r.seed, 2));

  // Tenants (root orgs)
  const tenantIndex = new Map<string, number>();
  const tenantOfIdx = (org: string): number => {
    const t = tenantOf(org, parent);
    let idx = tenantIndex.get(t);
    if (idx === undefined) {
      idx = tenantIndex.size;
      tenantIndex.set(t, idx);
    }
    return idx;
  };

  // Users with Zipf-ish popularity over a shuffled rank.
  const users: UserCtx[] = dims.users.map((u) => {
    const org = u[4] ?? '';
    return {
      id: u[0] ?? '',
      email: u[1] ?? '',
      name: u[2] ?? '',
      role: u[3] ?? '',
      org,
      tenant: tenantOfIdx(org),
      tz: ORG_TZ[org] ?? 0,
      projects: ORG_PROJECTS[org] ?? DEFAULT_PROJECTS,
    };
  });
  const userRanks = prm.shuffle(users.map((_, i) => i));
  const userCum = cumulative(
    users.map((u, i) => (ROLE_ACTIVITY[u.role] ?? 0.5) / Math.pow(userRanks[i]! + 1, 0.75)),
  );
  const userTotal = userCum[userCum.length - 1]!;

  // Agents with per-agent behaviour drawn from the seed.
  const modelPool = MODELS.slice(0, r.models);
  const agentRanks = prm.shuffle(dims.agents.map((_, i) => i));
  const agents: AgentCtx[] = [];
  const agentTenant: number[] = [];
  const agentPop: number[] = [];
  for (let i = 0; i < dims.agents.length; i++) {
    const a = dims.agents[i]!;
    const type = a[2] ?? '';
    const prof = TYPE_PROFILES[type as AgentType] ?? TYPE_PROFILES.single_task;
    const main = modelByName(a[3] ?? '');
    const others = modelPool.filter((m) => m.name !== main.name);
    const secondary = others.length > 0 ? others[prm.int(others.length)]! : main;
    const createdMs = Date.parse(a[5] ?? '');
    const activeFrom = Number.isNaN(createdMs) ? -1 : Math.floor((createdMs - r.startMs) / DAY_MS) + 1;
    agents.push({
      id: a[0] ?? '',
      name: a[1] ?? '',
      type,
      main,
      secondary,
      activeFrom,
      errorRate: prm.range(0.01, 0.1),
      latencyMedian: prof.latencyMedianMs * prm.range(0.7, 1.4),
      latencySigma: prof.latencySigma,
      inputMedian: prof.inputMedian * prm.range(0.6, 1.6),
      outputMedian: prof.outputMedian * prm.range(0.6, 1.6),
      conversational: type === 'conversational',
    });
    agentTenant.push(tenantOfIdx(a[6] ?? ''));
    agentPop.push(prof.popularity / Math.pow(agentRanks[i]! + 1, 0.9));
  }

  const buildTenant = (members: number[]): TenantCtx => {
    const sorted = [...members].sort((x, y) => agents[x]!.activeFrom - agents[y]!.activeFrom || x - y);
    return {
      agents: sorted,
      activeFrom: sorted.map((x) => agents[x]!.activeFrom),
      cum: cumulative(sorted.map((x) => agentPop[x]!)),
    };
  };
  const tenants: TenantCtx[] = [];
  for (let t = 0; t < tenantIndex.size; t++) {
    tenants.push(buildTenant(agents.map((_, i) => i).filter((i) => agentTenant[i] === t)));
  }
  const globalTenant = buildTenant(agents.map((_, i) => i));

  // Day weights: adoption growth, weekday/weekend, day-to-day noise; exact allocation.
  const days = r.days;
  const drng = new Rng(streamSeed(r.seed, 3));
  const weights: number[] = [];
  let wsum = 0;
  for (let d = 0; d < days; d++) {
    const dow = new Date(r.startMs + d * DAY_MS).getUTCDay();
    const weekend = dow === 0 || dow === 6;
    const trend = days > 1 ? 0.55 + 0.45 * (d / (days - 1)) : 1;
    const w = trend * (weekend ? 0.3 : dow === 1 ? 1.08 : 1) * drng.logNormal(1, 0.18);
    weights.push(w);
    wsum += w;
  }
  const counts = new Int32Array(days);
  const frac: number[] = [];
  let assigned = 0;
  for (let d = 0; d < days; d++) {
    const exact = (r.events * weights[d]!) / wsum;
    const c = Math.floor(exact);
    counts[d] = c;
    assigned += c;
    frac.push(exact - c);
  }
  const order = frac.map((_, d) => d).sort((a, b) => frac[b]! - frac[a]! || a - b);
  for (let k = 0; k < r.events - assigned; k++) {
    const d = order[k % days]!;
    counts[d] = counts[d]! + 1;
  }

  const dayPrefix: string[] = [];
  for (let d = 0; d < days; d++) dayPrefix.push(isoAt(r.startMs + d * DAY_MS).slice(0, 11));

  const hourCum = cumulative(HOUR_PROFILE);
  const hourTotal = hourCum[23]!;
  const sizeCum = cumulative(SESSION_SIZE_WEIGHTS);
  const sizeTotal = sizeCum[sizeCum.length - 1]!;

  let maxPerDay = 0;
  for (let d = 0; d < days; d++) if (counts[d]! > maxPerDay) maxPerDay = counts[d]!;

  return run();

  function* run(): Generator<string[]> {
    const rng = new Rng(streamSeed(r.seed, 4));
    const idWidth = Math.max(6, String(r.events).length);
    const sessionSalt = streamSeed(r.seed, 5);
    const tricky = r.tricky;

    const times = new Int32Array(maxPerDay);
    const uIdx = new Int32Array(maxPerDay);
    const aIdx = new Int32Array(maxPerDay);
    const sess = new Int32Array(maxPerDay);
    const proj = new Int32Array(maxPerDay);
    const runNo = new Int32Array(maxPerDay);
    const keys = new Float64Array(maxPerDay);
    const gaps = new Float64Array(8);
    const KEY = 67_108_864; // 2^26

    let sessionCounter = 0;
    let eventNo = 0;
    const daySessions: string[] = [];

    for (let d = 0; d < days; d++) {
      const n = counts[d]!;
      if (n === 0) continue;

      // 1. Plan sessions for the day.
      const firstSession = sessionCounter;
      let filled = 0;
      while (filled < n) {
        const size = Math.min(searchCum(sizeCum, rng.next() * sizeTotal, sizeCum.length) + 1, n - filled);
        const ui = searchCum(userCum, rng.next() * userTotal, userCum.length);
        const user = users[ui]!;
        let ten = tenants[user.tenant]!;
        let k = activeCount(ten, d);
        if (k === 0) {
          ten = globalTenant;
          k = activeCount(ten, d);
          if (k === 0) k = ten.agents.length; // nothing created yet: use all
        }
        const ai = ten.agents[searchCum(ten.cum, rng.next() * ten.cum[k - 1]!, k)]!;
        const pi = rng.int(user.projects.length);
        const sNo = sessionCounter++;

        let total = 0;
        for (let j = 1; j < size; j++) {
          const g = rng.logNormal(45_000, 0.9);
          gaps[j] = g < 2000 ? 2000 : g > 900_000 ? 900_000 : g;
          total += gaps[j]!;
        }
        const localHour = searchCum(hourCum, rng.next() * hourTotal, 24);
        const utcHour = (((localHour - user.tz) % 24) + 24) % 24;
        let t = utcHour * HOUR_MS + rng.next() * HOUR_MS;
        if (t + total > DAY_MS - 1) t = Math.max(0, DAY_MS - 1 - total);
        for (let j = 0; j < size; j++) {
          if (j > 0) t += gaps[j]!;
          const at = filled + j;
          const ms = Math.floor(t);
          times[at] = ms < DAY_MS ? ms : DAY_MS - 1;
          uIdx[at] = ui;
          aIdx[at] = ai;
          sess[at] = rng.next() < 0.05 ? -1 : sNo;
          proj[at] = pi;
          runNo[at] = j;
        }
        filled += size;
      }

      daySessions.length = 0;
      for (let sn = firstSession; sn < sessionCounter; sn++) daySessions.push(sessionId(sn, sessionSalt));

      // 2. Sort the day by time (stable on planning order).
      if (n < KEY) {
        for (let i = 0; i < n; i++) keys[i] = times[i]! * KEY + i;
        keys.subarray(0, n).sort();
      } else {
        const idx = Array.from({ length: n }, (_, i) => i);
        idx.sort((x, y) => times[x]! - times[y]! || x - y);
        for (let i = 0; i < n; i++) keys[i] = idx[i]!;
      }
      const prefix = dayPrefix[d]!;

      // 3. Emit rows.
      for (let s = 0; s < n; s++) {
        const i = n < KEY ? keys[s]! % KEY : keys[s]!;
        const user = users[uIdx[i]!]!;
        const agent = agents[aIdx[i]!]!;
        const model = rng.next() < 0.1 ? agent.secondary : agent.main;

        const tm = times[i]!;
        const h = Math.floor(tm / HOUR_MS);
        const mi = Math.floor((tm % HOUR_MS) / 60_000);
        const sec = Math.floor((tm % 60_000) / 1000);
        const timestamp = prefix + PAD2[h]! + ':' + PAD2[mi]! + ':' + PAD2[sec]! + '.' + PAD3[tm % 1000]! + 'Z';

        // Tokens
        const growth = agent.conversational ? 1 + 0.35 * runNo[i]! : 1;
        let input = clampInt(rng.logNormal(agent.inputMedian * growth, 0.9), 200, 50_000);
        let output = clampInt(rng.logNormal(agent.outputMedian, 0.8), 50, 8000);
        let cacheRead = 0;
        let cacheWrite = 0;
        const cu = rng.next();
        if (model.provider === 'anthropic') {
          if (cu < 0.55) cacheRead = Math.round(input * rng.range(0.5, 3));
          if (rng.next() < 0.3) cacheWrite = Math.round(input * rng.range(0.1, 0.6));
        } else if (model.provider === 'openai') {
          if (cu < 0.4) cacheRead = Math.round(input * rng.range(0.2, 0.8));
        } else if (cu < 0.25) cacheRead = Math.round(input * rng.range(0.2, 0.9));
        let reasoning = 0;
        if (model.reasoning === 'always') reasoning = Math.round(output * rng.range(0.5, 4));
        else if (model.reasoning === 'sometimes' && rng.next() < 0.5) reasoning = Math.round(output * rng.range(0.3, 2));

        let latency = agent.latencyMedian * model.speed * Math.exp(agent.latencySigma * rng.normal());

        // Status
        let status = 'ok';
        let errorType = '';
        if (rng.next() < agent.errorRate) {
          status = 'error';
          const eu = rng.next();
          const et = eu < ERROR_CUM[0] ? 0 : eu < ERROR_CUM[1] ? 1 : eu < ERROR_CUM[2] ? 2 : 3;
          const alt = rng.next() < 0.5 ? 0 : 1;
          errorType = tricky ? TRICKY_ERROR_MESSAGES[et]![alt]! : ERROR_TYPES[et]!;
          if (et === 0) {
            // timeout: partial output, long wait
            output = Math.round(output * rng.range(0, 0.3));
            reasoning = Math.round(reasoning * 0.3);
            latency = rng.range(30_000, 120_000);
          } else if (et === 1) {
            // rate_limit: rejected before any tokens were processed
            input = 0;
            output = 0;
            cacheRead = 0;
            cacheWrite = 0;
            reasoning = 0;
            latency = rng.range(40, 400);
          } else if (et === 3) {
            // context_length: huge prompt, nothing generated
            input = clampInt(rng.range(45_000, 50_000), 0, 50_000);
            output = 0;
            cacheWrite = 0;
            reasoning = 0;
            latency = rng.range(150, 900);
          }
        }
        if (latency < 120) latency = 120 + rng.int(80);
        if (latency > 180_000) latency = 180_000;
        const latencyStr = rng.next() < 0.03 ? '' : String(Math.round(latency));

        const credits =
          ((input + output + reasoning + cacheWrite + cacheRead * 0.1) / 1000) * model.creditFactor;
        const cost =
          (input * model.input +
            (output + reasoning) * model.output +
            cacheRead * model.cacheRead +
            cacheWrite * model.cacheWrite) /
          1e6;

        const sNo = sess[i]!;
        eventNo++;
        yield [
          'evt_' + String(eventNo).padStart(idWidth, '0'),
          timestamp,
          user.org,
          user.id,
          user.email,
          user.name,
          user.role,
          agent.id,
          agent.name,
          agent.type,
          sNo < 0 ? '' : daySessions[sNo - firstSession]!,
          model.name,
          model.name === '' ? '' : model.provider,
          user.projects[proj[i]!]!,
          String(input),
          String(output),
          String(cacheRead),
          String(cacheWrite),
          String(reasoning),
          round4(credits),
          round6(cost),
          latencyStr,
          status,
          errorType,
        ];
      }
    }
  }

  function activeCount(t: TenantCtx, day: number): number {
    // activeFrom is sorted ascending; count entries <= day.
    const af = t.activeFrom;
    let lo = 0;
    let hi = af.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (af[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
