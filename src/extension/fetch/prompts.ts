/** The pickers and input boxes of the fetch commands, behind an interface so the extension-host tests can answer them. */
import * as vscode from 'vscode';

export interface Prompts {
  pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
}

export const windowPrompts: Prompts = {
  async pick(items, options) {
    return vscode.window.showQuickPick(items, options);
  },
  async input(options) {
    return vscode.window.showInputBox(options);
  },
};
