/** The "Agent Usage" output channel and user notifications (every notification is also logged). */
import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Agent Usage', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string): void {
    this.channel.error(message);
  }

  /** Shows a notification (not awaited by callers that do not need the chosen action). */
  notify<T extends string>(severity: Severity, message: string, ...actions: T[]): Thenable<T | undefined> {
    this[severity === 'warning' ? 'warn' : severity](message);
    if (severity === 'error') return vscode.window.showErrorMessage(message, ...actions);
    if (severity === 'warning') return vscode.window.showWarningMessage(message, ...actions);
    return vscode.window.showInformationMessage(message, ...actions);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
