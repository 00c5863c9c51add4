// The CALMS checklist's page, as the webview panel loads it: a strict Content Security Policy
// (default-src 'none'; one script, allowed by a nonce from crypto.randomBytes; styles and images only from
// the webview's own resource origin), the stylesheet and the script from two narrow folders of the
// extension, and no workspace text at all — the webview builds its DOM from the state message with
// textContent. Pure (no vscode import): the panel passes in the URIs asWebviewUri made.
import { randomBytes } from 'node:crypto';

/** The only folders (relative to the extension's root) the webview may load from: localResourceRoots. */
export const CALMS_RESOURCE_ROOTS: readonly (readonly string[])[] = [
  ['media', 'calms'],
  ['dist', 'webview'],
];

/** The stylesheet and the script of the page, relative to the extension's root. */
export const CALMS_STYLE: readonly string[] = ['media', 'calms', 'calms.css'];
export const CALMS_SCRIPT: readonly string[] = ['dist', 'webview', 'calms.js'];

/** A fresh nonce for each page: 128 bits from the operating system's CSPRNG, base64. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface CalmsPageResources {
  /** The webview's resource origin (webview.cspSource). */
  readonly cspSource: string;
  /** CALMS_STYLE and CALMS_SCRIPT through webview.asWebviewUri. */
  readonly styleUri: string;
  readonly scriptUri: string;
  readonly nonce: string;
}

export function calmsPageHtml(r: CalmsPageResources): string {
  const csp = [`default-src 'none'`, `style-src ${r.cspSource}`, `img-src ${r.cspSource}`, `script-src 'nonce-${r.nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(r.styleUri)}">
<title>CALMS Checklist</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading the CALMS checklist…</p></main>
<script nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}

/** A value for a double-quoted HTML attribute. */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
