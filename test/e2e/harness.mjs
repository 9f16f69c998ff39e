/**
 * Shared by the extension-host runner (runExthost.mjs), the Playwright UI runner (ui/runUi.mjs), the
 * `npm start` check (ui/checkStart.mjs) and `npm start` itself (scripts/start.mjs): starting
 * code-server 4.100.3 (= VS Code 1.100.3) in its own process group with a fresh user-data dir, headless
 * Debian chromium through playwright-core, and small workbench helpers (command palette, notifications,
 * the webview's nested iframes). Same recipe as /work/shared/vscode-e2e.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const require = createRequire(join(root, 'package.json'));
export const tools = resolve(process.env.TOOLS || join(root, '.vscode-test/tools'));
export const codeServerBin = join(tools, 'node_modules/.bin/code-server');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const t0 = Date.now();
export const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
export const log = (...args) => console.log(`[${elapsed()}s]`, ...args);

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

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchBrowser(profileDir, viewport = { width: 1400, height: 900 }) {
  if (!existsSync(chromiumPath)) throw new Error(`chromium not found at ${chromiumPath}`);
  const { chromium } = require('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    locale: 'en-US',
    args: chromiumArgs,
    // Playwright's own SIGINT handler closes the browser and then calls process.exit(130) — before our
    // cleanup has stopped code-server's process group. The runners handle SIGINT themselves.
    handleSIGINT: false,
  });
  return context;
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

/**
 * Runs a command from the command palette. Escape first (F1 toggles the palette), then F1 and the
 * title; retried until the row shows up (the extension host may still be registering commands).
 */
export async function runCommand(page, title, timeoutMs = 60_000, { opensQuickPick = false } = {}) {
  const end = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title });
  let lastError;
  while (Date.now() < end) {
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(`>${title}`);
      await row.first().waitFor({ state: 'visible', timeout: 3000 });
      const label = (await row.first().locator('.label-name').textContent({ timeout: 2000 }))?.trim();
      if (label !== title) throw new Error(`first row is "${label}"`);
      if (opensQuickPick) {
        // the command's own quick pick reuses the widget (and Enter could reach it too): click, the caller waits for its rows
        await row.first().click();
        return;
      }
      await input.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (error) {
      lastError = error;
      await page.waitForTimeout(500);
    }
  }
  throw new Error(`command "${title}" did not appear in the command palette within ${timeoutMs / 1000} s (${lastError?.message?.split('\n')[0]})`);
}

/** A notification toast (or, if it already went away, the notification center) whose text matches. */
export async function waitForNotification(page, pattern, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  const messages = page.locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message');
  while (Date.now() < end) {
    const texts = await messages.allTextContents().catch(() => []);
    const hit = texts.find((text) => pattern.test(text));
    if (hit) return hit;
    await page.waitForTimeout(150);
  }
  const texts = await messages.allTextContents().catch(() => []);
  throw new Error(`no notification matching ${pattern} within ${timeoutMs / 1000} s; shown: ${JSON.stringify(texts)}`);
}

/** The extension's webview content: iframe.webview (host) > iframe#active-frame (our HTML). */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}
