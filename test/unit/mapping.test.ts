import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/core/ingest/csv';
import { ImportError } from '../../src/core/ingest/errors';
import { detectKind, mapHeaders, MappingError, normaliseHeader, type RecordKind } from '../../src/core/ingest/mapping';
import { tempDir } from './helpers/db';

const fields = (headers: string[], kind: RecordKind) => Object.fromEntries(mapHeaders(headers, kind).fieldToHeader);

function mappingError(headers: string[], kind: RecordKind): string {
  try {
    mapHeaders(headers, kind);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return (error as Error).message;
  }
  throw new Error('expected a MappingError');
}

describe('normaliseHeader', () => {
  it.each([
    ['Input Tokens', 'input_tokens'],
    ['inputTokens', 'input_tokens'],
    ['InputTokens', 'input_tokens'],
    ['input-tokens', 'input_tokens'],
    ['INPUT_TOKENS', 'input_tokens'],
    ['input.tokens', 'input_tokens'],
    ['  input  tokens ', 'input_tokens'],
    ['\uFEFFts', 'ts'],
    ['userID', 'user_id'],
    ['Created At', 'created_at'],
    ['cost/usd', 'cost_usd'],
  ])('%j → %j', (header, expected) => {
    expect(normaliseHeader(header)).toBe(expected);
  });

  it('spelling variants of a header all map to the same field', () => {
    for (const header of ['Input Tokens', 'inputTokens', 'input-tokens', 'input_tokens']) {
      expect(fields(['ts', header], 'events')).toEqual({ ts: 'ts', input_tokens: header });
    }
  });
});

describe('event aliases', () => {
  it.each(['timestamp', 'time', 'created_at', 'date', 'ts', 'Timestamp', 'datetime', 'started_at'])('%j feeds ts', (header) => {
    expect(fields([header], 'events')).toEqual({ ts: header });
  });

  it.each(['tokens_in', 'prompt_tokens', 'input_tokens', 'input_tokens_total'])('%j feeds input_tokens', (header) => {
    expect(fields(['ts', header], 'events').input_tokens).toBe(header);
  });

  it('user, email and user_email: "user" is id-or-email, the other two are the email', () => {
    expect(fields(['ts', 'user'], 'events')).toEqual({ ts: 'ts', user: 'user' });
    expect(fields(['ts', 'email'], 'events')).toEqual({ ts: 'ts', user_email: 'email' });
    expect(fields(['ts', 'user_email'], 'events')).toEqual({ ts: 'ts', user_email: 'user_email' });
    expect(fields(['ts', 'user', 'email'], 'events')).toEqual({ ts: 'ts', user: 'user', user_email: 'email' });
  });

  it("the seed's export columns map (user_email, agent_name, model_used, credits_consumed, *_tokens_total, total_runs)", () => {
    const mapping = mapHeaders(
      ['timestamp', 'user_email', 'agent_name', 'agent_id', 'model_used', 'agent_type', 'total_runs', 'credits_consumed',
        'input_tokens_total', 'output_tokens_total', 'role', 'user_id', 'avg_latency_ms'],
      'events',
    );
    expect(Object.fromEntries(mapping.fieldToHeader)).toEqual({
      ts: 'timestamp',
      user_email: 'user_email',
      agent_name: 'agent_name',
      agent_id: 'agent_id',
      model: 'model_used',
      agent_type: 'agent_type',
      requests: 'total_runs',
      credits: 'credits_consumed',
      input_tokens: 'input_tokens_total',
      output_tokens: 'output_tokens_total',
      role: 'role',
      user_id: 'user_id',
    });
    expect(mapping.unknownColumns).toEqual(['avg_latency_ms']);
  });

  it('the sample generator header maps every column', () => {
    const header = ['event_id', 'timestamp', 'org_id', 'user_id', 'user_email', 'user_name', 'role', 'agent_id', 'agent_name',
      'agent_type', 'session_id', 'model', 'provider', 'project', 'input_tokens', 'output_tokens', 'cache_read_tokens',
      'cache_write_tokens', 'reasoning_tokens', 'credits', 'cost_usd', 'latency_ms', 'status', 'error_type'];
    const mapping = mapHeaders(header, 'events');
    expect(mapping.unknownColumns).toEqual([]);
    expect(mapping.fieldToHeader.get('event_key')).toBe('event_id');
    expect(mapping.fieldToHeader.size).toBe(header.length);
  });

  it('unknown columns are listed in order; empty headers are neither mapped nor listed', () => {
    const mapping = mapHeaders(['ts', 'foo', '', '  ', 'Bar Baz'], 'events');
    expect(mapping.unknownColumns).toEqual(['foo', 'Bar Baz']);
    expect(Object.fromEntries(mapping.fieldToHeader)).toEqual({ ts: 'ts' });
  });

  it('C11 two headers feeding one field is an error naming both', () => {
    expect(mappingError(['ts', 'input_tokens', 'prompt_tokens'], 'events')).toBe(
      'columns "input_tokens" and "prompt_tokens" both map to input_tokens; keep one of them',
    );
    expect(mappingError(['timestamp', 'date'], 'events')).toBe('columns "timestamp" and "date" both map to ts; keep one of them');
    expect(mappingError(['ts', 'Input Tokens', 'inputTokens'], 'events')).toBe(
      'columns "Input Tokens" and "inputTokens" both map to input_tokens; keep one of them',
    );
  });
});

