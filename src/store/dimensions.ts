/**
 * Resolves dimension ids to integer keys during an import, creating rows on first sight.
 * Events only fill attributes that are still empty; dimension files overwrite them.
 */
import type { Database, Statement } from 'sql.js';
import type { AgentRecord, EventRecord, OrgRecord, UserRecord } from '../core/ingest/normalise';

type Attr = string | number | null;
type Mode = 'fill' | 'overwrite';

interface Entry {
  key: number;
  attrs: Attr[];
}

/** A table of ids with integer keys (and attributes), rows created on first sight; also the labels of event_rows (no attributes). */
export class DimensionTable {
  private readonly entries = new Map<string, Entry>();
  private readonly fill: Statement;
  private readonly overwrite: Statement;

  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly keyColumn: string,
    private readonly idColumn: string,
    private readonly attrColumns: readonly string[],
  ) {
    const placeholders = attrColumns.map(() => '?').join(', ');
    const insert = `INSERT INTO ${table} (${idColumn}${attrColumns.map((c) => `, ${c}`).join('')}) VALUES (?${attrColumns.length ? `, ${placeholders}` : ''})`;
    const fillSet = attrColumns.map((c) => `${c} = COALESCE(${c}, excluded.${c})`).join(', ');
    const overwriteSet = attrColumns.map((c) => `${c} = COALESCE(excluded.${c}, ${c})`).join(', ');
    const conflict = (set: string) => (set ? `ON CONFLICT(${idColumn}) DO UPDATE SET ${set}` : `ON CONFLICT(${idColumn}) DO UPDATE SET ${idColumn} = excluded.${idColumn}`);
    this.fill = db.prepare(`${insert} ${conflict(fillSet)} RETURNING ${keyColumn}, ${attrColumns.join(', ') || idColumn}`);
    this.overwrite = db.prepare(`${insert} ${conflict(overwriteSet)} RETURNING ${keyColumn}, ${attrColumns.join(', ') || idColumn}`);
    const rows = db.exec(`SELECT ${idColumn}, ${keyColumn}${attrColumns.map((c) => `, ${c}`).join('')} FROM ${table}`)[0]?.values ?? [];
    for (const [id, key, ...attrs] of rows) this.entries.set(String(id), { key: Number(key), attrs: attrs as Attr[] });
  }

  resolve(id: string, attrs: Attr[], mode: Mode): number {
    const entry = this.entries.get(id);
    if (entry && !this.needsWrite(entry, attrs, mode)) return entry.key;
    const statement = mode === 'fill' ? this.fill : this.overwrite;
    statement.bind([id, ...attrs]);
    statement.step();
    const [key, ...stored] = statement.get() as Attr[];
    statement.reset();
    const resolved = { key: Number(key), attrs: this.attrColumns.length ? stored : [] };
    this.entries.set(id, resolved);
    return resolved.key;
  }

  /**
   * Folds the row `fromId` into `intoId`: renamed when `intoId` is new, otherwise its events move to
   * `intoId` (whose empty attributes take the folded row's values) and the row is deleted. True when events moved.
   */
  merge(fromId: string, intoId: string): boolean {
    const from = this.entries.get(fromId);
    if (!from || fromId === intoId) return false;
    this.entries.delete(fromId);
    const into = this.entries.get(intoId);
    if (!into) {
      this.db.run(`UPDATE ${this.table} SET ${this.idColumn} = ? WHERE ${this.keyColumn} = ?`, [intoId, from.key]);
      this.entries.set(intoId, from);
      return false;
    }
    this.db.run(`UPDATE event_rows SET ${this.keyColumn} = ? WHERE ${this.keyColumn} = ?`, [into.key, from.key]);
    const moved = this.db.getRowsModified() > 0;
    this.db.run(`DELETE FROM ${this.table} WHERE ${this.keyColumn} = ?`, [from.key]);
    this.resolve(intoId, from.attrs, 'fill');
    return moved;
  }

  private needsWrite(entry: Entry, attrs: Attr[], mode: Mode): boolean {
    for (let i = 0; i < attrs.length; i++) {
      const incoming = attrs[i];
      if (incoming === null || incoming === undefined) continue;
      if (mode === 'fill' ? entry.attrs[i] === null : entry.attrs[i] !== incoming) return true;
    }
    return false;
  }

  free(): void {
    this.fill.free();
    this.overwrite.free();
  }
}

