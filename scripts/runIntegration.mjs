// `npm run test:integration`: the mocha suite in test/integration inside a real VS Code — code-server's
// workbench in headless Chromium — the way test-electron runs it in desktop VS Code (runElectron.mjs).
// The workbench loads the extension from this repo and runs out/test/integration/index.js in its
// extension host; mocha's output comes back through window.codeAutomationLog and the result through
// window.codeAutomationExit.
//
// Env: DEVOPS_LIFECYCLE_WORKSPACE (folder to open, default test/fixtures/workspaces/demo),
//      DEVOPS_LIFECYCLE_INTEGRATION_TIMEOUT_MS (whole run, default 10 min),
//      DEVOPS_LIFECYCLE_TEST_GREP (mocha grep, read by test/integration/index.ts),
//      DEVOPS_LIFECYCLE_VERBOSE=1 (also print the workbench's own log lines).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import {
  build, envMs, launchChromium, payloadUrl, repoRoot, resolveWorkspace, startCodeServer, testEnv,
} from './codeServer.mjs';
import { dockerEngineForTests } from './dockerEngine.mjs';

const timeoutMs = envMs('DEVOPS_LIFECYCLE_INTEGRATION_TIMEOUT_MS', 10 * 60_000);
const resultsDir = join(repoRoot, 'test-results');
const verbose = /^(1|true)$/i.test(process.env.DEVOPS_LIFECYCLE_VERBOSE ?? '');
// The workbench's own startup log shares codeAutomationLog with mocha's output; these lines say nothing
// about the tests, so they are kept for failure reports only (DEVOPS_LIFECYCLE_VERBOSE=1 prints them).
const WORKBENCH_CHATTER = /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore:)/;

let server;
let browser;
let docker;
let finishing = false;

async function cleanup() {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await docker?.stop().catch(() => {});
}

async function finish(code, reason) {
  if (finishing) return;
  finishing = true;
  if (reason) console.error(reason);
  await cleanup();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => finish(130, `\ninterrupted (${signal})`));

async function main() {
  // A screenshot from an earlier timeout would pass for this run's.
  rmSync(join(resultsDir, 'integration-timeout.png'), { force: true });
  build();
  const folder = resolveWorkspace();
  const started = Date.now();
  // Chromium first: it is the cheaper of the two to find missing.
  browser = await launchChromium();
  // The Docker tests build real images: the extension host gets DOCKER_HOST (a private dockerd if none answers).
  docker = await dockerEngineForTests();
  server = await startCodeServer({ folder, env: { ...testEnv(), ...docker.env } });
  console.log(`code-server ${server.url} on ${folder}`);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

  // What the page said, replayed when the run does not end by itself.
  const seen = [];
  const remember = (line) => {
    seen.push(line);
    if (seen.length > 200) seen.shift();
  };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') remember(`[page ${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => remember(`[page error] ${error.message}`));

  let settle;
  const result = new Promise((resolvePromise) => { settle = resolvePromise; });
  page.on('crash', () => settle({ code: 1, reason: 'the workbench page crashed' }));
  page.on('close', () => settle({ code: 1, reason: 'the workbench page closed before the tests finished' }));
  browser.on('disconnected', () => settle({ code: 1, reason: 'Chromium exited before the tests finished' }));
  server.exited.then(() => settle({ code: 1, reason: 'code-server exited before the tests finished' }));
  // The workbench looks these up when the tests end, so they must exist before its script runs.
  // Anything but a number is not a pass.
  await page.exposeFunction('codeAutomationExit', (code) => settle({ code: Number.isInteger(code) ? code : 1 }));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (WORKBENCH_CHATTER.test(line) && !verbose) return remember(line);
    if (type === 'error') console.error(line);
    else console.log(line);
  });
  const timeout = new Promise((resolvePromise) => {
    setTimeout(() => resolvePromise({ code: 1, reason: `the integration tests did not finish within ${timeoutMs / 1000} s`, timedOut: true }), timeoutMs).unref();
  });

  await page.goto(payloadUrl(server, {
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index.js'),
  }), { timeout: 60_000 });
  const outcome = await Promise.race([result, timeout]);
  if (finishing) return; // interrupted: the page closed because we closed it

  if (outcome.reason) {
    console.error(`\n${outcome.reason}`);
    console.error('--- workbench log, page errors and warnings ---');
    console.error(seen.join('\n') || '(none)');
    console.error('--- code-server output (tail) ---');
    console.error(server.output().split('\n').slice(-40).join('\n'));
    if (outcome.timedOut) {
      mkdirSync(resultsDir, { recursive: true });
      const shot = join(resultsDir, 'integration-timeout.png');
      if (await page.screenshot({ path: shot }).then(() => true, () => false)) console.error(`screenshot: ${shot}`);
    }
  }
  console.log(`integration: exit ${outcome.code} after ${Math.round((Date.now() - started) / 1000)} s`);
  await finish(outcome.code);
}

main().catch((error) => finish(1, `integration run failed: ${error?.message ?? error}`));
