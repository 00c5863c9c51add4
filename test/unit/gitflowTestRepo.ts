// Real git repositories in temp folders for the gitflow tests, the real git-flow AVH next to them, and
// small readers that describe a repository's refs and history so two repositories can be compared.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { Git, initFlow } from '../../src/core/gitflow';

const dirs: string[] = [];

/** Identity and dates pinned: the same operations give the same commit ids in any two repositories. */
export const PINNED_ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Flow Tester',
  GIT_AUTHOR_EMAIL: 'flow@example.test',
  GIT_COMMITTER_NAME: 'Flow Tester',
  GIT_COMMITTER_EMAIL: 'flow@example.test',
  GIT_AUTHOR_DATE: '2024-05-01T12:00:00Z',
  GIT_COMMITTER_DATE: '2024-05-01T12:00:00Z',
};

/** Git settings of the machine must not change the outcome (no system config; HOME-level config ignored). */
const ISOLATED_ENV: NodeJS.ProcessEnv = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...PINNED_ENV };

export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...ISOLATED_ENV, LC_ALL: 'C' };
}

export function tmpDir(prefix = 'gitflow-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(join(os.tmpdir(), `devops-lifecycle-${prefix}`)));
  dirs.push(dir);
  return dir;
}

export function removeTmpDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs git in `dir` and returns stdout without its final newline; throws with git's stderr. */
export function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd: dir, env: gitEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout.replace(/\n$/, '');
}

/** Runs the real git-flow AVH in `dir`. */
export function avh(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['flow', ...args], { cwd: dir, env: gitEnv(), encoding: 'utf8', input: '' });
  if (r.status !== 0) throw new Error(`git flow ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Fails (never skips) when git-flow AVH is missing: scripts/install-system-deps.sh installs it. */
export function requireAvh(): void {
  const r = spawnSync('git', ['flow', 'version'], { encoding: 'utf8', env: gitEnv() });
  assert.ok(r.status === 0 && /AVH/.test(r.stdout), `git-flow AVH is not installed (Debian package git-flow): run scripts/install-system-deps.sh. ${r.stderr ?? ''}`);
}

/** A new repository on `main`; with `commit`, one commit holding README.md. */
export function newRepo(options: { commit?: boolean; branch?: string } = {}): string {
  const dir = tmpDir();
  git(dir, 'init', '-q', '-b', options.branch ?? 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'config', 'tag.gpgsign', 'false');
  if (options.commit ?? true) commitFile(dir, 'README.md', '# demo\n', 'Initial content');
  return dir;
}

export function writeFile(dir: string, path: string, content: string): void {
  fs.mkdirSync(join(dir, path, '..'), { recursive: true });
  fs.writeFileSync(join(dir, path), content);
}

export function commitFile(dir: string, path: string, content: string, message = `edit ${path}`): string {
  writeFile(dir, path, content);
  git(dir, 'add', '--', path);
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** The engine's git, pinned like the test's own git calls. */
export function flowGit(dir: string, signal?: AbortSignal): Git {
  return new Git(dir, { env: ISOLATED_ENV, signal });
}

/** Every ref (branches, tags; remote-tracking with `remotes`) and the commit or tag object it points at. */
export function refs(dir: string, remotes = false): Record<string, string> {
  const out: Record<string, string> = {};
  const text = git(dir, 'for-each-ref', '--format=%(refname) %(objectname) %(objecttype)', 'refs/heads', 'refs/tags', ...(remotes ? ['refs/remotes'] : []));
  for (const line of text.split('\n').filter(Boolean)) {
    const [ref, sha, type] = line.split(' ');
    out[ref!] = `${sha} ${type}`;
  }
  return out;
}

export function head(dir: string): string {
  return git(dir, 'symbolic-ref', '--short', '-q', 'HEAD');
}

export function sha(dir: string, rev: string): string {
  return git(dir, 'rev-parse', '--verify', `${rev}^{commit}`);
}

/** The history's shape, independent of commit ids: each commit as subject + parent subjects. */
export function shape(dir: string, rev = '--all'): string[] {
  const text = git(dir, 'log', '--topo-order', '--format=%H%x09%P%x09%s', rev);
  const rows = text.split('\n').filter(Boolean).map((l) => l.split('\t'));
  const subject = new Map(rows.map(([h, , s]) => [h!, s!]));
  return rows.map(([, parents, s]) => `${s} <- [${(parents ?? '').split(' ').filter(Boolean).map((p) => subject.get(p) ?? p).join(' | ')}]`);
}

export function gitflowConfig(dir: string): Record<string, string> {
  const r = spawnSync('git', ['config', '--local', '--get-regexp', '^gitflow\\.'], { cwd: dir, encoding: 'utf8', env: gitEnv() });
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const sp = line.indexOf(' ');
    out[sp === -1 ? line : line.slice(0, sp)] = sp === -1 ? '' : line.slice(sp + 1);
  }
  return out;
}

/** A repository with history, initialised for gitflow by us with the defaults. */
export async function flowRepo(): Promise<string> {
  const dir = newRepo();
  await initFlow(flowGit(dir));
  return dir;
}

/** A repository initialised for gitflow by the real AVH (`git flow init -d`), with one commit on main. */
export function avhRepo(): string {
  const dir = newRepo();
  avh(dir, 'init', '-d');
  return dir;
}

/** A bare repository in a temp folder, added as `origin` of `dir` and holding all of its branches. */
export function addBareRemote(dir: string): string {
  const bare = tmpDir('remote-');
  git(bare, 'init', '-q', '--bare');
  git(dir, 'remote', 'add', 'origin', bare);
  git(dir, 'push', '-q', 'origin', '--all');
  git(dir, 'fetch', '-q', 'origin');
  return bare;
}

export function status(dir: string): string {
  return git(dir, 'status', '--porcelain');
}

export function exists(path: string): boolean {
  return fs.existsSync(path);
}

export { execFileSync };