export class DimensionResolver {
  private readonly orgs: DimensionTable;
  private readonly users: DimensionTable;
  private readonly agents: DimensionTable;
  private readonly models: DimensionTable;
  /** lower-cased email → user_id, so an event that only names an email finds the imported user */
  private readonly userIdByEmail = new Map<string, string>();
  /** a user record moved events to another user key (the only way dimension records change events) */
  eventsRewritten = false;
  /** what an event tells of its user (email, name, role, org), agent (name, type, -, created by, -, org) and model (provider) */
  private readonly eventAttrs: { user: Attr[]; agent: Attr[]; model: Attr[] } = { user: [null, null, null, null], agent: [null, null, null, null, null, null], model: [null] };

  constructor(db: Database) {
    const rows = db.exec('SELECT lower(email), user_id FROM users WHERE email IS NOT NULL')[0]?.values ?? [];
    for (const [email, userId] of rows) this.userIdByEmail.set(String(email), String(userId));
    this.orgs = new DimensionTable(db, 'orgs', 'org_key', 'org_id', ['name', 'parent_org_key']);
    this.users = new DimensionTable(db, 'users', 'user_key', 'user_id', ['email', 'name', 'role', 'org_key']);
    this.agents = new DimensionTable(db, 'agents', 'agent_key', 'agent_id', ['name', 'type', 'model', 'created_by', 'created_at', 'org_key']);
    this.models = new DimensionTable(db, 'models', 'model_key', 'name', ['provider']);
  }

  org(orgId: string | null, name: string | null = null, parentOrgId: string | null = null, mode: Mode = 'fill'): number | null {
    if (orgId === null) return null;
    const parentKey = parentOrgId === null || parentOrgId === orgId ? null : this.org(parentOrgId);
    return this.orgs.resolve(orgId, [name, parentKey], mode);
  }

  event(record: EventRecord): { orgKey: number | null; userKey: number | null; agentKey: number | null; modelKey: number | null } {
    const orgKey = this.org(record.orgId, record.orgName, record.parentOrgId);
    const email = record.userEmail?.toLowerCase() ?? null;
    const userId = email !== null && record.userId === email ? (this.userIdByEmail.get(email) ?? email) : record.userId;
    if (email !== null && userId !== null && !this.userIdByEmail.has(email)) this.userIdByEmail.set(email, userId);
    // each row's attributes in arrays written again for every row (resolve keeps none of them)
    let userKey: number | null = null;
    if (userId !== null) {
      const attrs = this.eventAttrs.user;
      attrs[0] = record.userEmail;
      attrs[1] = record.userName;
      attrs[2] = record.role;
      attrs[3] = orgKey;
      userKey = this.users.resolve(userId, attrs, 'fill');
    }
    let agentKey: number | null = null;
    if (record.agentId !== null) {
      const attrs = this.eventAttrs.agent;
      attrs[0] = record.agentName;
      attrs[1] = record.agentType;
      attrs[3] = record.agentCreatedBy;
      attrs[5] = orgKey;
      agentKey = this.agents.resolve(record.agentId, attrs, 'fill');
    }
    let modelKey: number | null = null;
    if (record.model !== null) {
      this.eventAttrs.model[0] = record.provider;
      modelKey = this.models.resolve(record.model, this.eventAttrs.model, 'fill');
    }
    return { orgKey, userKey, agentKey, modelKey };
  }

  agent(record: AgentRecord): void {
    const orgKey = this.org(record.orgId);
    this.agents.resolve(record.agentId, [record.name, record.type, record.model, record.createdBy, record.createdAt, orgKey], 'overwrite');
  }

  user(record: UserRecord): void {
    const orgKey = this.org(record.orgId);
    if (record.email !== null) {
      const email = record.email.toLowerCase();
      this.userIdByEmail.set(email, record.userId);
      // events imported earlier that named only this email made a user keyed by the email: it is this user
      if (this.users.merge(email, record.userId)) this.eventsRewritten = true;
    }
    this.users.resolve(record.userId, [record.email, record.name, record.role, orgKey], 'overwrite');
  }

  orgRecord(record: OrgRecord): void {
    this.org(record.orgId, record.name, record.parentOrgId, 'overwrite');
  }

  free(): void {
    for (const table of [this.orgs, this.users, this.agents, this.models]) table.free();
  }
}
