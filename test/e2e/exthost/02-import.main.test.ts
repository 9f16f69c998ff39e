/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activate, fixtureFiles, state, workspaceUri } from './helpers';

interface Summary {
  file: string;
  kind: string;
  rowsRead: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejects: { line: number; column: string | null; reason: string }[];
  unknownColumns: string[];
}

async function importFiles(names: string[], options?: object): Promise<Summary[]> {
  return (await vscode.commands.executeCommand('agentUsage.importData', names.map((name) => workspaceUri(name)), options)) as Summary[];
}

suite('import', () => {
  suiteSetup(activate);

  test('a bad file fails with file, line and column, and changes nothing', async () => {
    const before = await state();
    await assert.rejects(importFiles(['bad-events.csv']), (error: Error) => {
      assert.equal(error.message, 'bad-events.csv:3: column "credits": expected a number, got abc');
      return true;
    });
    const after = await state();
    assert.equal(after.eventCount, 0);
    assert.equal(after.dataVersion, before.dataVersion, 'no data change was announced');
    const last = after.notifications.at(-1)!;
    assert.equal(last.severity, 'error');
    assert.equal(last.message, 'Import failed, nothing was imported: bad-events.csv:3: column "credits": expected a number, got abc');
  });

  test('several files are all or nothing: a failing second file rolls back the first', async () => {
    await assert.rejects(importFiles(['extra-events.csv', 'bad-events.csv']), /bad-events\.csv:3/);
    assert.equal((await state()).eventCount, 0);
  });

  test('a cancelled import changes nothing and says "cancelled" (info)', async () => {
    const controller = new AbortController();
    const running = importFiles(fixtureFiles, { signal: controller.signal });
    controller.abort();
    await assert.rejects(running, /cancelled/);
    const s = await state();
    assert.equal(s.eventCount, 0);
    assert.deepEqual(s.notifications.at(-1), { severity: 'info', message: 'Import cancelled; nothing was imported.' });
  });

  test('Import Folder reads the exports it recognises, lists the rest, and says what each file was read as', async () => {
    const folder = workspaceUri('exports');
    mkdirSync(folder.fsPath, { recursive: true });
    const openai = [
      'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens,input_text_tokens,output_text_tokens,input_cached_text_tokens,input_audio_tokens,input_cached_audio_tokens,output_audio_tokens,input_image_tokens,input_cached_image_tokens,output_image_tokens',
      '1793404800,1793491200,2026-10-31T00:00:00+00:00,2026-11-01T00:00:00+00:00,proj_1,4.0,user_a,key_1,gpt-4o,FALSE,default,1000.0,100.0,300.0,700.0,1000.0,100.0,300.0,0.0,0.0,0.0,0.0,0.0,0.0',
    ];
    writeFileSync(`${folder.fsPath}/openai-usage.csv`, `${openai.join('\r\n')}\r\n`);
    writeFileSync(`${folder.fsPath}/notes.txt`, 'colour,weight\nred,1\n');
    writeFileSync(`${folder.fsPath}/README.md`, '# exports\n');
    try {
      const summaries = (await vscode.commands.executeCommand('agentUsage.importFolder', folder, {})) as (Summary & { recognisedAs: { id: string } | null })[];
      assert.deepEqual(summaries.map((s) => [s.file, s.recognisedAs?.id, s.imported]), [['exports/openai-usage.csv', 'openai-usage', 1]]);
      const s = await state();
      assert.equal(s.eventCount, 1);
      assert.deepEqual(s.notifications.at(-1), {
        severity: 'warning',
        message:
          'Import finished. openai-usage.csv (read as OpenAI usage export · daily · 1 row · 2026-10-31 (UTC) · input included cache: converted): 1 event imported. ' +
          'Skipped 2 files: exports/README.md (not a data file (.csv, .tsv, .txt, .jsonl, .ndjson, .json)); ' +
          'exports/notes.txt (exports/notes.txt:1: cannot tell what this file holds from its columns; events need a timestamp column. Columns seen: colour, weight).',
      });
    } finally {
      rmSync(folder.fsPath, { recursive: true, force: true });
      await vscode.commands.executeCommand('agentUsage.clearData', { confirm: true });
    }
    assert.equal((await state()).eventCount, 0);
  });

  test('imports events, agents, users and organisations (kind detected) and shows the summary', async () => {
    const summaries = await importFiles(fixtureFiles);
    assert.deepEqual(
      summaries.map((s) => [s.file, s.kind, s.rowsRead, s.imported, s.duplicates, s.rejected, s.unknownColumns.length]),
      [
        ['events.csv', 'events', 32, 32, 0, 0, 0],
        ['agents.csv', 'agents', 5, 5, 0, 0, 0],
        ['users.csv', 'users', 5, 5, 0, 0, 0],
        ['orgs.csv', 'orgs', 3, 3, 0, 0, 0],
      ],
    );
    const s = await state();
    assert.equal(s.eventCount, 32);
    assert.equal(s.hasData, true);
    assert.deepEqual(s.notifications.at(-1), {
      severity: 'info',
      message:
        'Import finished. events.csv: 32 events imported. agents.csv: 5 agents imported. users.csv: 5 users imported. orgs.csv: 3 organisations imported.',
    });
  });

  test('importing the same events again skips them as duplicates', async () => {
    const [summary] = await importFiles(['events.csv']);
    assert.equal(summary!.imported, 0);
    assert.equal(summary!.duplicates, 32);
    assert.equal((await state()).eventCount, 32);
  });
});
