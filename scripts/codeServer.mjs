/**
 * code-server 4.100.3 (= VS Code 1.100.3) for `npm start` (scripts/start.mjs) and the end-to-end runners
 * (test/e2e): starting it in its own process group with a fresh user-data dir, waiting for it, stopping
 * the whole group, free ports, quiet workbench settings and workbench URLs. The browser side (headless
 * chromium, command palette, notifications, webview frames) is test/e2e/workbench.mjs.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const require = createRequire(join(root, 'package.json'));
export const tools = resolve(process.env.TOOLS || join(root, '.vscode-test/tools'));
export const codeServerBin = join(tools, 'node_modules/.bin/code-server');

/** The settings that keep a fresh profile quiet (no walkthrough stealing focus, no trust prompt, offline). */
export function workbenchSettings(extra = {}) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'chat.commandCenter.enabled': false,
    ...extra,
  };
}

export function writeSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
}

/** `preferred` if 127.0.0.1:preferred can be bound, else (or without one) a port the OS picks. */
export async function freePort(preferred = 0) {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error) => (preferred ? freePort().then(resolvePort, reject) : reject(error)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts code-server detached (setsid: its own session and process group, so stopGroup() ends the
 * server, extension hosts, file watcher and pty host together). Output goes to `logFile`.
 */
export function startCodeServer({ host, userDataDir, extensionsDir, configFile, scratch, logFile, folder, env = {} }) {
  const out = openSync(logFile, 'a');
  const args = [
    '--bind-addr', host, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--config', configFile,
  ];
  if (folder) args.push(folder);
  return spawn(codeServerBin, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, XDG_DATA_HOME: join(scratch, 'xdg-data'), XDG_CONFIG_HOME: join(scratch, 'xdg-config'), ...env },
  });
}

export async function waitForServer(host, child, logFile, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child && child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8')}`);
    try {
      const response = await globalThis.fetch(`http://${host}/healthz`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${host} within ${timeoutMs / 1000} s`);
}

/** Signals the child's whole process group; false if the group is gone. */
export function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole process group, SIGKILL after 5 s. */
export function stopGroup(child) {
  return new Promise((resolveStop) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
    const done = () => {
      clearTimeout(timer);
      resolveStop();
    };
    child.once('exit', done);
    if (!signalGroup(child, 'SIGTERM')) done();
  });
}

/**
 * Workbench URL; with `extensionPath` the extension is loaded as a development extension (no install),
 * with `testsPath` too, the extension host runs that test entry and reports through codeAutomationExit.
 */
export function workbenchUrl(host, folder, extensionPath, testsPath) {
  let url = `http://${host}/?folder=${encodeURIComponent(folder)}`;
  if (extensionPath) {
    const remote = (path) => `vscode-remote://${host}${path}`;
    const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
    if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}
