/** importFile end to end: dimensions (inline and from files), summaries, typing rules, options; UsageStore imports. */
import type { Database } from 'sql.js';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/core/ingest/errors';
import { importFile, type ImportOptions } from '../../src/store/importer';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { dumpTables, openTestDb, rejection, rows, tempDir, wasmPath } from './helpers/db';
import { exactKeySql, storedKeyText } from './helpers/eventKeys';

const tmp = tempDir('aur-importer-');
afterAll(() => tmp.remove());

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
});

let fileNo = 0;
const csv = (text: string) => tmp.file(`f${++fileNo}.csv`, text);
const load = (text: string, options: ImportOptions = {}) => importFile(db, csv(text), options);

/**
 * Rows of `sql` (its `event_key` column read with `exactKeySql`) with each stored key read back as the natural key
 * among `candidates` (an unknown one stays as read, so a test sees it), sorted by that key.
 */
function byNaturalKey(store: Database, sql: string, candidates: readonly string[]): Record<string, unknown>[] {
  const byStored = new Map(candidates.map((key) => [storedKeyText(key), key]));
  return rows(store, sql)
    .map((row) => ({ ...row, event_key: byStored.get(String(row.event_key)) ?? row.event_key }))
    .sort((a, b) => (String(a.event_key) < String(b.event_key) ? -1 : String(a.event_key) > String(b.event_key) ? 1 : 0));
}

/** Events with their dimensions' natural ids instead of integer keys, and their keys read back among `keys`. */
function eventsView(store: Database = db, keys: readonly string[] = []) {
  return byNaturalKey(store, `
    SELECT ${exactKeySql('e.event_key')} AS event_key, e.source, e.ts, o.org_id, u.user_id, a.agent_id, m.name AS model, e.status, e.error_type
    FROM events e
    LEFT JOIN orgs o ON o.org_key = e.org_key
    LEFT JOIN users u ON u.user_key = e.user_key
    LEFT JOIN agents a ON a.agent_key = e.agent_key
    LEFT JOIN models m ON m.model_key = e.model_key`, keys);
}

function dimensionsView(store: Database = db) {
  return {
    orgs: rows(store, `SELECT o.org_id, o.name, p.org_id AS parent FROM orgs o LEFT JOIN orgs p ON p.org_key = o.parent_org_key ORDER BY o.org_id`),
    users: rows(store, `SELECT u.user_id, u.email, u.name, u.role, o.org_id FROM users u LEFT JOIN orgs o ON o.org_key = u.org_key ORDER BY u.user_id`),
    agents: rows(store, `SELECT a.agent_id, a.name, a.type, a.model, a.created_by, a.created_at, o.org_id FROM agents a LEFT JOIN orgs o ON o.org_key = a.org_key ORDER BY a.agent_id`),
  };
}

const ts = '2024-05-01T12:00:00Z';
const noon = Date.UTC(2024, 4, 1, 12);

const orgsFile = 'org_id,name,parent_org_id\nacme,Acme Corp,\nteam-a,Team A (file),acme\n';
const usersFile = 'user_id,email,name,role,org_id\nu1,ann@example.com,Ann (file),admin,team-a\nu2,bob@example.com,Bob,member,acme\n';
const agentsFile = 'agent_id,name,type,model,created_by,created_at,org_id\na1,Helper (file),single_task,gpt-4o,ann@example.com,2024-01-15T09:00:00Z,team-a\n';
const eventsFile = [
  'event_id,ts,org_id,org_name,parent_org_id,user_id,user_email,user_name,role,agent_id,agent_name,agent_type,model,input_tokens',
  `e1,${ts},team-a,Team A (inline),acme,u1,ann@example.com,Ann (inline),member,a1,Helper (inline),multi_step,gpt-4o,5`,
  `e2,${ts},acme,,,u2,,,,a2,Other,,claude,6`,
  `e3,${ts},,,,,carol@example.com,Carol,viewer,,,,,7`,
].join('\n');

