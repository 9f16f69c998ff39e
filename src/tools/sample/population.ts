/**
 * Who runs what: the users and agents of the dimension tables with the seeded
 * behaviour the event stream draws from (popularity, error rate, token and
 * latency medians), and each tenant's agents ordered by creation.
 */

import { DEFAULT_PROJECTS, MODELS, ORG_PROJECTS, ORG_TZ, ROLE_ACTIVITY, TYPE_PROFILES, modelByName, type AgentType, type ModelInfo } from './catalog';
import { tenantOf, type SampleDimensions } from './dimensions';
import type { ResolvedOptions } from './options';
import { cumulativeWeights, type Rng } from './random';
import { DAY_MS } from './time';

export interface EventUser {
  id: string;
  email: string;
  name: string;
  role: string;
  org: string;
  /** Index into Population.tenants. */
  tenant: number;
  /** UTC offset (hours) of the user's working day. */
  tz: number;
  projects: readonly string[];
}

export interface EventAgent {
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

/** A tenant's agents, for picking one that already exists on a given day. */
export interface TenantAgents {
  /** Agent indices ordered by activeFrom. */
  agents: number[];
  activeFrom: number[];
  /** Running popularity sums over `agents`. */
  cum: Float64Array;
}

export interface Population {
  users: EventUser[];
  /** Running activity sums over `users`. */
  userCum: Float64Array;
  agents: EventAgent[];
  /** Indexed by EventUser.tenant. */
  tenants: TenantAgents[];
  /** All agents, for tenants none of whose agents exist yet. */
  allAgents: TenantAgents;
}

/** Draws from `rng` in a fixed order: user ranks, agent ranks, then per agent its secondary model and behaviour. */
export function buildPopulation(r: ResolvedOptions, dims: SampleDimensions, rng: Rng): Population {
  const parent = new Map<string, string>();
  for (const o of dims.orgs) parent.set(o[0] ?? '', o[2] ?? '');
  if (dims.users.length === 0) throw new Error('generateEvents: no users');
  if (dims.agents.length === 0) throw new Error('generateEvents: no agents');

  // Tenant indices are assigned in order of first appearance: users first, then agents.
  const tenantIndex = new Map<string, number>();
  const tenantIndexOf = (org: string): number => {
    const t = tenantOf(org, parent);
    let idx = tenantIndex.get(t);
    if (idx === undefined) {
      idx = tenantIndex.size;
      tenantIndex.set(t, idx);
    }
    return idx;
  };

  // Users with Zipf-ish popularity over a shuffled rank.
  const users: EventUser[] = dims.users.map((u) => {
    const org = u[4] ?? '';
    return {
      id: u[0] ?? '',
      email: u[1] ?? '',
      name: u[2] ?? '',
      role: u[3] ?? '',
      org,
      tenant: tenantIndexOf(org),
      tz: ORG_TZ[org] ?? 0,
      projects: ORG_PROJECTS[org] ?? DEFAULT_PROJECTS,
    };
  });
  const userRanks = rng.shuffle(users.map((_, i) => i));
  const userCum = cumulativeWeights(
    users.map((u, i) => (ROLE_ACTIVITY[u.role] ?? 0.5) / Math.pow(userRanks[i]! + 1, 0.75)),
  );

  // Agents with per-agent behaviour drawn from the seed.
  const modelPool = MODELS.slice(0, r.models);
  const agentRanks = rng.shuffle(dims.agents.map((_, i) => i));
  const agents: EventAgent[] = [];
  const agentTenant: number[] = [];
  const agentPopularity: number[] = [];
  for (let i = 0; i < dims.agents.length; i++) {
    const a = dims.agents[i]!;
    const type = a[2] ?? '';
    const prof = TYPE_PROFILES[type as AgentType] ?? TYPE_PROFILES.single_task;
    const main = modelByName(a[3] ?? '');
    const others = modelPool.filter((m) => m.name !== main.name);
    const secondary = others.length > 0 ? others[rng.int(others.length)]! : main;
    const createdMs = Date.parse(a[5] ?? '');
    const activeFrom = Number.isNaN(createdMs) ? -1 : Math.floor((createdMs - r.startMs) / DAY_MS) + 1;
    agents.push({
      id: a[0] ?? '',
      name: a[1] ?? '',
      type,
      main,
      secondary,
      activeFrom,
      errorRate: rng.range(0.01, 0.1),
      latencyMedian: prof.latencyMedianMs * rng.range(0.7, 1.4),
      latencySigma: prof.latencySigma,
      inputMedian: prof.inputMedian * rng.range(0.6, 1.6),
      outputMedian: prof.outputMedian * rng.range(0.6, 1.6),
      conversational: type === 'conversational',
    });
    agentTenant.push(tenantIndexOf(a[6] ?? ''));
    agentPopularity.push(prof.popularity / Math.pow(agentRanks[i]! + 1, 0.9));
  }

  const tenantAgents = (members: number[]): TenantAgents => {
    const sorted = [...members].sort((x, y) => agents[x]!.activeFrom - agents[y]!.activeFrom || x - y);
    return {
      agents: sorted,
      activeFrom: sorted.map((x) => agents[x]!.activeFrom),
      cum: cumulativeWeights(sorted.map((x) => agentPopularity[x]!)),
    };
  };
  const tenants: TenantAgents[] = [];
  for (let t = 0; t < tenantIndex.size; t++) {
    tenants.push(tenantAgents(agents.map((_, i) => i).filter((i) => agentTenant[i] === t)));
  }
  const allAgents = tenantAgents(agents.map((_, i) => i));

  return { users, userCum, agents, tenants, allAgents };
}

/** How many of the tenant's agents exist on `day` (a prefix of `t.agents`, which is sorted by activeFrom). */
export function activeAgentCount(t: TenantAgents, day: number): number {
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
