/** The org, user and agent tables (dimension rows) of a sample. */

import { AGENT_NAMES, MAIN_MODEL_PATTERN, MODELS, ORGS, ROLE_PATTERN, USER_NAMES, USER_ORG_PATTERN } from './catalog';
import { resolveOptions, type GeneratorOptions, type ResolvedOptions } from './options';
import { Rng, streamSeed } from './random';
import { DAY_MS, HOUR_MS, isoAt } from './time';

/** Dimension rows WITHOUT header, in the column order of the matching header. */
export interface SampleDimensions {
  orgs: string[][];
  users: string[][];
  agents: string[][];
}

/** The root org (tenant) above `orgId`; `parent` maps an org to its parent ('' for a root). */
export function tenantOf(orgId: string, parent: ReadonlyMap<string, string>): string {
  let cur = orgId;
  // Bounded so that a cycle in user-supplied dimensions cannot hang the generator.
  for (let guard = 0; guard < 64; guard++) {
    const p = parent.get(cur);
    if (!p) return cur;
    cur = p;
  }
  return cur;
}

const FOLD: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', đ: 'd' };

/** Lower-case ASCII for an email local part: accents stripped, letters NFD cannot decompose folded by hand. */
function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁøØßæÆđ]/g, (c) => FOLD[c] ?? c)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

export function generateDimensions(opts: GeneratorOptions): SampleDimensions {
  const r = resolveOptions(opts);
  const rng = new Rng(streamSeed(r.seed, 1));
  const orgs = ORGS.map((o) => [...o]);
  const parent = new Map(ORGS.map((o) => [o[0], o[2]] as const));
  const users = generateUsers(r.users, parent);
  const agents = generateAgents(r, users, parent, rng);
  return { orgs, users, agents };
}

/** [user_id, email, name, role, org_id] rows; deterministic without randomness. */
function generateUsers(count: number, parent: ReadonlyMap<string, string>): string[][] {
  const users: string[][] = [];
  const perOrg = new Map<string, number>();
  const emails = new Set<string>();
  const firsts = USER_NAMES.map((n) => n.split(' ')[0]!);
  const lasts = USER_NAMES.map((n) => n.slice(n.indexOf(' ') + 1));
  for (let i = 0; i < count; i++) {
    const org = USER_ORG_PATTERN[i % USER_ORG_PATTERN.length]!;
    const k = perOrg.get(org) ?? 0;
    perOrg.set(org, k + 1);
    const role = k === 0 ? 'admin' : ROLE_PATTERN[(k - 1) % ROLE_PATTERN.length]!;
    // Past the named people, recombine first and last names.
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
  return users;
}

/** [agent_id, name, type, model, created_by, created_at, org_id] rows. */
function generateAgents(
  r: ResolvedOptions,
  users: string[][],
  parent: ReadonlyMap<string, string>,
  rng: Rng,
): string[][] {
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
  return agents;
}
