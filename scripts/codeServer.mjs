// Runs the extension inside a real VS Code on machines that can only reach the npm registry:
// code-server (VS Code's web workbench plus a Node extension host, published on npm) driven by
// Debian's Chromium through playwright-core. See /work/shared/design/real-vscode.md for why each
// step is the way it is. Used by runIntegration.mjs, runE2e.mjs and start.mjs.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync, renameSync, copyFileSync, createWriteStream,
  readFileSync, readdirSync, statSync, accessSync, chmodSync, constants as fsConstants,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const EXTENSION_ID = 'devops-lifecycle.devops-lifecycle';

// @vscode/ripgrep as pinned by code-server 4.100.3: its postinstall looks for exactly this
// cache folder and asset name before it tries GitHub, which these machines cannot reach.
const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET_VERSION = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

/** Root of the download caches; git-ignored, like test-electron's own .vscode-test/. */
export function cacheRoot() {
  return resolve(process.env.DEVOPS_LIFECYCLE_CACHE || join(repoRoot, '.vscode-test'));
}

function log(message) {
  console.log(`[code-server] ${message}`);
}

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return undefined;
}

/** Path of code-server's launcher inside an install folder (npm's .bin link is relative, so it survives the rename). */
function binaryIn(installDir) {
  return join(installDir, 'node_modules', '.bin', 'code-server');
}

/**
 * The absolute path of the code-server binary, installing code-server@4.100.3 from npm on first use.
 * The install goes to a temporary sibling folder that is renamed into place only after it succeeded,
 * so an interrupted or failed install is never mistaken for a usable one.
 */
