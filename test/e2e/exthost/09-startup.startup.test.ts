/// <reference types="mocha" />
/**
 * agentUsage.localLogs.readOnStartup: the runner wrote three Claude Code requests into CLAUDE_CONFIG_DIR
 * and turned the setting on before this window opened; the workspace is trusted (trust is off in the
 * e2e settings), so they are read on activation without a notification.
 */
import * as assert from 'node:assert/strict';
import { activate, inject, state, waitFor } from './helpers';

interface Source {
  id: string;
  kind: string;
  location: string[];
  rows: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
}

const sources = async (): Promise<Source[]> => {
  const reply = await inject({ type: 'sources/list', requestId: 'startup-sources' });
  assert.ok(reply.posted[0]?.ok, `sources/list failed: ${reply.posted[0]?.error}`);
  return reply.posted[0]!.result as Source[];
};

suite('reading local agent logs on start-up', () => {
  suiteSetup(activate);

  test('the Claude Code logs of the default location are read on activation', async () => {
    const listed = await waitFor('the start-up read', sources, (list) => list.some((source) => source.id === 'claude-code'), 20_000);
    const logs = listed.find((source) => source.id === 'claude-code')!;
    assert.deepEqual(
      { kind: logs.kind, location: logs.location, rows: logs.rows, firstEventAt: logs.firstEventAt, lastEventAt: logs.lastEventAt },
      { kind: 'local-logs', location: [process.env.CLAUDE_CONFIG_DIR], rows: 3, firstEventAt: Date.parse('2026-10-01T08:00:00Z'), lastEventAt: Date.parse('2026-10-02T09:00:00Z') },
    );
    assert.equal(listed.some((source) => source.id === 'codex'), false, 'CODEX_HOME does not exist: nothing to read');
  });

  test('quietly: no notification and no warning', async () => {
    const s = await state();
    assert.equal(s.settings.localLogsReadOnStartup, true);
    assert.deepEqual(s.notifications.filter((n) => /logs/.test(n.message)), []);
    assert.deepEqual(s.logProblems, []);
  });
});