describe('inline dimension attributes', () => {
  it('events fill agents, users and orgs (agent_name, agent_type, user_name, role, org_id, org_name, parent_org_id)', async () => {
    await load(eventsFile);
    expect(dimensionsView()).toEqual({
      orgs: [
        { org_id: 'acme', name: null, parent: null },
        { org_id: 'team-a', name: 'Team A (inline)', parent: 'acme' },
      ],
      users: [
        { user_id: 'carol@example.com', email: 'carol@example.com', name: 'Carol', role: 'viewer', org_id: null },
        { user_id: 'u1', email: 'ann@example.com', name: 'Ann (inline)', role: 'member', org_id: 'team-a' },
        { user_id: 'u2', email: null, name: null, role: null, org_id: 'acme' },
      ],
      agents: [
        { agent_id: 'a1', name: 'Helper (inline)', type: 'multi_step', model: null, created_by: null, created_at: null, org_id: 'team-a' },
        { agent_id: 'a2', name: 'Other', type: null, model: null, created_by: null, created_at: null, org_id: 'acme' },
      ],
    });
    expect(eventsView(db, ['id:e1', 'id:e2', 'id:e3']).map(({ event_key, org_id, user_id, agent_id, model }) => ({ event_key, org_id, user_id, agent_id, model }))).toEqual([
      { event_key: 'id:e1', org_id: 'team-a', user_id: 'u1', agent_id: 'a1', model: 'gpt-4o' },
      { event_key: 'id:e2', org_id: 'acme', user_id: 'u2', agent_id: 'a2', model: 'claude' },
      { event_key: 'id:e3', org_id: null, user_id: 'carol@example.com', agent_id: null, model: null },
    ]);
  });

  it('rows referencing unknown agents, users and orgs create inferred rows with only their ids', async () => {
    await load(`ts,agent_id,user_id,org_id,model\n${ts},ghost-agent,ghost-user,ghost-org,mystery-model\n`);
    expect(dimensionsView()).toEqual({
      orgs: [{ org_id: 'ghost-org', name: null, parent: null }],
      users: [{ user_id: 'ghost-user', email: null, name: null, role: null, org_id: 'ghost-org' }],
      agents: [{ agent_id: 'ghost-agent', name: null, type: null, model: null, created_by: null, created_at: null, org_id: 'ghost-org' }],
    });
    expect(rows(db, 'SELECT name, provider FROM models')).toEqual([{ name: 'mystery-model', provider: null }]);
  });

  it('agent_created_by / created_by on an event fills the agent', async () => {
    await load(`ts,agent_id,created_by\n${ts},a9,zoe@example.com\n`);
    expect(dimensionsView().agents[0]).toMatchObject({ agent_id: 'a9', created_by: 'zoe@example.com' });
  });
});

describe('dimension files', () => {
  it('orgs (parent_org_id), users and agents (created_by, created_at, model) files fill their tables', async () => {
    expect(await load(orgsFile)).toMatchObject({ kind: 'orgs', imported: 2 });
    expect(await load(usersFile)).toMatchObject({ kind: 'users', imported: 2 });
    expect(await load(agentsFile)).toMatchObject({ kind: 'agents', imported: 1 });
    expect(dimensionsView()).toEqual({
      orgs: [
        { org_id: 'acme', name: 'Acme Corp', parent: null },
        { org_id: 'team-a', name: 'Team A (file)', parent: 'acme' },
      ],
      users: [
        { user_id: 'u1', email: 'ann@example.com', name: 'Ann (file)', role: 'admin', org_id: 'team-a' },
        { user_id: 'u2', email: 'bob@example.com', name: 'Bob', role: 'member', org_id: 'acme' },
      ],
      agents: [
        { agent_id: 'a1', name: 'Helper (file)', type: 'single_task', model: 'gpt-4o', created_by: 'ann@example.com', created_at: Date.UTC(2024, 0, 15, 9), org_id: 'team-a' },
      ],
    });
    expect(rows(db, 'SELECT COUNT(*) AS n FROM events')).toEqual([{ n: 0 }]);
  });

  it('dimension files in JSON Lines work the same, with explicit kind', async () => {
    const path = tmp.file('agents.jsonl', '{"id":"a7","name":"Seven","kind":"chat"}\n');
    expect(await importFile(db, path, { kind: 'agents' })).toMatchObject({ kind: 'agents', format: 'jsonl', imported: 1 });
    expect(dimensionsView().agents).toEqual([
      { agent_id: 'a7', name: 'Seven', type: 'chat', model: null, created_by: null, created_at: null, org_id: null },
    ]);
  });

  it('an org that names itself as parent gets no parent', async () => {
    await load('org_id,name,parent_org_id\nroot,Root,root\n');
    expect(dimensionsView().orgs).toEqual([{ org_id: 'root', name: 'Root', parent: null }]);
  });

  it('a dimension row without its id is rejected naming the column', async () => {
    const error = (await rejection(load('agent_id,name\n,Nameless\n'))) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ line: 2, column: 'agent_id', reason: 'required value is empty' });
  });
});

