// `npm start`: try the extension in a real VS Code with nothing but a browser. Installs what is missing
// (node_modules, Debian packages, code-server), builds, and serves code-server on 127.0.0.1 with this
// repository installed as an extension: a symlink `devops-lifecycle.devops-lifecycle-<version>` in the
// extensions dir, so simply opening the printed URL loads it (no URL payload needed), and a rebuild plus
// "Developer: Reload Window" picks up changes.
//
// Usage: npm start [-- FOLDER] [-- --check]
//   FOLDER   workspace to open (default: the demo workspace, a git copy of test/fixtures/workspaces/demo kept
//            in .vscode-test/start/demo; or DEVOPS_LIFECYCLE_WORKSPACE)
//   --check  open the URL in headless Chromium, confirm the DevOps view is there, then stop (a smoke test
//            of `npm start` itself; without it the server runs until Ctrl+C)
// Env: PORT (default 8080 when free, else any free port).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  EXTENSION_ID, build, ensureCodeServer, freePort, isPortFree, launchChromium, materializeFixture, repoRoot, startCodeServer,
} from './codeServer.mjs';
import { ensureNodeModules } from './ensureDeps.mjs';

const args = process.argv.slice(2);
const check = args.includes('--check');
const folderArg = args.find((arg) => !arg.startsWith('--'));
// Settings and UI state survive restarts; the extensions dir is rebuilt on every start (see linkExtension).
const stateDir = join(process.env.DEVOPS_LIFECYCLE_CACHE || join(repoRoot, '.vscode-test'), 'start');

/**
 * The folder to open: the one given, else the bundled demo workspace — a copy of
 * test/fixtures/workspaces/demo made into its own git repository under .vscode-test/, created on first
 * start and kept afterwards, so gitflow, Jest and Docker actions tried in it never touch this repository.
 */
function chooseFolder() {
  const given = folderArg || process.env.DEVOPS_LIFECYCLE_WORKSPACE;
  if (given) {
    const folder = resolve(given);
    if (!existsSync(folder)) throw new Error(`no workspace to open: ${folder} does not exist`);
    return folder;
  }
  const demo = join(stateDir, 'demo');
  if (!existsSync(join(demo, '.git'))) {
    rmSync(demo, { recursive: true, force: true });
    // The demo's commits carry the user's own git identity, as any repository of theirs would.
    materializeFixture('demo', demo, { userName: '', userEmail: '' });
    console.log(`created the demo workspace at ${demo} (delete it to start over)`);
  }
  return demo;
}

async function choosePort() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number`);
    if (!(await isPortFree(port))) throw new Error(`PORT=${port} is in use: pick another or unset PORT`);
    return port;
  }
  return (await isPortFree(8080)) ? 8080 : freePort();
}

/**
 * A fresh extensions dir holding only a link to this repo. code-server writes extensions.json from the
 * folders it finds when the file is missing; rebuilding the dir each time keeps that list in step with
 * the current version (a stale entry would point at a link that no longer exists).
 */
function linkExtension() {
  const extensionsDir = join(stateDir, 'extensions');
  if (existsSync(extensionsDir)) {
    // Unlink links first and explicitly, so the removal below can never reach into a link's target.
    for (const name of readdirSync(extensionsDir)) {
      const path = join(extensionsDir, name);
      if (lstatSync(path).isSymbolicLink()) unlinkSync(path);
    }
    rmSync(extensionsDir, { recursive: true, force: true });
  }
  mkdirSync(extensionsDir, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  symlinkSync(repoRoot, join(extensionsDir, `${EXTENSION_ID}-${version}`), 'dir');
  return extensionsDir;
}

function installSystemPackages() {
  if (process.platform !== 'linux') return;
  const result = spawnSync('bash', [join(repoRoot, 'scripts', 'install-system-deps.sh')], { stdio: 'inherit' });
  // Not fatal by itself: the script says what to install, and ensureCodeServer / Chromium fail precisely if it matters.
  if (result.status !== 0) console.warn('warning: system packages are incomplete (see above); continuing');
}

/** Loads the URL the user is told to open and checks that the DevOps view container is there. */
async function verify(url) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const tab = page.getByRole('tab', { name: 'DevOps' });
    await tab.waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error('the workbench loaded but has no DevOps entry in the activity bar: the extension was not picked up');
    });
    await tab.click();
    await page.locator('#workbench\\.parts\\.sidebar').getByText('Lifecycle', { exact: false }).first().waitFor({ timeout: 30_000 });
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-results', 'start.png') });
  } finally {
    await browser.close();
  }
}

async function main() {
  const started = Date.now();
  ensureNodeModules();
  installSystemPackages();
  build();
  await ensureCodeServer();
  const folder = chooseFolder();
  const server = await startCodeServer({
    folder,
    port: await choosePort(),
    stateDir,
    extensionsDir: linkExtension(),
    // The real HOME keeps the user's git identity and ssh keys, which the gitflow actions use.
    isolateHome: false,
  });
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
  server.exited.then(() => {
    if (stopping) return;
    console.error(`code-server stopped unexpectedly:\n${server.output().split('\n').slice(-30).join('\n')}`);
    stop(1);
  });

  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  console.log(`DevOps Lifecycle is running: open ${url}`);
  console.log(`(ready in ${Math.round((Date.now() - started) / 1000)} s; Ctrl+C stops it)`);

  if (check) {
    try {
      await verify(url);
      console.log('check: the DevOps view is in the activity bar (screenshot test-results/start.png)');
      await stop(0);
    } catch (error) {
      console.error(`check failed: ${error.message}`);
      await stop(1);
    }
  }
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
