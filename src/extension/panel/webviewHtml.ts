/**
 * The webview's HTML shell (README, "Security"). Pure: no `vscode` import, so unit and browser tests render the
 * exact page the panel shows. The page carries no data: the bundle asks the host for everything after
 * it posts `ready`.
 *
 * CSP: `default-src 'none'`; the one script is allowed by a per-render nonce; styles, images and fonts
 * only from the webview resource origin (`cspSource`). Nothing else is needed, checked in headless
 * Chromium (test/browser, `securitypolicyviolation` listener):
 * - Lit / @vscode-elements style their shadow roots with constructable stylesheets (adoptedStyleSheets),
 *   which `style-src` does not govern, so no 'unsafe-inline' is required;
 * - uPlot and our table position elements through the CSSOM (`element.style.x = …`), which CSP allows
 *   (only `style` attributes in markup / `setAttribute('style')` and `<style>` elements are blocked);
 * - the webview never fetches (all data arrives by postMessage), hence no connect-src.
 */
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlInput {
  /** `webview.cspSource`, e.g. `https://*.vscode-cdn.net` */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview.js)` as a string */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)` as a string */
  styleUri: string;
  /** from `createNonce()`, new for every render */
  nonce: string;
  title: string;
}

/** 128 random bits, base64url (22 characters, no padding): fresh for every render of the panel. */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => htmlEscapes[ch]!);
}

/** Escapes a value for a double-quoted attribute, keeping single quotes readable (used for the CSP). */
function escapeDoubleQuotedAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (ch) => htmlEscapes[ch]!);
}

/**
 * The policy as a string. `cspSource` is VS Code's (one or more source expressions separated by spaces);
 * it must not smuggle in another directive, a 'unsafe-…' keyword or markup.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('nonce must be at least 16 base64/base64url/hex characters');
  const source = cspSource.trim().replace(/\s+/g, ' ');
  if (source === '' || /[;,"<>\\]|'unsafe-|\bdata:|\*\s*$|^\*|\s\*/i.test(source)) {
    throw new Error(`invalid cspSource "${cspSource}": expected source expressions such as https://*.vscode-cdn.net`);
  }
  return (
    [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${source}`,
      `img-src ${source} data:`,
      `font-src ${source}`,
    ].join('; ') + ';'
  );
}

export function renderWebviewHtml(input: WebviewHtmlInput): string {
  const csp = escapeDoubleQuotedAttribute(contentSecurityPolicy(input.cspSource, input.nonce));
  const nonce = escapeHtml(input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
</head>
<body>
<div id="app" class="app" aria-busy="true"></div>
<script nonce="${nonce}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}