describe('import order: events fill, files overwrite', () => {
  it('a dimension file after the events still sets the attributes', async () => {
    await load(eventsFile);
    await load(orgsFile);
    await load(usersFile);
    await load(agentsFile);
    const view = dimensionsView();
    expect(view.orgs.find((o) => o.org_id === 'team-a')).toEqual({ org_id: 'team-a', name: 'Team A (file)', parent: 'acme' });
    expect(view.users.find((u) => u.user_id === 'u1')).toEqual({ user_id: 'u1', email: 'ann@example.com', name: 'Ann (file)', role: 'admin', org_id: 'team-a' });
    expect(view.agents.find((a) => a.agent_id === 'a1')).toMatchObject({ name: 'Helper (file)', type: 'single_task', model: 'gpt-4o' });
  });

  it('events after a dimension file never overwrite its attributes, but fill what it left empty', async () => {
    await load('agent_id,name\na1,Helper (file)\n');
    await load(eventsFile);
    expect(dimensionsView().agents.find((a) => a.agent_id === 'a1')).toEqual({
      agent_id: 'a1', name: 'Helper (file)', type: 'multi_step', model: null, created_by: null, created_at: null, org_id: 'team-a',
    });
  });

  it('dimensions and events end up the same whichever order the files come in', async () => {
    const files = [orgsFile, usersFile, agentsFile, eventsFile];
    const other = await openTestDb();
    for (const text of files) await importFile(db, csv(text), {});
    for (const text of [...files].reverse()) await importFile(other, csv(text), {});
    expect(dimensionsView(other)).toEqual(dimensionsView(db));
    expect(eventsView(other)).toEqual(eventsView(db));
  });

  it('an event with only an email links to the users-file user with that email (users file first)', async () => {
    await load(usersFile);
    await load(`ts,email,input_tokens\n${ts},Ann@Example.com,3\n`);
    expect(eventsView().map((e) => e.user_id)).toEqual(['u1']);
    expect(dimensionsView().users.map((u) => u.user_id)).toEqual(['u1', 'u2']);
  });

  it('an event with only an email links to the users-file user with that email (users file after)', async () => {
    await load(`ts,email,input_tokens\n${ts},Ann@Example.com,3\n2024-05-02T00:00:00Z,ann@example.com,4\n`);
    expect(dimensionsView().users.map((u) => u.user_id)).toEqual(['ann@example.com']);
    await load(usersFile);
    expect(eventsView().map((e) => e.user_id)).toEqual(['u1', 'u1']);
    expect(dimensionsView().users).toEqual([
      { user_id: 'u1', email: 'ann@example.com', name: 'Ann (file)', role: 'admin', org_id: 'team-a' },
      { user_id: 'u2', email: 'bob@example.com', name: 'Bob', role: 'member', org_id: 'acme' },
    ]);
    // later email-only events keep linking to u1
    await load(`ts,email\n2024-05-03T00:00:00Z,ANN@example.com\n`);
    expect(eventsView().map((e) => e.user_id)).toEqual(['u1', 'u1', 'u1']);
  });

  it('an email-only user and an id user with the same email are folded into the users-file user', async () => {
    await load(`ts,email,user_name\n${ts},ann@example.com,Annie\n`);
    await load(`ts,user_id,email\n2024-05-02T00:00:00Z,u1,ann@example.com\n`);
    expect(dimensionsView().users.map((u) => u.user_id)).toEqual(['ann@example.com', 'u1']);
    await load('user_id,email\nu1,ann@example.com\n');
    expect(dimensionsView().users).toEqual([{ user_id: 'u1', email: 'ann@example.com', name: 'Annie', role: null, org_id: null }]);
    expect(eventsView().map((e) => e.user_id)).toEqual(['u1', 'u1']);
  });
});

