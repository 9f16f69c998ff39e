import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.message);
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
});
