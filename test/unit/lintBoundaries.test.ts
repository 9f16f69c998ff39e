import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.message);
}

/** The messages of the import-boundary rule for `import { x } from '<from>'` in a (synthetic) file. */
async function boundaryMessages(filePath: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${from}';\nexport const y = x;\n`, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('layer boundaries (lint)', () => {
  const importVscode = "import * as vscode from 'vscode';\nexport const api = vscode;\n";

  it.each(['src/core/probe.ts', 'src/store/probe.ts', 'src/sources/probe.ts'])('%s may not import vscode', async (file) => {
    expect((await messagesFor(file, importVscode)).some((m) => m.includes('must not depend on VS Code'))).toBe(true);
  });

  it('the extension layer may import vscode', async () => {
    expect(await messagesFor('src/extension/probe.ts', importVscode)).toEqual([]);
  });

  it('the webview may not write HTML from strings', async () => {
    const messages = await messagesFor('webview/probe.ts', 'export function f(el: HTMLElement, s: string): void { el.innerHTML = s; }\n');
    expect(messages.some((m) => m.includes('textContent'))).toBe(true);
  });

  it.each([
    ['webview/probe.ts', '../src/core/timeframe', 'webview → core'],
    ['webview/parts/probe.ts', '../../src/store/client', 'webview → store'],
    ['webview/probe.ts', '../src/extension/commandIds', 'webview → extension'],
    ['src/core/probe.ts', '../store/usageStore', 'core → store'],
    ['src/core/reports/probe.ts', '../../store/usageStore', 'core → store (one folder deeper)'],
    ['src/core/probe.ts', '../protocol', 'core → protocol'],
    ['src/core/probe.ts', '../tools/sample/generate', 'core → tools'],
    ['src/core/ingest/probe.ts', '../../extension/log', 'core → extension'],
    ['src/protocol.ts', './extension/commandIds', 'protocol → extension'],
    ['src/protocol.ts', './core/timeframe', 'protocol → core'],
    ['src/protocol.ts', './store/protocol', 'protocol → store'],
    ['src/shared/probe.ts', '../core/timeframe', 'shared → core'],
    ['src/shared/probe.ts', '../protocol', 'shared → protocol'],
    ['src/store/probe.ts', '../extension/log', 'store → extension'],
    ['src/store/probe.ts', '../tools/demoDb', 'store → tools'],
    ['src/store/probe.ts', '../protocol', 'store → protocol'],
    ['src/extension/probe.ts', '../tools/sample/generate', 'extension → tools'],
    ['src/cli.ts', './tools/demoDb', 'CLI → tools'],
    ['src/tools/probe.ts', '../extension/clock', 'tools → extension'],
    ['src/tools/sample/probe.ts', '../../../webview/main', 'tools → webview'],
  ])('%s importing %s fails lint (%s)', async (file, from) => {
    expect(await boundaryMessages(file, from)).toHaveLength(1);
  });

  it.each([
    ['webview/probe.ts', 'vscode'],
    ['webview/probe.ts', 'node:fs'],
    ['src/shared/probe.ts', 'node:path'],
    ['src/shared/probe.ts', 'vscode'],
    ['src/protocol.ts', 'vscode'],
    ['src/tools/probe.ts', 'vscode'],
  ])('%s may not import the module %s', async (file, from) => {
    expect(await boundaryMessages(file, from)).toHaveLength(1);
  });

  it.each([
    ['webview/probe.ts', '../src/protocol'],
    ['webview/probe.ts', '../src/shared/reportSpecs'],
    ['webview/parts/probe.ts', '../state'],
    ['src/core/probe.ts', './values'],
    ['src/core/probe.ts', '../shared/reportSpecs'],
    ['src/core/reports/probe.ts', '../timeframe'],
    ['src/core/reports/probe.ts', '../../shared/reportSpecs'],
    ['src/core/probe.ts', 'node:path'],
    ['src/shared/probe.ts', './reportSpecs'],
    ['src/protocol.ts', './shared/reportSpecs'],
    ['src/store/probe.ts', '../core/sql'],
    ['src/store/probe.ts', '../shared/reportSpecs'],
    ['src/extension/probe.ts', '../core/timeframe'],
    ['src/extension/probe.ts', '../protocol'],
    ['src/cli.ts', './core/csv'],
    ['src/tools/probe.ts', '../store/client'],
    ['src/tools/sample/probe.ts', '../../core/sampleSet'],
  ])('%s may import %s', async (file, from) => {
    expect(await boundaryMessages(file, from)).toEqual([]);
  });
});