describe('summary', () => {
  it('every summary field is exact (rowsRead, imported, duplicates, rejected, rejects, time range, unknown columns)', async () => {
    const path = csv([
      'event_id,ts,input_tokens,colour,weight',
      'a,2024-05-03T00:00:00Z,1,red,1',
      'b,2024-05-01T00:00:00Z,2,red,1',
      'a,2024-05-09T00:00:00Z,3,red,1',
      'c,2024-05-02T00:00:00Z,x,red,1',
      'd,2024-05-05T00:00:00Z,4,red,1',
    ].join('\n'));
    expect(await importFile(db, path, { skipBadRows: true, displayName: 'usage.csv' })).toEqual({
      file: 'usage.csv',
      format: 'csv',
      kind: 'events',
      recognisedAs: null,
      rowsRead: 5,
      imported: 3,
      updated: 0,
      duplicates: 1,
      skipped: 0,
      rejected: 1,
      rejects: [{ line: 5, column: 'input_tokens', reason: 'expected a non-negative integer, got x' }],
      firstEventAt: Date.UTC(2024, 4, 1),
      lastEventAt: Date.UTC(2024, 4, 5),
      unknownColumns: ['colour', 'weight'],
    });
  });

  it('errors name the displayName, not the temp path', async () => {
    const error = await rejection(importFile(db, csv(`ts,input_tokens\n${ts},-1\n`), { displayName: 'usage.csv' }));
    expect(error.message).toBe('usage.csv:2: column "input_tokens": expected a non-negative integer, got -1');
  });

  it('a dimension file summary counts its rows as imported and has no time range', async () => {
    expect(await load(usersFile)).toMatchObject({ rowsRead: 2, imported: 2, duplicates: 0, rejected: 0, firstEventAt: null, lastEventAt: null, unknownColumns: [] });
  });
});

describe('typing rules', () => {
  it('status: words map; empty status + error_type is an error; is_error decides when status is empty', async () => {
    await load([
      'event_id,ts,status,is_error,error_type',
      `s1,${ts},Succeeded,,`,
      `s2,${ts},FAILED,,`,
      `s3,${ts},,,RateLimit`,
      `s4,${ts},,true,`,
      `s5,${ts},,0,`,
      `s6,${ts},,,`,
      `s7,${ts},ok,true,Timeout`,
      `s8,${ts},,no,Warning`,
    ].join('\n'));
    expect(byNaturalKey(db, `SELECT ${exactKeySql()} AS event_key, status, error_type FROM events`, Array.from({ length: 8 }, (_, i) => `id:s${i + 1}`))).toEqual([
      { event_key: 'id:s1', status: 'ok', error_type: null },
      { event_key: 'id:s2', status: 'error', error_type: null },
      { event_key: 'id:s3', status: 'error', error_type: 'RateLimit' },
      { event_key: 'id:s4', status: 'error', error_type: null },
      { event_key: 'id:s5', status: 'ok', error_type: null },
      { event_key: 'id:s6', status: 'ok', error_type: null },
      { event_key: 'id:s7', status: 'ok', error_type: 'Timeout' },
      { event_key: 'id:s8', status: 'ok', error_type: 'Warning' },
    ]);
  });

  it('an unknown status word or is_error value is rejected naming the column', async () => {
    const summary = await load(`ts,status\n${ts},pending\n`, { skipBadRows: true });
    expect(summary.rejects).toEqual([
      { line: 2, column: 'status', reason: 'unknown status "pending" (use ok|success|succeeded|completed or error|failed|failure|exception|timeout)' },
    ]);
    const other = await load(`ts,error\n${ts},maybe\n`, { skipBadRows: true });
    expect(other.rejects).toEqual([{ line: 2, column: 'error', reason: 'expected true or false, got maybe' }]);
  });

  it('empty latency, credits, cost, session and tokens are SQL NULL, not 0; requests defaults to 1', async () => {
    await load(`ts,latency_ms,credits,cost_usd,session_id,input_tokens,requests\n${ts},,,,,,\n${ts},0,0,0,s,0,0\n`);
    expect(rows(db, `SELECT latency_ms IS NULL AS l, credits IS NULL AS c, cost_reported_usd IS NULL AS u, session_id IS NULL AS s,
      input_tokens IS NULL AS i, requests, typeof(latency_ms) AS lt FROM events ORDER BY requests DESC`)).toEqual([
      { l: 1, c: 1, u: 1, s: 1, i: 1, requests: 1, lt: 'null' },
      { l: 0, c: 0, u: 0, s: 0, i: 0, requests: 0, lt: 'real' },
    ]);
  });

  it('numbers are stored with their SQL types (integers INTEGER, amounts REAL)', async () => {
    await load(`ts,input_tokens,credits,latency_ms\n${ts},3000000000,1.25,1500\n`);
    expect(rows(db, 'SELECT input_tokens, typeof(input_tokens) AS it, credits, typeof(credits) AS ct, typeof(latency_ms) AS lt FROM events')).toEqual([
      { input_tokens: 3000000000, it: 'integer', credits: 1.25, ct: 'real', lt: 'real' },
    ]);
  });

  it('user column: an @ makes it an email (user_id = lower-cased email), otherwise an id', async () => {
    await load(`event_id,ts,user\nx,${ts},Zed@Example.com\ny,${ts},zed-42\n`);
    expect(dimensionsView().users).toEqual([
      { user_id: 'zed-42', email: null, name: null, role: null, org_id: null },
      { user_id: 'zed@example.com', email: 'Zed@Example.com', name: null, role: null, org_id: null },
    ]);
  });
});

