/// <reference types="mocha" />
/**
 * Local agent logs and the Sources list, end to end. Runs after the views tests and takes out what it
 * added, so the figures the later tests (and the reload phase) expect are unchanged. The runner points
 * CLAUDE_CONFIG_DIR and CODEX_HOME into its scratch folder.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activate, inject, pinnedNow, state, waitFor, workspaceUri } from './helpers';

interface ScanSummary {
  sourceId: string;
  label: string;
  files: number;
  filesUnchanged: number;
  lines: number;
  imported: number;
  duplicates: number;
  skipped: number;
  corrupt: number;
  rejected: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
}

interface Source {
  id: string;
  kind: string;
  label: string;
  location: string[];
  rows: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
  lastRefreshAt: number | null;
}

interface LocalState {
  watcher: { enabled: boolean; targets: { kind: string; roots: string[] }[] };
  confirmations: string[];
}

/** An assistant message with usage, as Claude Code writes it (one JSON object a line). */
function assistant(id: string, timestamp: string, input: number, output: number): string {
  return JSON.stringify({
    parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/me/app', sessionId: 'e2e-session', version: '2.0.14', gitBranch: 'main',
    type: 'assistant', requestId: `req_${id}`, uuid: `uuid-${id}`, timestamp,
    message: {
      id: `msg_${id}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [],
      usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output },
    },
  });
}

const userLine = JSON.stringify({ type: 'user', sessionId: 'e2e-session', cwd: '/home/me/app', message: { role: 'user', content: 'hi' }, timestamp: '2026-10-10T09:59:00.000Z' });

const scan = async (options: object) => (await vscode.commands.executeCommand('agentUsage.importClaudeCodeLogs', options)) as ScanSummary;
const sources = async (): Promise<Source[]> => {
  const reply = await inject({ type: 'sources/list', requestId: 'sources-list' });
  assert.equal(reply.accepted, true);
  assert.ok(reply.posted[0]?.ok, `sources/list failed: ${reply.posted[0]?.error}`);
  return reply.posted[0]!.result as Source[];
};
const counts = (summary: ScanSummary) => {
  const { files, filesUnchanged, lines, imported, duplicates, skipped, corrupt, rejected } = summary;
  return { files, filesUnchanged, lines, imported, duplicates, skipped, corrupt, rejected };
};
const localState = async () => (await state()) as unknown as LocalState & Awaited<ReturnType<typeof state>>;

suite('local agent logs and the Sources list', () => {
  const configDir = process.env.CLAUDE_CONFIG_DIR ?? '';
  const transcript = join(configDir, 'projects', '-home-me-app', 'e2e-session.jsonl');
  let eventsBefore = 0;

  suiteSetup(async () => {
    await activate();
    assert.ok(configDir !== '' && !existsSync(configDir), 'the runner sets CLAUDE_CONFIG_DIR to a folder that does not exist yet');
    eventsBefore = (await state()).eventCount;
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('agentUsage').update('localLogs.watch', undefined, vscode.ConfigurationTarget.Global);
    rmSync(configDir, { recursive: true, force: true });
  });

  test('with no Codex folder, Import Codex Logs says where it looked', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('agentUsage.importCodexLogs', {})), (error: Error) => {
      assert.equal(error.message, `No Codex CLI logs found (looked in ${process.env.CODEX_HOME}). Choose the folder that holds them?`);
      return true;
    });
    assert.equal((await state()).eventCount, eventsBefore);
  });

  test('a cancelled scan changes nothing and says so', async () => {
    mkdirSync(join(configDir, 'projects', '-home-me-app'), { recursive: true });
    writeFileSync(transcript, [assistant('e2e1', '2026-10-10T10:00:00.000Z', 100, 20), userLine, '{"type":"assistant","message":{"usage":{"input_tokens":3', assistant('e2e2', '2026-10-11T08:30:00.000Z', 40, 5)].join('\n') + '\n');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(scan({ roots: [configDir], signal: controller.signal }), /cancelled/);
    const s = await state();
    assert.equal(s.eventCount, eventsBefore);
    assert.deepEqual(s.notifications.at(-1), { severity: 'info', message: 'Claude Code logs: scan cancelled; nothing was imported.' });
  });

  test('Import Claude Code Logs reads the folder it is given: requests in, the user line and a corrupt line skipped', async () => {
    const summary = await scan({ roots: [configDir] });
    assert.equal(summary.sourceId, 'claude-code');
    assert.equal(summary.label, 'Claude Code logs');
    assert.deepEqual(counts(summary), { files: 1, filesUnchanged: 0, lines: 4, imported: 2, duplicates: 0, skipped: 1, corrupt: 1, rejected: 0 });
    assert.deepEqual([summary.firstEventAt, summary.lastEventAt], [Date.parse('2026-10-10T10:00:00Z'), Date.parse('2026-10-11T08:30:00Z')]);
    const s = await state();
    assert.equal(s.eventCount, eventsBefore + 2);
    assert.deepEqual(s.notifications.at(-1), {
      severity: 'info',
      message: 'Claude Code logs: 2 new requests from 1 file; 1 corrupt line skipped (details in the Agent Usage output).',
    });
  });

  test('scanning again reads nothing from an unchanged file', async () => {
    const summary = await scan({ roots: [configDir] });
    assert.deepEqual(counts(summary), { files: 1, filesUnchanged: 1, lines: 0, imported: 0, duplicates: 0, skipped: 0, corrupt: 0, rejected: 0 });
    assert.equal((await state()).eventCount, eventsBefore + 2);
    assert.deepEqual((await state()).notifications.at(-1), { severity: 'info', message: 'Claude Code logs: 0 new requests from 1 file (1 unchanged).' });
  });

  test('an appended line is the one new request; without roots the default location (CLAUDE_CONFIG_DIR) is read; the status bar follows', async () => {
    appendFileSync(transcript, `${assistant('e2e3', '2026-11-22T10:00:00.000Z', 100, 20)}\n`);
    const summary = await scan({});
    assert.deepEqual(counts(summary), { files: 1, filesUnchanged: 0, lines: 1, imported: 1, duplicates: 0, skipped: 0, corrupt: 0, rejected: 0 });
    const s = await state();
    assert.equal(s.eventCount, eventsBefore + 3);
    // today (2026-11-22, clock pinned) had 5 runs and 6,610 input + output tokens from the fixture files
    assert.equal(s.statusBar.text, '$(pulse) 6 runs · 6.7K tokens · 6.2 credits');
  });

  test('the watcher (opt-in) picks up a new line by itself, and stops when the setting is off', async () => {
    const config = vscode.workspace.getConfiguration('agentUsage');
    await config.update('localLogs.watch', true, vscode.ConfigurationTarget.Global);
    const watching = await waitFor('the watcher to watch the Claude Code source', localState, (x) => x.watcher.enabled && x.watcher.targets.length > 0);
    assert.deepEqual(watching.watcher.targets, [{ kind: 'claude-code', roots: [configDir] }]);
    appendFileSync(transcript, `${assistant('e2e4', '2026-10-12T10:00:00.000Z', 7, 1)}\n`);
    await waitFor('the watcher to read the new line', state, (x) => x.eventCount === eventsBefore + 4, 20_000);
    await config.update('localLogs.watch', undefined, vscode.ConfigurationTarget.Global);
    const off = await waitFor('the watcher to stop', localState, (x) => !x.watcher.enabled && x.watcher.targets.length === 0);
    assert.equal(off.eventCount, eventsBefore + 4);
  });

  test('the Sources list shows the logs with rows, days and the last refresh, next to the imported files', async () => {
    const listed = await sources();
    const logs = listed.find((source) => source.id === 'claude-code');
    assert.deepEqual(logs, {
      id: 'claude-code', kind: 'local-logs', label: 'Claude Code logs', location: [configDir], rows: 4,
      firstEventAt: Date.parse('2026-10-10T10:00:00Z'), lastEventAt: Date.parse('2026-11-22T10:00:00Z'), lastRefreshAt: Date.parse(pinnedNow),
    });
    const events = listed.find((source) => source.id === `file:${workspaceUri('events.csv').fsPath}`);
    assert.deepEqual([events?.kind, events?.label, events?.rows], ['file', 'events (our columns)', 32]);
  });

  test('Refresh reads a source again by its id: the logs (nothing new), an imported file at its path (all duplicates)', async () => {
    const logs = await inject({ type: 'sources/refresh', requestId: 'src-refresh-logs', sourceId: 'claude-code' });
    assert.deepEqual(logs.posted, [{ type: 'reply', requestId: 'src-refresh-logs', ok: true, result: { done: true, message: 'Claude Code logs: 0 new requests from 1 file (1 unchanged).' } }]);
    const sourceId = `file:${workspaceUri('events.csv').fsPath}`;
    const file = await inject({ type: 'sources/refresh', requestId: 'src-refresh-file', sourceId });
    assert.deepEqual(file.posted, [
      { type: 'reply', requestId: 'src-refresh-file', ok: true, result: { done: true, message: 'Import finished. events.csv: 0 events imported, 32 duplicates skipped.' } },
    ]);
    assert.equal((await state()).eventCount, eventsBefore + 4);
  });

  test('an unknown source id is refused and logged; a malformed one is dropped', async () => {
    const unknown = await inject({ type: 'sources/remove', requestId: 'src-unknown', sourceId: 'codex' });
    assert.equal(unknown.accepted, true);
    assert.deepEqual(unknown.posted, [{ type: 'reply', requestId: 'src-unknown', ok: false, error: 'That source is not in the store any more; the list was out of date.' }]);
    assert.equal((await state()).logProblems.at(-1), 'warning: refused to remove a source the store does not have (the Sources list sent an unknown id)');
    const malformed = await inject({ type: 'sources/refresh', requestId: 'src-bad', sourceId: configDir });
    assert.deepEqual(malformed, { accepted: false, posted: [] });
    assert.equal((await state()).eventCount, eventsBefore + 4);
  });

  test('Remove asks first, naming the source and its rows; declined keeps everything, confirmed takes exactly its rows', async () => {
    await vscode.commands.executeCommand('agentUsage.__testAnswerConfirm', false);
    const declined = await inject({ type: 'sources/remove', requestId: 'src-keep', sourceId: 'claude-code' });
    assert.deepEqual(declined.posted, [{ type: 'reply', requestId: 'src-keep', ok: true, result: { done: false, message: 'Claude Code logs was kept.' } }]);
    const kept = await localState();
    assert.equal(kept.confirmations.at(-1), 'Remove Claude Code logs and its 4 rows from Agent Usage?');
    assert.equal(kept.eventCount, eventsBefore + 4);

    await vscode.commands.executeCommand('agentUsage.__testAnswerConfirm', true);
    const removed = await inject({ type: 'sources/remove', requestId: 'src-remove', sourceId: 'claude-code' });
    assert.deepEqual(removed.posted, [{ type: 'reply', requestId: 'src-remove', ok: true, result: { done: true, message: 'Removed Claude Code logs: 4 rows.' } }]);
    const s = await state();
    assert.equal(s.eventCount, eventsBefore);
    assert.equal(s.statusBar.text, '$(pulse) 5 runs · 6.6K tokens · 6.2 credits');
    assert.equal((await sources()).some((source) => source.id === 'claude-code'), false);
  });
});
