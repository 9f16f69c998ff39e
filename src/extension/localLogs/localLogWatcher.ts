/**
 * `agentUsage.localLogs.watch`: while on (and the workspace is trusted), the folders and files of the
 * local-logs sources in the store, and the default Claude Code and Codex locations, are watched; changes
 * are coalesced for two seconds and the changed sources re-scanned incrementally and quietly. The status
 * bar, tree and panel follow through the data service's change event. Turning the setting off disposes
 * every watcher.
 */
import * as vscode from 'vscode';
import { existsSync, statSync, watch as watchPath, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { DataService } from '../data/dataService';
import type { Log } from '../log';
import type { LocalLogService } from './localLogService';
import { isWatchedFile, targetKey, watchFolders, watchTargets, type LocalLogTarget } from './localLogTargets';
import { ScanScheduler } from './scanScheduler';

export const watchDelayMs = 2000;

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

interface Watched {
  target: LocalLogTarget;
  watchers: vscode.Disposable[];
}

export class LocalLogWatcher implements vscode.Disposable {
  private readonly watched = new Map<string, Watched>();
  private readonly scheduler: ScanScheduler<string>;
  private readonly subscription: vscode.Disposable;
  private updating: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly data: DataService,
    private readonly localLogs: LocalLogService,
    private readonly log: Log,
  ) {
    this.scheduler = new ScanScheduler(watchDelayMs, (keys) => this.scan(keys));
    this.subscription = data.onDidChange((reason) => {
      if (reason !== 'refresh' && reason !== 'day') this.update();
    });
  }

  /** What is watched (test state). */
  state(): { enabled: boolean; targets: LocalLogTarget[] } {
    return { enabled: this.enabled, targets: [...this.watched.values()].map((entry) => entry.target) };
  }

  private get enabled(): boolean {
    return this.data.settings.localLogsWatch && vscode.workspace.isTrusted && !this.disposed;
  }

  /** Re-reads the setting and the sources and adjusts the watchers (one update at a time). */
  update(): Promise<void> {
    this.updating = this.updating.then(() => this.apply()).catch((error: unknown) => this.log.error(`local log watcher: ${String(error)}`));
    return this.updating;
  }

  private async apply(): Promise<void> {
    if (!this.enabled) {
      if (this.watched.size > 0) this.log.info('stopped watching local agent logs');
      this.unwatchAll();
      return;
    }
    const defaults = { 'claude-code': this.localLogs.defaultRoots('claude-code'), codex: this.localLogs.defaultRoots('codex') };
    const targets = new Map(watchTargets(await this.data.listSources(), defaults).map((target) => [targetKey(target), target]));
    if (!this.enabled) return;
    for (const [key, entry] of this.watched) {
      if (targets.has(key)) continue;
      entry.watchers.forEach((watcher) => watcher.dispose());
      this.watched.delete(key);
    }
    for (const [key, target] of targets) {
      if (this.watched.has(key)) continue;
      const paths = target.roots.flatMap((root) => (isDirectory(root) ? watchFolders(target.kind, root, isDirectory) : [root]));
      this.watched.set(key, { target, watchers: paths.flatMap((path) => this.watch(key, target, path)) });
      this.log.info(`watching ${target.kind} logs in ${target.roots.join(', ')}`);
    }
  }

  /**
   * Node's recursive `fs.watch` (the logs are outside the workspace, where VS Code's own watcher did not
   * report appends in our tests); a file root is watched through its folder, so a replaced file is seen too.
   * Where Node cannot watch, VS Code's watcher on a RelativePattern with a Uri base is used.
   */
  private watch(key: string, target: LocalLogTarget, root: string): vscode.Disposable[] {
    if (!existsSync(root)) return [];
    const folder = isDirectory(root);
    // a name or path under the watched folder (null: Node could not tell which file changed)
    const matters = (name: string | null) => name === null || (folder ? isWatchedFile(target.kind, name) : basename(name) === basename(root));
    const changed = () => this.scheduler.signal(key);
    let watcher: FSWatcher;
    try {
      watcher = watchPath(folder ? root : dirname(root), { recursive: folder, persistent: false }, (_event, name) => {
        if (matters(name === null ? null : String(name))) changed();
      });
    } catch (error) {
      this.log.warn(`cannot watch ${root} with Node (${String(error)}); using VS Code's file watcher`);
      const pattern = folder ? new vscode.RelativePattern(vscode.Uri.file(root), '**/*') : new vscode.RelativePattern(vscode.Uri.file(dirname(root)), basename(root));
      const fallback = vscode.workspace.createFileSystemWatcher(pattern, false, false, true);
      const onUri = (uri: vscode.Uri) => {
        if (matters(uri.fsPath)) changed();
      };
      return [fallback, fallback.onDidCreate(onUri), fallback.onDidChange(onUri)];
    }
    watcher.on('error', (error) => this.log.warn(`watching ${root} stopped: ${String(error)}`));
    return [{ dispose: () => watcher.close() }];
  }

  private async scan(keys: string[]): Promise<void> {
    for (const key of keys) {
      const entry = this.watched.get(key);
      if (entry && this.enabled) await this.localLogs.scanQuietly(entry.target);
    }
  }

  private unwatchAll(): void {
    for (const entry of this.watched.values()) entry.watchers.forEach((watcher) => watcher.dispose());
    this.watched.clear();
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.dispose();
    this.subscription.dispose();
    this.unwatchAll();
  }
}
