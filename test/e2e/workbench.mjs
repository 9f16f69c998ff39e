/**
 * The browser side of the end-to-end runners (runExthost.mjs, ui/runUi.mjs, ui/checkStart.mjs): headless
 * Debian chromium through playwright-core and small workbench helpers (command palette, notifications,
 * the webview's nested iframes). Same recipe as /work/shared/vscode-e2e. code-server itself:
 * scripts/codeServer.mjs.
 */
import { existsSync } from 'node:fs';
import { require } from '../../scripts/codeServer.mjs';

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const t0 = Date.now();
export const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
export const log = (...args) => console.log(`[${elapsed()}s]`, ...args);

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
