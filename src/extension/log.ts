/** The "Agent Usage" output channel and user notifications (every notification is also logged and kept for the test state). */
import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface NotificationRecord {
  severity: Severity;
  message: string;
}

const keptNotifications = 50;

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Agent Usage', { log: true });
  readonly notifications: NotificationRecord[] = [];
  /** the last warnings and errors written to the channel (test state) */
  readonly problems: string[] = [];

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.keep(`warning: ${message}`);
    this.channel.warn(message);
  }

  error(message: string): void {
    this.keep(`error: ${message}`);
    this.channel.error(message);
  }

  private keep(line: string): void {
    this.problems.push(line);
    if (this.problems.length > keptNotifications) this.problems.shift();
  }

  /** Shows a notification (not awaited by callers that do not need the chosen action). */
  notify<T extends string>(severity: Severity, message: string, ...actions: T[]): Thenable<T | undefined> {
    this.notifications.push({ severity, message });
    if (this.notifications.length > keptNotifications) this.notifications.shift();
    this[severity === 'warning' ? 'warn' : severity](message);
    if (severity === 'error') return vscode.window.showErrorMessage(message, ...actions);
    if (severity === 'warning') return vscode.window.showWarningMessage(message, ...actions);
    return vscode.window.showInformationMessage(message, ...actions);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
