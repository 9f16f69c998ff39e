/**
 * Browser test harness: serves the BUILT webview (dist/webview.js + .css) inside the HTML that
 * renderWebviewHtml produces, in Debian's headless Chromium via playwright-core, with the VS Code
 * host stubbed: `acquireVsCodeApi` records posted messages (forwarded to the test through an exposed
 * function) and keeps getState/setState in sessionStorage, so a reload sees the same state like VS Code.
 * The test answers requests with `window.postMessage({type: 'reply', …})`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { HostMessage, HostState, ReplyTypes, ReportId, WebviewMessage } from '../../src/protocol';
import { createNonce, renderWebviewHtml } from '../../src/extension/panel/webviewHtml';

export const root = join(__dirname, '..', '..');
export const distDir = join(root, 'dist');

export type Posted = WebviewMessage & { requestId?: string };
type RequestType = keyof ReplyTypes;
export type RequestOf<K extends RequestType> = Extract<WebviewMessage, { type: K }>;

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/** A tiny static server: `/` is the webview HTML (new nonce per load), `/dist/*` the built bundle. */
export async function serveWebview(): Promise<Served> {
  const files: Record<string, string> = {
    '/dist/webview.js': 'text/javascript; charset=utf-8',
    '/dist/webview.css': 'text/css; charset=utf-8',
    '/dist/webview.js.map': 'application/json',
    '/dist/webview.css.map': 'application/json',
  };
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/') {
      const html = renderWebviewHtml({
        cspSource: origin,
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/dist/webview.css`,
        nonce: createNonce(),
        title: 'Agent Usage Reports',
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const type = files[path];
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(root, path)).then(
      (body) => res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export type ThemeKind = 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';

/** A subset of the variables VS Code defines on <html> for its default themes. */
export const themeVariables: Record<ThemeKind, Record<string, string>> = {
  'vscode-dark': {
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-errorForeground': '#f85149',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-editorWidget-background': '#202020',
    '--vscode-panel-background': '#181818',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-widget-border': '#313131',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-list-activeSelectionBackground': '#04395e',
    '--vscode-list-activeSelectionForeground': '#ffffff',
    '--vscode-list-inactiveSelectionBackground': '#37373d',
    '--vscode-list-highlightForeground': '#2aaaff',
    '--vscode-list-focusOutline': '#0078d4',
    '--vscode-keybindingTable-headerBackground': 'rgba(204, 204, 204, 0.04)',
    '--vscode-keybindingTable-rowsBackground': 'rgba(204, 204, 204, 0.04)',
    '--vscode-charts-foreground': '#cccccc',
    '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-inputValidation-errorBackground': '#5a1d1d',
    '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-scrollbarSlider-background': 'rgba(121, 121, 121, 0.4)',
    '--vscode-scrollbarSlider-hoverBackground': 'rgba(100, 100, 100, 0.7)',
    '--vscode-scrollbarSlider-activeBackground': 'rgba(191, 191, 191, 0.4)',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-settings-textInputBackground': '#313131',
    '--vscode-settings-textInputBorder': '#3c3c3c',
    '--vscode-settings-dropdownBackground': '#313131',
    '--vscode-settings-dropdownBorder': '#3c3c3c',
    '--vscode-settings-headerBorder': '#2b2b2b',
    '--vscode-panelTitle-activeForeground': '#e7e7e7',
    '--vscode-panelTitle-inactiveForeground': '#9d9d9d',
    '--vscode-panelTitle-activeBorder': '#0078d4',
    '--vscode-checkbox-background': '#313131',
    '--vscode-checkbox-border': '#3c3c3c',
    '--vscode-input-placeholderForeground': '#989898',
  },
  'vscode-light': {
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
    '--vscode-foreground': '#3b3b3b',
    '--vscode-descriptionForeground': '#717171',
    '--vscode-errorForeground': '#f85149',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-editor-background': '#ffffff',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-panel-background': '#f8f8f8',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-widget-border': '#e5e5e5',
    '--vscode-list-hoverBackground': '#f2f2f2',
    '--vscode-list-activeSelectionBackground': '#e8e8e8',
    '--vscode-list-activeSelectionForeground': '#000000',
    '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
    '--vscode-list-highlightForeground': '#0066bf',
    '--vscode-list-focusOutline': '#005fb8',
    '--vscode-keybindingTable-headerBackground': 'rgba(59, 59, 59, 0.04)',
    '--vscode-keybindingTable-rowsBackground': 'rgba(59, 59, 59, 0.04)',
    '--vscode-charts-foreground': '#616161',
    '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
    '--vscode-charts-red': '#e51400',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-yellow': '#bf8803',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-purple': '#652d90',
    '--vscode-inputValidation-errorBackground': '#f2dede',
    '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-scrollbarSlider-background': 'rgba(100, 100, 100, 0.4)',
    '--vscode-scrollbarSlider-hoverBackground': 'rgba(100, 100, 100, 0.7)',
    '--vscode-scrollbarSlider-activeBackground': 'rgba(0, 0, 0, 0.6)',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-settings-textInputBackground': '#ffffff',
    '--vscode-settings-textInputBorder': '#cecece',
    '--vscode-settings-textInputForeground': '#3b3b3b',
    '--vscode-settings-dropdownBackground': '#ffffff',
    '--vscode-settings-dropdownBorder': '#cecece',
    '--vscode-settings-dropdownForeground': '#3b3b3b',
    '--vscode-settings-headerBorder': '#e5e5e5',
    '--vscode-dropdown-background': '#ffffff',
    '--vscode-dropdown-foreground': '#3b3b3b',
    '--vscode-dropdown-border': '#cecece',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#3b3b3b',
    '--vscode-panelTitle-activeForeground': '#3b3b3b',
    '--vscode-panelTitle-inactiveForeground': '#3b3b3b',
    '--vscode-panelTitle-activeBorder': '#005fb8',
    '--vscode-checkbox-background': '#f8f8f8',
    '--vscode-checkbox-border': '#cecece',
    '--vscode-checkbox-foreground': '#3b3b3b',
    '--vscode-input-placeholderForeground': '#767676',
    '--vscode-icon-foreground': '#3b3b3b',
  },
  'vscode-high-contrast': {
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
    '--vscode-foreground': '#ffffff',
    '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)',
    '--vscode-errorForeground': '#f48771',
    '--vscode-focusBorder': '#f38518',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-contrastActiveBorder': '#f38518',
    '--vscode-editor-background': '#000000',
    '--vscode-editorWidget-background': '#0c141f',
    '--vscode-panel-background': '#000000',
    '--vscode-panel-border': '#6fc3df',
    '--vscode-list-hoverBackground': 'transparent',
    '--vscode-list-focusOutline': '#f38518',
    '--vscode-list-highlightForeground': '#f38518',
    '--vscode-charts-foreground': '#ffffff',
    '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-yellow': '#ffd700',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-border': '#6fc3df',
    '--vscode-settings-textInputBackground': '#000000',
    '--vscode-settings-textInputBorder': '#6fc3df',
    '--vscode-settings-dropdownBackground': '#000000',
    '--vscode-settings-dropdownBorder': '#6fc3df',
    '--vscode-panelTitle-activeForeground': '#ffffff',
    '--vscode-panelTitle-activeBorder': '#6fc3df',
  },
};

declare global {
  interface Window {
    __posted: Posted[];
    __cspViolations: { directive: string; blocked: string; sample: string }[];
    __xss?: unknown;
    __hostReceive?: (message: Posted) => void;
  }
}

export interface OpenOptions {
  theme?: ThemeKind;
  /** initial persisted webview state (what getState returns on the first load) */
  state?: unknown;
  viewport?: { width: number; height: number };
  /** install Playwright's fake clock before the page loads (for the 30 s request timeout) */
  fakeClock?: boolean;
}

/**
 * The stubbed host side of one page. Messages the webview posts arrive in order; `next(type)` waits for
 * the next one of that type not taken yet; `reply`/`fail` answer a request; `push` sends a host message.
 */
export class HostStub {
  readonly messages: Posted[] = [];
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  private readonly taken = new Set<Posted>();
  private readonly waiters = new Set<() => void>();
  private autoHandlers: Partial<{ [K in RequestType]: (message: RequestOf<K>) => ReplyTypes[K] | Promise<ReplyTypes[K]> }> = {};

  constructor(readonly page: Page, readonly context: BrowserContext) {}

  receive(message: Posted): void {
    this.messages.push(message);
    const handler = this.autoHandlers[message.type as RequestType] as ((m: Posted) => unknown) | undefined;
    if (handler && message.requestId) {
      void Promise.resolve(handler(message)).then((result) => this.reply(message, result)).catch(() => undefined);
    }
    for (const wake of [...this.waiters]) wake();
  }

  /** Answers every request of the given types automatically from now on (`next` still returns them, for inspection). */
  auto(handlers: Partial<{ [K in RequestType]: (message: RequestOf<K>) => ReplyTypes[K] | Promise<ReplyTypes[K]> }>): void {
    Object.assign(this.autoHandlers, handlers);
  }

  /** Waits for a message matching `predicate` (taken or not) posted at or after index `from`. */
  async waitFor(predicate: (message: Posted) => boolean, timeoutMs = 10_000, from = 0): Promise<Posted> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for a message; got: ${JSON.stringify(this.messages.map((m) => m.type))}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(1, Math.min(250, deadline - Date.now())));
        this.waiters.add(wake);
      });
    }
  }

  /** The next not-yet-taken message of `type` (marks it taken). */
  async next<K extends WebviewMessage['type']>(type: K, timeoutMs = 10_000): Promise<Extract<WebviewMessage, { type: K }>> {
    const message = await this.waitFor((m) => m.type === type && !this.taken.has(m), timeoutMs);
    this.taken.add(message);
    return message as Extract<WebviewMessage, { type: K }>;
  }

  /** Marks every message so far as taken (e.g. before an action whose requests the test wants). */
  drain(): void {
    for (const message of this.messages) this.taken.add(message);
  }

  count(type: WebviewMessage['type']): number {
    return this.messages.filter((m) => m.type === type).length;
  }

  async reply(message: Posted, result: unknown): Promise<void> {
    await this.push({ type: 'reply', requestId: message.requestId!, ok: true, result } as HostMessage);
  }

  async fail(message: Posted, error: string): Promise<void> {
    await this.push({ type: 'reply', requestId: message.requestId!, ok: false, error });
  }

  /** Posts a host message into the page (as JSON text: Playwright's argument serialiser is slow on 100k rows). */
  async push(message: HostMessage): Promise<void> {
    await this.page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message));
  }

  async cspViolations(): Promise<unknown[]> {
    const fromPage = await this.page.evaluate(() => window.__cspViolations);
    return [...fromPage, ...this.consoleErrors.filter((text) => /Content Security Policy/i.test(text))];
  }
}

export async function openPanel(browser: Browser, served: Served, options: OpenOptions = {}): Promise<HostStub> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 860 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  const host = new HostStub(page, context);
  page.on('console', (message) => {
    if (message.type() === 'error') host.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => host.pageErrors.push(String(error)));
  await page.exposeFunction('__hostReceive', (message: Posted) => host.receive(message));
  await page.addInitScript(
    ({ initialState, theme, variables }) => {
      const key = '__vscodeWebviewState';
      if (initialState !== undefined && sessionStorage.getItem(key) === null) sessionStorage.setItem(key, JSON.stringify(initialState));
      window.__posted = [];
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample });
      });
      let acquired = false;
      Object.defineProperty(window, 'acquireVsCodeApi', {
        configurable: false,
        value: () => {
          if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
          acquired = true;
          return Object.freeze({
            postMessage(message: unknown) {
              const copy = JSON.parse(JSON.stringify(message));
              window.__posted.push(copy);
              void window.__hostReceive?.(copy);
            },
            getState() {
              const raw = sessionStorage.getItem(key);
              return raw === null ? undefined : JSON.parse(raw);
            },
            setState(state: unknown) {
              sessionStorage.setItem(key, JSON.stringify(state));
              return state;
            },
          });
        },
      });
      // like VS Code: theme variables on <html>, the theme kind as a body class (set via the CSSOM, not markup)
      const applyTheme = () => {
        for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
        document.body.classList.add(theme);
        document.body.dataset.vscodeThemeKind = theme;
      };
      if (document.body) applyTheme();
      else {
        const observer = new MutationObserver(() => {
          if (document.body) {
            observer.disconnect();
            applyTheme();
          }
        });
        observer.observe(document, { childList: true, subtree: true });
      }
    },
    { initialState: options.state, theme: options.theme ?? 'vscode-dark', variables: themeVariables[options.theme ?? 'vscode-dark'] },
  );
  if (options.fakeClock) await page.clock.install();
  await page.goto(`${served.origin}/`);
  return host;
}

/** Switches the theme like VS Code does (variables on <html>, class on <body>). */
export async function setTheme(page: Page, theme: ThemeKind): Promise<void> {
  await page.evaluate(
    ({ theme, variables }) => {
      const style = document.documentElement.style;
      for (const name of Array.from(style)) if (name.startsWith('--vscode-')) style.removeProperty(name);
      for (const [name, value] of Object.entries(variables)) style.setProperty(name, value);
      document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
      document.body.classList.add(theme);
    },
    { theme, variables: themeVariables[theme] },
  );
}

// ---- test helpers -----------------------------------------------------------------------------------


/** One browser and one server per test file; each test opens its own context and page. */
export function useBrowser(): { browser(): Browser; served(): Served } {
  let browser: Browser | undefined;
  let served: Served | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    served = await serveWebview();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  return { browser: () => browser!, served: () => served! };
}

/** Opens the panel, waits for `ready`, installs auto replies (if given) and sends `init`. */
export async function startPanel(
  env: { browser(): Browser; served(): Served },
  options: OpenOptions & {
    state?: unknown;
    host?: HostState;
    auto?: Parameters<HostStub['auto']>[0];
  } = {},
): Promise<HostStub> {
  const host = await openPanel(env.browser(), env.served(), options);
  await host.next('ready');
  if (options.auto) host.auto(options.auto);
  if (options.host) await host.push({ type: 'init', state: options.host });
  return host;
}

export function view(page: Page, report: ReportId): Locator {
  return page.locator(`section.report[data-report="${report}"]`);
}

/** Picks an option of a vscode-single-select by its visible label, like a user. */
export async function choose(select: Locator, label: string): Promise<void> {
  await select.click();
  await select.getByRole('option', { name: label, exact: true }).click();
}

/** Texts of the rendered body rows (only what is in the DOM), in row order. */
export async function rowTexts(table: Locator): Promise<string[][]> {
  return table.evaluate((element) => {
    const rows = Array.from(element.querySelectorAll<HTMLElement>('.vt-rows .vt-row'));
    rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    return rows.map((row) => Array.from(row.querySelectorAll('.vt-cell')).map((cell) => cell.textContent ?? ''));
  });
}

export async function headerTexts(table: Locator): Promise<string[]> {
  return table.locator('.vt-header .vt-label').allTextContents();
}