export async function ensureCodeServer() {
  const root = cacheRoot();
  const target = join(root, `code-server-${CODE_SERVER_VERSION}`);
  if (existsSync(binaryIn(target))) return binaryIn(target);

  if (process.platform !== 'linux') {
    throw new Error(`code-server is only installed automatically on Linux; on ${process.platform} run the suite with "npm run test:electron".`);
  }
  mkdirSync(root, { recursive: true });
  removeAbandonedInstalls(root);
  checkBuildPrerequisites();

  const staging = mkdtempSync(join(root, `.code-server-${CODE_SERVER_VERSION}.partial-`));
  const started = Date.now();
  const logFile = join(staging, 'install.log');
  try {
    // A package.json of its own, so npm treats the staging folder as the project and never walks up
    // into this repository's package.json and node_modules.
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));
    const privateTmp = join(staging, 'tmp');
    mkdirSync(privateTmp);
    seedRipgrepCache(privateTmp);

    log(`installing code-server@${CODE_SERVER_VERSION} from npm into ${target} (takes about 90 s; log: ${logFile})`);
    const env = {
      ...process.env,
      // Same TMPDIR for npm and its scripts, so @vscode/ripgrep finds the seeded cache.
      TMPDIR: privateTmp,
      // node-pty's postinstall runs `npx node-gyp`, which would otherwise wait for a "Ok to proceed?" answer.
      npm_config_yes: 'true',
      // The effect of --unsafe-perm: code-server's postinstall refuses to run as root unless this env var is
      // "true" (npm 11 no longer knows the option and warns, but still passes it through to the scripts).
      npm_config_unsafe_perm: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    // node-gyp downloads Node's headers from nodejs.org unless pointed at the local ones.
    const nodePrefix = dirname(dirname(process.execPath));
    if (existsSync(join(nodePrefix, 'include', 'node', 'common.gypi'))) env.npm_config_nodedir = nodePrefix;

    const npm = which('npm');
    if (!npm) throw new Error('npm is not on PATH: code-server is installed with npm.');
    await runLogged(npm, ['install', `code-server@${CODE_SERVER_VERSION}`, '--no-save'], { cwd: staging, env, logFile });

    const bin = binaryIn(staging);
    if (!existsSync(bin)) throw new Error(`npm finished but ${bin} is missing`);
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: privateTmp } });
    if (version.status !== 0 || !version.stdout.includes(CODE_SERVER_VERSION)) {
      throw new Error(`the installed code-server does not run: ${version.stderr || version.stdout || version.error}`);
    }
    rmSync(privateTmp, { recursive: true, force: true });
    chmodSync(staging, 0o755); // mkdtemp made it private; the cache may be shared (DEVOPS_LIFECYCLE_CACHE)
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another run finished the same install first: use theirs.
      if (!existsSync(binaryIn(target))) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
    log(`installed code-server@${CODE_SERVER_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
    return binaryIn(target);
  } catch (error) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`installing code-server@${CODE_SERVER_VERSION} failed: ${error.message}${tail ? `\n--- last lines of npm output ---\n${tail}` : ''}`);
  }
}

/**
 * Removes staging folders of installs that were killed (Ctrl+C, OOM) and so never cleaned up after
 * themselves. One whose log is still being written belongs to a concurrent install and is left alone.
 */
function removeAbandonedInstalls(root) {
  const abandonedAfterMs = 30 * 60_000;
  for (const name of readdirSync(root)) {
    if (!name.startsWith('.code-server-') || !name.includes('.partial-')) continue;
    const dir = join(root, name);
    const logFile = join(dir, 'install.log');
    const lastWrite = statSync(existsSync(logFile) ? logFile : dir).mtimeMs;
    if (Date.now() - lastWrite > abandonedAfterMs) {
      log(`removing abandoned install ${dir}`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Fails early with the Debian package to install, instead of letting npm fail deep inside a native build. */
function checkBuildPrerequisites() {
  const missing = [];
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev'); // kerberos's native build
  if (!which('make') || !which('g++')) missing.push('build-essential');
  if (!which('python3')) missing.push('python3');
  if (!which('rg')) missing.push('ripgrep');
  if (!which('tar')) missing.push('tar');
  if (missing.length) {
    throw new Error(`code-server cannot be built here: missing ${missing.join(', ')}. Run scripts/install-system-deps.sh as root (or: sudo apt-get install ${missing.join(' ')}).`);
  }
}

/** Puts Debian's rg where @vscode/ripgrep's postinstall looks for a previous download. */
function seedRipgrepCache(privateTmp) {
  const target = RIPGREP_TARGETS[process.arch];
  if (!target) {
    log(`no ripgrep cache seed for ${process.arch}: @vscode/ripgrep will try to download from GitHub`);
    return;
  }
  const staging = join(privateTmp, 'rg-seed');
  mkdirSync(staging);
  copyFileSync(which('rg'), join(staging, 'rg'));
  const cacheDir = join(privateTmp, RIPGREP_CACHE_DIR);
  mkdirSync(cacheDir);
  const tarball = join(cacheDir, `ripgrep-${RIPGREP_ASSET_VERSION}-${target}.tar.gz`);
  const tar = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`could not pack the ripgrep seed: ${tar.stderr}`);
}

/** Runs a command with its output in a log file, printing a heartbeat so a long install does not look hung. */
function runLogged(command, args, { cwd, env, logFile, timeoutMs = 15 * 60_000 }) {
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const started = Date.now();
    const heartbeat = setInterval(() => log(`still installing (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearInterval(heartbeat);
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      clearTimeout(timer);
      out.end();
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`));
    });
  });
}

/** Whether `port` can be bound on `host` right now. */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, host, () => server.close(() => resolvePromise(true)));
  });
}

/** A port the OS says is free (there is a small race until code-server binds it; acceptable for a test run). */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

// Settings that keep the workbench quiet and deterministic: no welcome page, walkthroughs, tips,
// recommendations, update or telemetry traffic, and no popups that cover the UI being tested.
function quietSettings(workspaceTrust) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.openRepositoryInParentFolders': 'never',
    'chat.commandCenter.enabled': false,
    // With trust enabled the workspace opens in Restricted Mode without a modal dialog over the workbench.
    'security.workspace.trust.startupPrompt': 'never',
  };
}

// Env vars of an outer VS Code (when this runs from its terminal) that would make code-server's
// processes talk to that editor instead of their own.
const INHERITED_EDITOR_VARS = /^(VSCODE_|ELECTRON_RUN_AS_NODE$|ELECTRON_NO_ATTACH_CONSOLE$)/;

/**
 * Starts one code-server on `folder`. Every run gets its own HOME, XDG dirs, TMPDIR, user data and
 * extensions dir under a temp dir (or `stateDir`), so nothing leaks into the real home or between runs.
 * The extension host inherits this process's environment (CI, DEVOPS_LIFECYCLE_*, DOCKER_HOST, PATH…)
 * plus `env`.
 *
 * @param {object} options
 * @param {string} options.folder the workspace folder to open
 * @param {boolean} [options.workspaceTrust] start with workspace trust on (Restricted Mode) instead of disabled
 * @param {string[]} [options.extraArgs] appended to code-server's argv
 * @param {number} [options.port] default: a free port
 * @param {string} [options.extensionsDir] default: an empty dir in the state dir
 * @param {string} [options.stateDir] keep user data here across runs; it is not removed by stop()
 * @param {boolean} [options.isolateHome] false keeps the real HOME (git identity, ssh) for interactive use
 * @param {Record<string,string>} [options.env] extra environment for code-server and the extension host
 * @param {Record<string,unknown>} [options.userSettings] user settings in force from the first page load
 * @param {number} [options.readyTimeoutMs]
 */
export async function startCodeServer({
  folder, workspaceTrust = false, extraArgs = [], port, extensionsDir, stateDir, isolateHome = true, env = {},
  userSettings = {}, readyTimeoutMs = 60_000,
} = {}) {
  if (!folder || !existsSync(folder)) throw new Error(`workspace folder ${folder} does not exist`);
  const binary = await ensureCodeServer();
  const host = '127.0.0.1';
  port ??= await freePort(host);

  const ownsState = !stateDir;
  const base = stateDir ? resolve(stateDir) : mkdtempSync(join(tmpdir(), 'devops-lifecycle-code-server-'));
  const dirs = {
    home: join(base, 'home'),
    config: join(base, 'xdg-config'),
    data: join(base, 'xdg-data'),
    cache: join(base, 'xdg-cache'),
    tmp: join(base, 'tmp'),
    userData: join(base, 'user-data'),
    extensions: extensionsDir ? resolve(extensionsDir) : join(base, 'extensions'),
  };
  if (!isolateHome) delete dirs.home;
  // A kept stateDir keeps settings and UI state, not the temp files of earlier runs.
  if (!ownsState) rmSync(dirs.tmp, { recursive: true, force: true });
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const settingsFile = join(dirs.userData, 'User', 'settings.json');
  mkdirSync(dirname(settingsFile), { recursive: true });
  let settings = {};
  try {
    settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    // first run, or a file the user broke: start from the quiet defaults
  }
  // The user's own choices in a kept stateDir win, except trust, which must match how the server starts.
  const trust = { 'security.workspace.trust.enabled': workspaceTrust };
  writeFileSync(settingsFile, JSON.stringify({ ...quietSettings(workspaceTrust), ...settings, ...userSettings, ...trust }, null, 2));

  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_EDITOR_VARS.test(name)));
  Object.assign(childEnv, {
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    // '{}' disables the marketplace: otherwise code-server queries open-vsx on start.
    EXTENSIONS_GALLERY: '{}',
    ...env,
  });
  if (isolateHome) childEnv.HOME = dirs.home;

  const args = [
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...extraArgs,
    resolve(folder),
  ];
  // Its own process group, so stop() also ends the extension hosts and file watcher it forks.
  const child = spawn(binary, args, { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const collect = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 500) output.splice(0, output.length - 500);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let exited = false;
  const exitedPromise = new Promise((resolvePromise) => child.once('exit', () => {
    exited = true;
    resolvePromise();
  }));
  // Last resort if the runner dies without calling stop(): never leave a server behind.
  const killOnExit = () => killGroup(child.pid, 'SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited) {
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000);
      await exitedPromise;
      clearTimeout(timer);
    }
    // The server can exit before the extension hosts and file watcher it forked: end the rest of its
    // group, and let it go before removing the folders those processes write into.
    killGroup(child.pid, 'SIGKILL');
    await waitForGroupExit(child.pid, 3_000);
    if (ownsState) rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  try {
    await new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not print "HTTP server listening" within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
      const onData = () => {
        if (output.join('').includes('HTTP server listening')) {
          clearTimeout(timer);
          resolvePromise();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited with ${signal ?? code} before it was ready`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- code-server output ---\n${output.join('')}`);
  }

  return {
    url: `http://${host}:${port}`,
    port,
    pid: child.pid,
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    folder: resolve(folder),
    /** Settles when the server process exits, whoever stopped it. */
    exited: exitedPromise,
    /** What code-server printed so far (for failure reports). */
    output: () => output.join(''),
    stop,
  };
}