describe('required columns', () => {
  it('a missing required column names the field and all its aliases', () => {
    expect(mappingError(['model', 'input_tokens'], 'events')).toBe(
      'missing required column ts (ts|timestamp|time|created_at|date|datetime|start_time|started_at|event_time|created) for a file of events',
    );
    expect(mappingError(['name', 'model'], 'agents')).toBe('missing required column agent_id (agent_id|id|agent) for a file of agents');
    expect(mappingError(['name'], 'orgs')).toBe('missing required column org_id (org_id|id|organization_id|organisation_id) for a file of orgs');
    expect(mappingError(['name', 'role'], 'users')).toBe('missing required column user_id or email for a file of users');
  });

  it('a users file needs user_id or email, either one is enough', () => {
    expect(fields(['email', 'name'], 'users')).toEqual({ email: 'email', name: 'name' });
    expect(fields(['id', 'display_name'], 'users')).toEqual({ user_id: 'id', name: 'display_name' });
  });
});

describe('dimension aliases', () => {
  it('agents file: id/name/type/model/created_by/created_at/org', () => {
    expect(fields(['agent_id', 'name', 'type', 'model', 'created_by', 'created_at', 'org_id'], 'agents')).toEqual({
      agent_id: 'agent_id', name: 'name', type: 'type', model: 'model', created_by: 'created_by', created_at: 'created_at', org_id: 'org_id',
    });
    // the seed's "Usage by Agent" export
    const seed = mapHeaders(['agent_name', 'agent_id', 'model_used', 'agent_type', 'total_runs', 'credits_consumed'], 'agents');
    expect(Object.fromEntries(seed.fieldToHeader)).toEqual({ name: 'agent_name', agent_id: 'agent_id', model: 'model_used', type: 'agent_type' });
    expect(seed.unknownColumns).toEqual(['total_runs', 'credits_consumed']);
  });

  it('users file: user_email/role/user_id of the seed export', () => {
    const seed = mapHeaders(['user_email', 'role', 'user_id', 'total_runs', 'agents_created', 'credits_consumed'], 'users');
    expect(Object.fromEntries(seed.fieldToHeader)).toEqual({ email: 'user_email', role: 'role', user_id: 'user_id' });
    expect(seed.unknownColumns).toEqual(['total_runs', 'agents_created', 'credits_consumed']);
  });

  it('orgs file: org_id/name/parent variants', () => {
    for (const parent of ['parent_org_id', 'parent_id', 'parent', 'Parent Org']) {
      expect(fields(['org_id', 'name', parent], 'orgs')).toEqual({ org_id: 'org_id', name: 'name', parent_org_id: parent });
    }
  });
});

