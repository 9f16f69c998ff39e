/**
 * Webview HTML shell and static checks (checklist W1–W3): CSP first in <head> with exactly the
 * directives in README "Security", a fresh ≥128-bit nonce on every script, no inline handlers or javascript:
 * URLs, escaped interpolations; no HTML sinks in our webview sources and no eval in the bundle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, escapeHtml, renderWebviewHtml } from '../../src/extension/panel/webviewHtml';

const root = join(__dirname, '..', '..');
const cspSource = 'https://*.vscode-cdn.net';

function render(overrides: Partial<Parameters<typeof renderWebviewHtml>[0]> = {}) {
  const nonce = overrides.nonce ?? createNonce();
  const html = renderWebviewHtml({
    cspSource,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
    nonce,
    title: 'Agent Usage Reports',
    ...overrides,
  });
  return { html, nonce };
}

function cspOf(html: string): string {
  const match = /<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  if (!match) throw new Error('no CSP meta as the first element of <head>');
  return match[1]!;
}

describe('W1: content security policy', () => {
  it('is the first element in <head>', () => {
    const { html } = render();
    const head = /<head>([\s\S]*?)<\/head>/.exec(html)![1]!;
    expect(head.trimStart().startsWith('<meta http-equiv="Content-Security-Policy"')).toBe(true);
    expect(html.match(/http-equiv="Content-Security-Policy"/g)).toHaveLength(1);
  });

  it('has exactly the designed directives', () => {
    const { html, nonce } = render();
    const directives = cspOf(html).split(';').map((part) => part.trim()).filter(Boolean);
    expect(directives).toEqual([
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${cspSource}`,
      `img-src ${cspSource} data:`,
      `font-src ${cspSource}`,
    ]);
    const policy = cspOf(html);
    for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", 'connect-src', "'self'", ' * ', 'http:']) expect(policy).not.toContain(forbidden);
  });

  it('rejects a cspSource or nonce that would widen or break the policy', () => {
    expect(() => contentSecurityPolicy("https://x; script-src 'unsafe-inline'", createNonce())).toThrow();
    expect(() => contentSecurityPolicy("'unsafe-inline'", createNonce())).toThrow();
    expect(() => contentSecurityPolicy('*', createNonce())).toThrow();
    expect(() => contentSecurityPolicy('', createNonce())).toThrow();
    expect(() => contentSecurityPolicy(cspSource, "abc' 'unsafe-inline")).toThrow();
    expect(() => contentSecurityPolicy(cspSource, 'short')).toThrow();
  });
});

describe('W2: nonce and scripts', () => {
  it('nonce has at least 128 bits and differs per call', () => {
    const nonces = Array.from({ length: 200 }, createNonce);
    expect(new Set(nonces).size).toBe(200);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(nonce, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
    expect(cspOf(render().html)).not.toBe(cspOf(render().html));
  });

  it('every <script> carries the nonce, and there is exactly one (the bundle)', () => {
    const { html, nonce } = render();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    for (const tag of scripts) expect(tag).toContain(` nonce="${nonce}"`);
    expect(scripts[0]).toContain('src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js"');
    expect(html).toMatch(/<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.css">/);
    expect(html).toContain('<div id="app"');
  });
});

describe('W3: no inline code, no data, escaped values', () => {
  it('has no on* handlers, javascript: URLs, inline styles or inline script bodies', () => {
    const { html } = render();
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/); // no inline script body
  });

  it('escapes every interpolated value', () => {
    const { html } = render({
      title: '</title><script>alert(1)</script>',
      scriptUri: 'https://x/a.js" onload="alert(1)',
      styleUri: "https://x/a.css' onerror='alert(1)",
    });
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('src="https://x/a.js&quot; onload=&quot;alert(1)"');
    expect(html).toContain('href="https://x/a.css&#39; onerror=&#39;alert(1)"');
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('our webview sources use no HTML sinks, eval or inline handlers', () => {
    const files: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (entry.name.endsWith('.ts')) files.push(path);
      }
    };
    visit(join(root, 'webview'));
    expect(files.length).toBeGreaterThan(5);
    const sinks = /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\s*\(|new Function\s*\(|setAttribute\(\s*['"](?:style|on\w+|href|src)['"]|\.srcdoc\b/;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(sinks.exec(source)?.[0], file).toBeUndefined();
    }
    // the VS Code API handle is acquired once, in ipc.ts only
    const acquiring = files.filter((file) => /acquireVsCodeApi\(\)/.test(readFileSync(file, 'utf8').replace(/declare function acquireVsCodeApi\(\)/, '')));
    expect(acquiring.map((file) => file.slice(root.length + 1))).toEqual(['webview/ipc.ts']);
  });

  it('the built bundle contains no eval or new Function', () => {
    const bundle = join(root, 'dist', 'webview.js');
    if (!existsSync(bundle)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
    const code = readFileSync(bundle, 'utf8');
    expect(code.length).toBeGreaterThan(10_000);
    expect(code).not.toMatch(/\beval\s*\(/);
    expect(code).not.toMatch(/new Function\s*\(/);
    // HTML sinks in the bundle come only from lit's template parser (a <template>, never data)
    const sinkLines = code.split('\n').filter((line) => /innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(line));
    expect(sinkLines.length).toBeLessThanOrEqual(2);
  });
});
