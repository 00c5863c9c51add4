// A real Docker engine for the tests: the one DOCKER_HOST (or the default socket) points at when it
// answers, else a private dockerd started here as root (vfs storage, no iptables, no bridge, its own
// data root and socket — see real-vscode.md) and stopped at the end. Under CI=true a missing engine fails
// the tests; elsewhere they are reported pending with the reason.
// Also used by scripts/runIntegration.mjs and scripts/bench-docker.mjs (compiled to out/test/support/).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, copyFileSync, openSync, closeSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

export interface DockerEngine {
  /** The DOCKER_HOST to give the CLI (`unix:///…`). */
  readonly host: string;
  /** True when this process started it (and stop() ends it). */
  readonly started: boolean;
  stop(): Promise<void>;
}

const DEFAULT_HOST = 'unix:///var/run/docker.sock';

/** True when a Docker engine answers `GET /_ping` at `host` within `timeoutMs`. */
export function engineAnswers(host: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    let target: { socketPath: string } | { host: string; port: number };
    if (host.startsWith('unix://')) target = { socketPath: host.slice('unix://'.length) };
    else if (host.startsWith('tcp://')) {
      const url = new URL(host.replace(/^tcp:/, 'http:'));
      target = { host: url.hostname, port: Number(url.port || 2375) };
    } else return resolve(false);
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** Finds a running engine, or starts a private dockerd; throws with the reason when neither works. */
export async function findOrStartDockerEngine(): Promise<DockerEngine> {
  const configured = process.env.DOCKER_HOST || DEFAULT_HOST;
  if (await engineAnswers(configured)) return { host: configured, started: false, stop: async () => {} };
  const dockerd = ['/usr/sbin/dockerd', '/usr/bin/dockerd', '/usr/local/bin/dockerd'].find((p) => existsSync(p));
  if (!dockerd) throw new Error(`No Docker engine answers at ${configured} and dockerd is not installed: run scripts/install-system-deps.sh as root (Debian docker.io), or set DOCKER_HOST.`);
  if (process.getuid?.() !== 0) throw new Error(`No Docker engine answers at ${configured}, and a private dockerd needs root: start Docker, or set DOCKER_HOST.`);
  // A short path: a unix socket path must stay under 108 bytes.
  const dir = mkdtempSync('/tmp/dl-dockerd-');
  const socket = join(dir, 'docker.sock');
  const host = `unix://${socket}`;
  const logFile = join(dir, 'dockerd.log');
  const logFd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    dockerd,
    [
      '--storage-driver=vfs', '--iptables=false', '--ip6tables=false', '--bridge=none',
      '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'dockerd.pid'),
      '-H', host,
    ],
    { detached: true, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  // Never what keeps a test run alive: stop() or the exit hook below ends it.
  child.unref();
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const killOnExit = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited && child.pid !== undefined) {
      // dockerd ends its own containerd on SIGTERM; give it time to unmount before removing its folders.
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(killOnExit, 15_000);
      await exitedPromise;
      clearTimeout(timer);
    }
    killOnExit();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited) break;
    if (await engineAnswers(host, 500)) return { host, started: true, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
  await stop();
  throw new Error(`the private dockerd did not answer within 30 s:\n${log}`);
}

/** The statically linked busybox (Debian busybox-static) that FROM-scratch test images run. */
export function busyboxPath(): string {
  const candidates = ['/bin/busybox', '/usr/bin/busybox'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('busybox is not installed: run scripts/install-system-deps.sh as root (Debian busybox-static).');
  return found;
}

/** Copies busybox into a build context as `busybox`. */
export function addBusybox(context: string): void {
  copyFileSync(busyboxPath(), join(context, 'busybox'));
}

let shared: Promise<DockerEngine> | undefined;

/**
 * For mocha suites: the engine shared by every suite of the run. Call it in a suite's before(); a missing
 * engine fails under CI=true and marks the suite pending elsewhere. Each file that uses it also registers
 * `after(stopSharedDockerEngine)` at its top level (a root hook: it runs once the whole run is over).
 */
export async function requireDockerEngine(context: Mocha.Context): Promise<DockerEngine> {
  shared ??= findOrStartDockerEngine();
  try {
    const engine = await shared;
    process.env.DOCKER_HOST = engine.host;
    return engine;
  } catch (e) {
    if (process.env.CI === 'true') throw e;
    console.warn(`    (no Docker engine: ${(e as Error).message})`);
    context.skip();
  }
}

/** Stops the shared engine if this run started it. */
export async function stopSharedDockerEngine(): Promise<void> {
  const engine = await shared?.catch(() => undefined);
  shared = undefined;
  await engine?.stop();
}
