// `npm run test:e2e`: what a user sees and clicks. One code-server on the demo fixture with this repo
// loaded as the development extension, one Chromium page, and the modules test/e2e/*.e2e.mjs run on it
// in order. Each module exports `async function run({ page, server, screenshot, assert })`.
// The page is shared (every page load starts another extension host, which outlives the page), so a
// test should leave the workbench usable for the next one.
//
// Usage: node scripts/runE2e.mjs [name-filter…]
// Env:   DEVOPS_LIFECYCLE_WORKSPACE (folder to open, default test/fixtures/workspaces/demo),
//        DEVOPS_LIFECYCLE_E2E_TIMEOUT_MS (per test, default 3 min).
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  build, envMs, launchChromium, payloadUrl, repoRoot, resolveWorkspace, startCodeServer, testEnv,
} from './codeServer.mjs';

const testsDir = join(repoRoot, 'test', 'e2e');
const resultsDir = join(repoRoot, 'test-results');
const testTimeoutMs = envMs('DEVOPS_LIFECYCLE_E2E_TIMEOUT_MS', 3 * 60_000);

let server;
let browser;
let interrupted = false;

async function cleanup() {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    interrupted = true;
    console.error(`\ninterrupted (${signal})`);
    await cleanup();
    process.exit(130);
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const filters = process.argv.slice(2);
  const tests = readdirSync(testsDir)
    .filter((file) => file.endsWith('.e2e.mjs'))
    .sort()
    .map((file) => ({ name: file.slice(0, -'.e2e.mjs'.length), file: join(testsDir, file) }))
    .filter((test) => filters.length === 0 || filters.some((filter) => test.name.includes(filter)));
  // Zero tests is a broken setup or a typo in the filter, never a pass.
  if (tests.length === 0) throw new Error(`no e2e tests in ${testsDir}${filters.length ? ` match ${filters.join(', ')}` : ''}`);

  build();
  // A module may ask for a window in Restricted Mode (`export const restricted = true`) or on another fixture
  // workspace (`export const workspace = 'empty'`, a folder of test/fixtures/workspaces): each such set runs
  // on its own code-server, after the default set.
  const modules = [];
  for (const test of tests) modules.push({ ...test, module: await import(pathToFileURL(test.file).href) });
  const keyOf = (t) => `${t.module.workspace ?? 'demo'}${t.module.restricted ? ' (Restricted Mode)' : ''}`;
  const byKey = new Map();
  for (const m of modules) byKey.set(keyOf(m), [...(byKey.get(keyOf(m)) ?? []), m]);
  const groups = [...byKey.entries()].sort(([a], [b]) => (a === 'demo' ? -1 : b === 'demo' ? 1 : a < b ? -1 : 1)).map(([, g]) => g);
  // Chromium first: it is the cheaper of the two to find missing.
  browser = await launchChromium();
  mkdirSync(resultsDir, { recursive: true });
  let passed = 0;
  let failed = 0;
  for (const group of groups) {
    const restricted = Boolean(group[0].module.restricted);
    const folder = resolveWorkspace(group[0].module.workspace);
    server = await startCodeServer({
      folder,
      env: testEnv(),
      workspaceTrust: restricted,
      // The temporary workspaces have no node_modules: Jest runs use this repository's Jest 30. As a user
      // setting it is in force from the first page load (a workspace file written later is seen late).
      userSettings: { 'devopsLifecycle.jest.command': `${process.execPath} ${join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js')}` },
    });
    console.log(`code-server ${server.url} on ${folder}${restricted ? ' (Restricted Mode)' : ''}`);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Workbench DOM comes ~6–8 s after load and the extension ~12–15 s on 2 cores: give single waits room.
    page.setDefaultTimeout(30_000);
    const screenshot = async (name) => {
      const path = join(resultsDir, name.endsWith('.png') ? name : `${name}.png`);
      await page.screenshot({ path });
      return path;
    };
    await page.goto(payloadUrl(server, { extensionDevelopmentPath: repoRoot }), { timeout: 60_000 });
    for (const test of group) {
      const started = Date.now();
      // A failure screenshot from an earlier run would pass for this run's.
      rmSync(join(resultsDir, `${test.name}-failure.png`), { force: true });
      try {
        if (typeof test.module.run !== 'function') throw new Error(`${test.file} does not export run()`);
        await withTimeout(test.module.run({ page, server, screenshot, assert }), testTimeoutMs, test.name);
        passed++;
        console.log(`✓ ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        if (interrupted) break; // the browser was closed under the test: not a test failure
        failed++;
        console.log(`✗ ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        console.log(indent(error?.stack ?? String(error)));
        const shot = await screenshot(`${test.name}-failure`).catch(() => undefined);
        if (shot) console.log(indent(`screenshot: ${shot}`));
      }
    }
    await page.close().catch(() => {});
    await server.stop().catch(() => {});
    server = undefined;
    if (interrupted) break;
  }
  if (interrupted) return 130;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function indent(text) {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}

let code = 1;
try {
  code = await main();
} catch (error) {
  if (!interrupted) console.error(`e2e run failed: ${error?.message ?? error}`);
}
// When interrupted, the signal handler cleans up and exits.
if (!interrupted) {
  await cleanup();
  process.exit(code);
}