describe('detectKind', () => {
  it.each<[string[], RecordKind]>([
    [['timestamp', 'agent_id', 'input_tokens'], 'events'],
    [['ts'], 'events'],
    [['date', 'user_email', 'credits_consumed'], 'events'],
    [['created_at', 'input_tokens', 'agent_id'], 'events'],
    [['agent_id', 'name', 'type', 'model', 'created_by', 'created_at', 'org_id'], 'agents'],
    [['id', 'type', 'created_by'], 'agents'],
    [['agent_name', 'agent_id', 'model_used', 'agent_type', 'total_runs', 'credits_consumed'], 'agents'],
    [['user_id', 'email', 'name', 'role', 'org_id'], 'users'],
    [['user_email', 'role', 'user_id', 'total_runs', 'agents_created', 'credits_consumed'], 'users'],
    [['email'], 'users'],
    [['org_id', 'name', 'parent_org_id'], 'orgs'],
    [['org_id', 'name'], 'orgs'],
    [['id', 'name', 'parent_id'], 'orgs'],
  ])('%j → %s', (headers, kind) => {
    expect(detectKind(headers)).toBe(kind);
  });

  it('columns that fit no kind are an error that says events need a timestamp', () => {
    expect(() => detectKind(['foo', 'bar'])).toThrow(
      new MappingError('cannot tell what this file holds from its columns; events need a timestamp column'),
    );
  });

  describe('explicit kind overrides detection (readCsv)', () => {
    const tmp = tempDir();
    afterAll(() => tmp.remove());

    it('an org file without a detectable header reads as orgs when told so', async () => {
      const path = tmp.file('orgs.csv', 'id,name\nacme,Acme\n');
      await expect(readCsv(path)).rejects.toThrow(ImportError);
      const reader = await readCsv(path, { kind: 'orgs' });
      expect(reader.kind).toBe('orgs');
    });

    it('a header that looks like users is read as agents when told so (and then needs agent_id)', async () => {
      const users = tmp.file('users.csv', 'id,email,name\nx,x@y.z,X\n');
      expect((await readCsv(users)).kind).toBe('users');
      expect((await readCsv(users, { kind: 'agents' })).kind).toBe('agents');
      const noId = tmp.file('noid.csv', 'email,name\nx@y.z,X\n');
      await expect(readCsv(noId, { kind: 'agents' })).rejects.toThrow(
        `${noId}:1: missing required column agent_id (agent_id|id|agent) for a file of agents`,
      );
    });

    it('a header with a timestamp is events unless told otherwise', async () => {
      const path = tmp.file('agents.csv', 'agent_id,timestamp\na1,2024-05-01\n');
      expect((await readCsv(path)).kind).toBe('events');
      expect((await readCsv(path, { kind: 'agents' })).kind).toBe('agents');
    });
  });
});

describe('nested JSON metric keys', () => {
  it('map by their last segment when nothing else feeds the field', () => {
    const mapping = mapHeaders(['timestamp', 'message.usage.input_tokens', 'usage.output_tokens', 'meta.id'], 'events');
    expect(mapping.fieldToHeader.get('input_tokens')).toBe('message.usage.input_tokens');
    expect(mapping.fieldToHeader.get('output_tokens')).toBe('usage.output_tokens');
    expect(mapping.fieldToHeader.has('event_key')).toBe(false);
    expect(mapping.unknownColumns).toEqual(['meta.id']);
  });

  it('never override a top-level column', () => {
    const mapping = mapHeaders(['timestamp', 'input_tokens', 'usage.input_tokens'], 'events');
    expect(mapping.fieldToHeader.get('input_tokens')).toBe('input_tokens');
    expect(mapping.unknownColumns).toEqual(['usage.input_tokens']);
  });
});

describe('a Claude Code transcript line', () => {
  it('maps timestamp, session, request id, model, usage and cost', () => {
    const keys = ['timestamp', 'sessionId', 'message.role', 'message.id', 'message.model', 'message.usage.input_tokens', 'message.usage.output_tokens',
      'message.usage.cache_creation_input_tokens', 'message.usage.cache_read_input_tokens', 'requestId', 'costUSD', 'version'];
    const mapping = mapHeaders(keys, detectKind(keys));
    expect(Object.fromEntries(mapping.fieldToHeader)).toEqual({
      ts: 'timestamp', session_id: 'sessionId', model: 'message.model', input_tokens: 'message.usage.input_tokens',
      output_tokens: 'message.usage.output_tokens', cache_write_tokens: 'message.usage.cache_creation_input_tokens',
      cache_read_tokens: 'message.usage.cache_read_input_tokens', event_key: 'requestId', cost_reported_usd: 'costUSD',
    });
    expect(mapping.unknownColumns).toEqual(['message.role', 'message.id', 'version']);
  });
});

describe('usage columns without a timestamp (issue 7)', () => {
  it('event_id,agent_id,input_tokens is an error naming the missing timestamp, not an agents file without its tokens', () => {
    expect(() => detectKind(['event_id', 'agent_id', 'input_tokens'])).toThrow(
      new MappingError(
        'missing required column ts (ts|timestamp|time|created_at|date|datetime|start_time|started_at|event_time|created): column "input_tokens" holds usage, which only a file of events with a timestamp can import',
      ),
    );
    expect(() => detectKind(['user_email', 'Prompt Tokens'])).toThrow(/column "Prompt Tokens" holds usage/);
    expect(() => detectKind(['agent_id', 'cost_usd'])).toThrow(/column "cost_usd" holds usage/);
  });

  it('report exports, whose usage columns are totals, still import as agents or users', () => {
    expect(detectKind(['agent_id', 'agent_name', 'input_tokens_total', 'credits_consumed', 'total_runs'])).toBe('agents');
    expect(detectKind(['user_id', 'user_email', 'output_tokens_total'])).toBe('users');
  });
});
