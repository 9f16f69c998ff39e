/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, expectedBytes, november, workspaceUri } from './helpers';

const exports = [
  ['agentUsage.exportAgents', 'usage-by-agent_2026-11-01_to_2026-11-30.csv'],
  ['agentUsage.exportUsers', 'usage-by-user_2026-11-01_to_2026-11-30.csv'],
  ['agentUsage.exportUserUsage', 'user-usage_2026-11-01_to_2026-11-30.csv'],
  ['agentUsage.exportModels', 'usage-by-model_2026-11-01_to_2026-11-30.csv'],
  ['agentUsage.exportOrgs', 'usage-by-sub-account_2026-11-01_to_2026-11-30.csv'],
] as const;

async function exportWith(command: string, options: object): Promise<vscode.Uri> {
  const uri = (await vscode.commands.executeCommand(command, options)) as vscode.Uri | undefined;
  assert.ok(uri instanceof vscode.Uri, `${command} returned ${String(uri)}`);
  return uri;
}

const folder = () => workspaceUri('usage-reports');
const nameOf = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);
const bytesOf = async (uri: vscode.Uri) => Buffer.from(await vscode.workspace.fs.readFile(uri));

suite('export', () => {
  suiteSetup(activate);

  for (const [command, fileName] of exports) {
    test(`${command} writes ${fileName} byte for byte`, async () => {
      const uri = await exportWith(command, { timeframe: november });
      assert.equal(uri.toString(), vscode.Uri.joinPath(folder(), fileName).toString());
      assert.ok((await bytesOf(uri)).equals(expectedBytes(fileName)), `${fileName} differs from test/fixtures/e2e/expected:\n${(await bytesOf(uri)).toString()}`);
    });
  }

  test('no temporary files are left in the export folder', async () => {
    const entries = (await vscode.workspace.fs.readDirectory(folder())).map(([name]) => name);
    assert.deepEqual(entries.filter((name) => name.startsWith('.') || name.endsWith('.tmp')), []);
    for (const [, name] of exports) assert.ok(entries.includes(name), name);
  });

  test('exporting again never overwrites: "(2)" is added and the first file keeps its bytes', async () => {
    const first = vscode.Uri.joinPath(folder(), exports[0][1]);
    const firstBytes = await bytesOf(first);
    const second = await exportWith('agentUsage.exportAgents', { timeframe: november });
    assert.equal(nameOf(second), 'usage-by-agent_2026-11-01_to_2026-11-30 (2).csv');
    assert.ok((await bytesOf(first)).equals(firstBytes));
    assert.ok((await bytesOf(second)).equals(expectedBytes(exports[0][1])));
    const third = await exportWith('agentUsage.exportAgents', { timeframe: november });
    assert.equal(nameOf(third), 'usage-by-agent_2026-11-01_to_2026-11-30 (3).csv');
  });

  test('formula cells from the data are neutralised', async () => {
    const text = (await bytesOf(vscode.Uri.joinPath(folder(), exports[0][1]))).toString('utf8');
    const line = text.split('\r\n').find((row) => row.includes('HYPERLINK'));
    assert.equal(line, `"'=HYPERLINK(""x"")",agt_formula,gpt-4.1-mini,single_task,4,2,1.5,1.25,1650,260,612.5,700,0.25`);
  });

  test('User Usage for one day is named by that day', async () => {
    const uri = await exportWith('agentUsage.exportUserUsage', { timeframe: { day: '2026-11-22' } });
    assert.equal(nameOf(uri), 'user-usage_2026-11-22.csv');
    const lines = (await bytesOf(uri)).toString('utf8').split('\r\n');
    assert.equal(lines[0], 'user_name,user_email,user_id,total_requests,input_tokens,output_tokens,total_tokens,usage_duration_ms,first_request_at,last_request_at');
    assert.deepEqual(lines.slice(1, -1).map((line) => line.split(',').at(-8)), ['u_alice', 'u_dave', 'u_carol', 'u_bob']);
  });

  test('filters and search are applied', async () => {
    const uri = await exportWith('agentUsage.exportAgents', { timeframe: november, filters: { agentType: 'single_task' }, sort: { column: 'agent_id', direction: 'asc' } });
    const rows = (await bytesOf(uri)).toString('utf8').split('\r\n').slice(1, -1).map((line) => line.split(',')[1]);
    assert.deepEqual(rows, ['agt_docs', 'agt_formula']);
  });

  test('the BOM setting puts EF BB BF first', async () => {
    const config = vscode.workspace.getConfiguration('agentUsage');
    await config.update('exportBom', true, vscode.ConfigurationTarget.Workspace);
    try {
      const uri = await exportWith('agentUsage.exportOrgs', { timeframe: november });
      const bytes = await bytesOf(uri);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.ok(bytes.subarray(3).equals(expectedBytes(exports[4][1])));
    } finally {
      await config.update('exportBom', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('invalid options are refused and write nothing', async () => {
    const before = (await vscode.workspace.fs.readDirectory(folder())).length;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('agentUsage.exportAgents', { timeframe: november, path: '/tmp/evil.csv' })),
      /invalid export options/,
    );
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('agentUsage.exportAgents', { timeframe: { day: '2026-02-30' } })), /Invalid day/);
    assert.equal((await vscode.workspace.fs.readDirectory(folder())).length, before);
  });
});