describe('options', () => {
  it('the source column is the format (csv, jsonl, json) unless a source is given', async () => {
    await importFile(db, tmp.file('s.csv', `event_id,ts\nc,${ts}\n`), {});
    await importFile(db, tmp.file('s.jsonl', `{"event_id":"l","ts":"${ts}"}\n`), {});
    await importFile(db, tmp.file('s.json', `[{"event_id":"j","ts":"${ts}"}]`), {});
    await importFile(db, tmp.file('t.jsonl', `{"event_id":"o","ts":"${ts}"}\n`), { source: 'claude-code' });
    expect(byNaturalKey(db, `SELECT ${exactKeySql()} AS event_key, source FROM events`, ['id:c', 'id:j', 'id:l', 'id:o'])).toEqual([
      { event_key: 'id:c', source: 'csv' },
      { event_key: 'id:j', source: 'json' },
      { event_key: 'id:l', source: 'jsonl' },
      { event_key: 'id:o', source: 'claude-code' },
    ]);
  });

  it('shiftMs moves event times and agent created_at, and the summary range', async () => {
    const day = 86_400_000;
    const summary = await load(`ts,agent_id\n${ts},a1\n`, { shiftMs: 3 * day });
    expect(summary.firstEventAt).toBe(noon + 3 * day);
    await load(agentsFile, { shiftMs: 3 * day });
    expect(rows(db, 'SELECT ts FROM events')).toEqual([{ ts: noon + 3 * day }]);
    expect(dimensionsView().agents[0]!.created_at).toBe(Date.UTC(2024, 0, 15, 9) + 3 * day);
  });

  it('a format option overrides the extension', async () => {
    const path = tmp.file('export.txt', `{"ts":"${ts}"}\n`);
    expect(await importFile(db, path, { format: 'jsonl' })).toMatchObject({ format: 'jsonl', imported: 1 });
  });
});

describe('UsageStore imports', () => {
  it('imports through the store, a failed import changes nothing and the next one still runs', async () => {
    const store = UsageStore.open(await loadEngine(wasmPath));
    try {
      expect(await store.importFile(csv(eventsFile))).toMatchObject({ imported: 3 });
      const before = await store.stats();
      expect(before).toMatchObject({ events: 3, agents: 2, users: 3, orgs: 2, models: 2, firstEventAt: noon, lastEventAt: noon });
      const bad = store.importFile(csv(`event_id,ts,input_tokens\nz1,2024-06-01T00:00:00Z,1\nz2,${ts},bad\n`));
      const next = store.importFile(csv(`event_id,ts\nz3,2024-06-02T00:00:00Z\n`));
      expect(await rejection(bad)).toBeInstanceOf(ImportError);
      expect(await next).toMatchObject({ imported: 1 });
      expect(await store.stats()).toMatchObject({ events: 4, lastEventAt: Date.UTC(2024, 5, 2) });
    } finally {
      store.close();
    }
  });

  it('dumpTables sees every table and view of the schema', async () => {
    expect(Object.keys(dumpTables(db)).sort()).toEqual(['agents', 'event_rows', 'events', 'label_sets', 'labels', 'meta', 'models', 'orgs', 'origins', 'scanned_files', 'sessions', 'sources', 'users']);
  });
});
