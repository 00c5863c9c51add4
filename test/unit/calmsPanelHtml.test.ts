// The CALMS webview's page as the panel loads it: the Content Security Policy (default-src 'none', the
// one script allowed by a fresh random nonce, nothing inline, nothing from elsewhere), the policy ahead of
// everything it governs, and the two resources from the two narrow folders localResourceRoots opens —
// which exist in the build the extension ships.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { CALMS_RESOURCE_ROOTS, CALMS_SCRIPT, CALMS_STYLE, calmsPageHtml, newNonce } from '../../src/core/calms/panelHtml';

const ROOT = resolve(__dirname, '../../..');
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const page = (nonce = newNonce()) =>
  calmsPageHtml({ cspSource: CSP_SOURCE, styleUri: `${CSP_SOURCE}/ext/media/calms/calms.css`, scriptUri: `${CSP_SOURCE}/ext/dist/webview/calms.js`, nonce });

/** The policy of the page's CSP meta element, as directive → sources. */
function policy(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(metas.length, 1, 'one CSP meta element');
  return new Map(metas[0]![1]!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

describe('CALMS webview page', () => {
  it("sets default-src 'none' and allows exactly one script, by its nonce; nothing inline, nothing eval'd", () => {
    const nonce = newNonce();
    const html = page(nonce);
    const csp = policy(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`], 'no host, no unsafe-inline, no unsafe-eval, no strict-dynamic');
    assert.deepEqual(csp.get('style-src'), [CSP_SOURCE], 'styles only from the webview resource origin, none inline');
    assert.deepEqual(csp.get('img-src'), [CSP_SOURCE]);
    assert.deepEqual([...csp.keys()].sort(), ['default-src', 'img-src', 'script-src', 'style-src'], 'no directive opens anything else (connect, frame, font…)');

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]![1], ` nonce="${nonce}" src="${CSP_SOURCE}/ext/dist/webview/calms.js"`);
    assert.equal(scripts[0]![2], '', 'no inline script');
    assert.doesNotMatch(html, /\son\w+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /<style|style=/i, 'no inline styles');
    assert.match(html, new RegExp(`<link rel="stylesheet" href="${CSP_SOURCE.replace(/[.+]/g, '\\$&')}/ext/media/calms/calms\\.css">`));
  });

  it('puts the policy before everything it governs', () => {
    const html = page();
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(meta > 0 && meta < html.indexOf('<link') && meta < html.indexOf('<script'));
  });

  it('makes a fresh 128-bit nonce for every page', () => {
    const nonces = Array.from({ length: 500 }, () => newNonce());
    for (const n of nonces) {
      assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
      assert.equal(Buffer.from(n, 'base64').length, 16);
    }
    assert.equal(new Set(nonces).size, nonces.length);
    assert.notEqual(policy(page()).get('script-src')![0], policy(page()).get('script-src')![0]);
  });

  it('escapes what it puts in attributes', () => {
    const html = calmsPageHtml({ cspSource: CSP_SOURCE, styleUri: 'a"><script>alert(1)</script>', scriptUri: 'b" onload="x', nonce: 'n' });
    assert.equal([...html.matchAll(/<script/g)].length, 1);
    assert.match(html, /href="a&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(html, /src="b&quot; onload=&quot;x"/);
  });

  it('loads only from two narrow folders of the extension, which hold the stylesheet and the built script', () => {
    const inRoot = (file: readonly string[]) => CALMS_RESOURCE_ROOTS.some((root) => root.every((part, i) => file[i] === part) && file.length > root.length);
    assert.ok(inRoot(CALMS_STYLE) && inRoot(CALMS_SCRIPT));
    for (const root of CALMS_RESOURCE_ROOTS) {
      assert.ok(root.length >= 2, `${root.join('/')}: not the extension's root nor a top folder such as dist/ (extension.js, cli.js)`);
      assert.ok(fs.statSync(join(ROOT, ...root)).isDirectory(), `${root.join('/')} is missing`);
    }
    // What the panel links to is there (dist/ is the build: node esbuild.config.mjs), and what the
    // roots open is only the webview's own files.
    assert.ok(fs.existsSync(join(ROOT, ...CALMS_STYLE)), CALMS_STYLE.join('/'));
    assert.ok(fs.existsSync(join(ROOT, ...CALMS_SCRIPT)), `${CALMS_SCRIPT.join('/')}: build it first (node esbuild.config.mjs)`);
    for (const root of CALMS_RESOURCE_ROOTS) {
      for (const name of fs.readdirSync(join(ROOT, ...root))) assert.match(name, /^calms\.(css|js|js\.map)$/, `${root.join('/')}/${name}`);
    }
  });
});
