/** Shared by the extension-host tests (bundled into each test file). */
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'agent-usage.agent-usage-reports';
export const november = { from: '2026-11-01', to: '2026-11-30' } as const;
export const pinnedNow = '2026-11-22T12:00:00.000Z';
export const reportIds = ['agents', 'users', 'user-usage', 'models', 'orgs'] as const;

export interface TestState {
  extensionMode: string;
  globalStorage: string;
  dataVersion: number;
  eventCount: number;
  hasData: boolean;
  settings: { timeZone: string; exportFolder: string[]; persistenceEnabled: boolean; localLogsReadOnStartup: boolean; localLogsWatch: boolean };
  panel: {
    open: boolean;
    visible: boolean;
    ready: boolean;
    readyCount: number;
    renders: number;
    lastHostState: Record<string, unknown> | null;
    posted: string[];
    csp: string | null;
    openedAt: number | null;
    options: Record<string, unknown> | null;
  };
  tree: { metric: string; description?: string; message?: string; items: { label: string; description: string; agentId: string }[] };
  statusBar: { text: string; tooltip: string };
  droppedMessages: number;
  handledMessages: number;
  handledTypes: string[];
  notifications: { severity: string; message: string }[];
  logProblems: string[];
  persistence: { enabled: boolean; pending: boolean; saves: number; snapshotPath: string; restore: string | null; lastError: string | null };
}

export interface Injected {
  accepted: boolean;
  posted: { type: string; requestId?: string; ok?: boolean; result?: unknown; error?: string }[];
}

export async function activate(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not loaded`);
  await extension.activate();
  return extension;
}

export function extensionPath(): string {
  return vscode.extensions.getExtension(extensionId)!.extensionPath;
}

export async function state(): Promise<TestState> {
  return (await vscode.commands.executeCommand('agentUsage.__testState')) as TestState;
}

export async function inject(message: unknown): Promise<Injected> {
  return (await vscode.commands.executeCommand('agentUsage.__testInjectMessage', message)) as Injected;
}

export async function waitFor<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function expectedBytes(fileName: string): Buffer {
  return readFileSync(join(extensionPath(), 'test/fixtures/e2e/expected', fileName));
}

const control = process.env.E2E_CONTROL_DIR;

export function writeControl(name: string, content: string): void {
  if (control) writeFileSync(join(control, name), content);
}

export function readControl(name: string): string | undefined {
  return control && existsSync(join(control, name)) ? readFileSync(join(control, name), 'utf8') : undefined;
}

/** The five November reports' columns and rows, through the same handler the webview uses. */
export async function novemberReports(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const report of reportIds) {
    const reply = await inject({ type: 'report/get', requestId: `snapshot-${report}`, query: { report, timeframe: november } });
    assert.equal(reply.accepted, true);
    const [message] = reply.posted;
    assert.ok(message?.ok, `report ${report} failed: ${message?.error}`);
    const { columns, rows } = message.result as { columns: string[]; rows: unknown[][] };
    results[report] = { columns, rows };
  }
  return results;
}

export const fixtureFiles = ['events.csv', 'agents.csv', 'users.csv', 'orgs.csv'];