async function waitForGroupExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * The workbench URL that opens `folder` and, like test-electron's --extensionDevelopmentPath /
 * --extensionTestsPath, loads the extension under development and runs its tests. code-server has no
 * such flags; the web workbench reads them from the `payload` query, as URIs on the remote authority,
 * which code-server names literally "remote" (plain paths load nothing and the page hangs).
 */
export function payloadUrl(server, { folder = server.folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (path) => `vscode-remote://remote${resolve(path)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  // A multi-root workspace is a .code-workspace file, opened with ?workspace= instead of ?folder=.
  const target = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return `${server.url}/?${target}=${encodeURIComponent(resolve(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox', // runs as root in containers, where the sandbox cannot start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium driven by playwright-core (never `npx playwright install`: it downloads).
 * Playwright gives every launch a fresh temporary profile and removes it on close.
 */
export async function launchChromium() {
  const executablePath = process.env.DEVOPS_LIFECYCLE_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install it with "sudo apt-get install chromium" (or run scripts/install-system-deps.sh as root), or set DEVOPS_LIFECYCLE_CHROMIUM to a Chromium/Chrome binary.`);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Error('playwright-core is not installed: run "npm ci" in the repository.');
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    timeout: 60_000,
    // Playwright's own Ctrl+C handler exits the process as soon as Chromium is closed, before the
    // runners have stopped code-server and removed its temp dir; the runners close the browser themselves.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/**
 * The folder the suites open. DEVOPS_LIFECYCLE_WORKSPACE names one to use as it is; by default the demo
 * fixture is copied to a temporary folder and made its own git repository (one commit on `main`), so tests
 * can create files, branches and commits without touching this repository (a fixture holding a
 * `.not-a-repo` marker stays a plain folder). The copy is removed on exit.
 */
export function resolveWorkspace(fixtureName = 'demo') {
  if (process.env.DEVOPS_LIFECYCLE_WORKSPACE && fixtureName === 'demo') {
    const folder = resolve(process.env.DEVOPS_LIFECYCLE_WORKSPACE);
    if (!existsSync(folder)) throw new Error(`workspace ${folder} does not exist: set DEVOPS_LIFECYCLE_WORKSPACE to a folder`);
    return folder;
  }
  const parent = mkdtempSync(join(tmpdir(), 'devops-lifecycle-ws-'));
  process.once('exit', () => rmSync(parent, { recursive: true, force: true }));
  return materializeFixture(fixtureName, join(parent, fixtureName));
}

/**
 * Copies test/fixtures/workspaces/NAME to `target` and makes it its own git repository (one commit on
 * `main`), unless the fixture holds a `.not-a-repo` marker. Returns what to open: the folder, or the
 * fixture's top-level .code-workspace file for a multi-root fixture.
 */
export function materializeFixture(fixtureName, target, { userName = 'DevOps Lifecycle Tests', userEmail = 'tests@devops-lifecycle.invalid' } = {}) {
  const fixture = join(repoRoot, 'test', 'fixtures', 'workspaces', fixtureName);
  if (!existsSync(fixture)) throw new Error(`the fixture workspace ${fixture} is missing`);
  const folder = target;
  cpSync(fixture, folder, { recursive: true });
  if (existsSync(join(folder, '.not-a-repo'))) {
    rmSync(join(folder, '.not-a-repo'));
    return folder;
  }
  const git = (...args) => {
    const r = spawnSync('git', args, { cwd: folder, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${folder}: ${r.stderr || r.error?.message}`);
  };
  git('init', '-q', '-b', 'main');
  if (userName) git('config', 'user.name', userName);
  if (userEmail) git('config', 'user.email', userEmail);
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('-c', 'user.name=DevOps Lifecycle', '-c', 'user.email=demo@devops-lifecycle.invalid', 'commit', '-q', '--allow-empty', '-m', 'Fixture workspace');
  // A fixture that is a multi-root workspace holds its .code-workspace file at the top: open that.
  const workspaceFile = readdirSync(folder).find((name) => name.endsWith('.code-workspace'));
  if (workspaceFile) return join(folder, workspaceFile);
  return folder;
}

/**
 * Environment the tests inside the extension host rely on. The extension host inherits code-server's
 * environment, so everything else the runner has (CI, DOCKER_HOST, PATH…) passes through as well.
 */
export function testEnv() {
  return {
    DEVOPS_LIFECYCLE_FIXTURES: resolve(process.env.DEVOPS_LIFECYCLE_FIXTURES || join(repoRoot, 'test', 'fixtures')),
  };
}

/** Reads a positive integer (milliseconds) from the environment. */
export function envMs(name, fallback) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Runs `node esbuild.config.mjs` in the repo and throws when the build fails. */
export function build() {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`build failed (node esbuild.config.mjs exited with ${result.status ?? result.signal})`);
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
