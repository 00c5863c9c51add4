// What the CALMS evidence rules look at, gathered once per evaluation: the lifecycle scan, the folder's
// files (listed the way the scanner lists them), the text of the few files content rules read, and
// facts from git history. Git runs only when the caller allows it (a trusted workspace, or the CLI).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { PathFilter } from '../lifecycle/excludes';
import { listFiles } from '../lifecycle/fileLister';
import type { ScanResult } from '../lifecycle/model';
import { childEnv, ProcessError, runProcess } from '../process';
import { CATALOGUE, type CalmsItem } from './catalogue';

/** A branch as `git for-each-ref` reports it. */
export interface BranchRef {
  /** Full ref name, e.g. `refs/heads/feature/login` or `refs/remotes/origin/feature/login`. */
  readonly ref: string;
  /** Short name without `refs/heads/` or `refs/remotes/<remote>/`. */
  readonly name: string;
  /** Display name: `feature/login` or `origin/feature/login`. */
  readonly display: string;
  /** Committer date of the tip, seconds since the epoch. */
  readonly committedAt: number;
}

/** Either a value, or why it could not be found out. */
export type Fact<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface GitFacts {
  /** Branches not merged into HEAD, and the names of branches that are long-lived by design. */
  readonly branches: Fact<{ readonly unmerged: readonly BranchRef[]; readonly longLived: readonly string[]; readonly longLivedPrefixes: readonly string[] }>;
  /** Lines changed in the folder (insertions + deletions) per recent non-merge commit touching it, newest first. */
  readonly changeSizes: Fact<readonly number[]>;
  /** The commit HEAD pointed at: change sizes only change with it. */
  readonly head?: string;
}

export interface WorkspaceFacts {
  readonly root: string;
  readonly scan: ScanResult;
  /** Workspace-relative paths, forward slashes, vendored and ignored trees left out. */
  readonly files: readonly string[];
  /** Text of the files that content rules read, by path. */
  readonly texts: ReadonlyMap<string, string>;
  /** Undefined when git must not run (Restricted Mode). */
  readonly git?: GitFacts;
}

export interface GatherOptions {
  /** List files with git (tracked + untracked-not-ignored) where the folder is a repository. */
  readonly useGit: boolean;
  /** Run git for history facts (branch ages, change sizes). False in Restricted Mode. */
  readonly runGit: boolean;
  readonly exclude?: readonly string[];
  readonly signal?: AbortSignal;
  readonly catalogue?: readonly CalmsItem[];
  /**
   * Git facts of an earlier evaluation of the same folder: when HEAD has not moved, its change sizes are
   * reused (a diffstat over a large import commit reads every blob, seconds on a 100k-file repository).
   */
  readonly previousGit?: GitFacts;
}

/** Content rules read at most this many files, each at most this large: proof is in small config files. */
const MAX_CONTENT_FILES = 200;
const MAX_CONTENT_BYTES = 256 * 1024;
const GIT_TIMEOUT_MS = 15_000;
/** How many recent commits the small-changes check looks at. */
export const RECENT_COMMITS = 50;

export async function gatherFacts(root: string, scan: ScanResult, options: GatherOptions): Promise<WorkspaceFacts> {
  const catalogue = options.catalogue ?? CATALOGUE;
  const filter = new PathFilter(options.exclude ?? [], !options.useGit);
  const [listing, git] = await Promise.all([
    listFiles(root, { useGit: options.useGit, filter, signal: options.signal }),
    options.runGit ? readGitFacts(root, options.signal, options.previousGit) : Promise.resolve(undefined),
  ]);
  const contentPatterns = catalogue.flatMap((i) => i.evidence?.rules ?? []).flatMap((r) => (r.kind === 'content' ? [r.files] : []));
  const wanted = listing.files.filter((f) => contentPatterns.some((p) => p.test(f))).slice(0, MAX_CONTENT_FILES);
  const texts = new Map<string, string>();
  await Promise.all(
    wanted.map(async (path) => {
      const text = await readSmallText(join(root, path));
      if (text !== undefined) texts.set(path, text);
    }),
  );
  return { root, scan, files: listing.files, texts, git };
}

async function readSmallText(abs: string): Promise<string | undefined> {
  try {
    const st = await fs.stat(abs);
    if (!st.isFile() || st.size > MAX_CONTENT_BYTES) return undefined;
    return await fs.readFile(abs, 'utf8');
  } catch {
    return undefined; // unreadable files are the scanner's problems to report, not proof either way
  }
}

async function git(root: string, args: string[], signal?: AbortSignal, okExitCodes?: number[]): Promise<string> {
  const { stdout } = await runProcess('git', args, {
    cwd: root,
    signal,
    timeoutMs: GIT_TIMEOUT_MS,
    okExitCodes,
    env: childEnv({ GIT_OPTIONAL_LOCKS: '0' }),
  });
  return stdout;
}

function gitReason(e: unknown): string {
  if (e instanceof ProcessError) {
    if (e.code === 'NOT_FOUND') return 'git is not installed (not found on PATH)';
    if (e.code === 'CANCELLED') throw e;
    if (/not a git repository/i.test(e.stderr)) return 'the folder is not a git repository';
    if (/does not have any commits|unknown revision|bad revision|malformed object name/i.test(e.stderr)) return 'the repository has no commits yet';
    return e.message;
  }
  return (e as Error).message;
}

export async function readGitFacts(root: string, signal?: AbortSignal, previous?: GitFacts): Promise<GitFacts> {
  const head = await git(root, ['rev-parse', '--verify', '-q', 'HEAD'], signal, [0, 1]).then(
    (out) => out.trim() || undefined,
    () => undefined,
  );
  const branches = (async (): Promise<GitFacts['branches']> => {
    try {
      const refs = await git(root, ['for-each-ref', '--no-merged=HEAD', '--format=%(refname)%09%(committerdate:unix)%09%(symref)', 'refs/heads', 'refs/remotes'], signal);
      // gitflow keeps its long-lived branch names (and the support/ prefix) in the repository's config.
      const flow = parseGitflowNames(await git(root, ['config', '--get-regexp', '^gitflow\\.(branch|prefix)\\.'], signal, [0, 1]));
      return {
        ok: true,
        value: {
          unmerged: parseForEachRef(refs),
          longLived: [...DEFAULT_LONG_LIVED, ...flow.branches],
          longLivedPrefixes: flow.supportPrefix ? [flow.supportPrefix] : ['support/'],
        },
      };
    } catch (e) {
      return { ok: false, reason: gitReason(e) };
    }
  })();
  const changeSizes = (async (): Promise<GitFacts['changeSizes']> => {
    if (head !== undefined && previous?.head === head && previous.changeSizes.ok) return previous.changeSizes;
    try {
      const log = await git(root, ['log', '--no-merges', '-n', String(RECENT_COMMITS), '--format=%x1e%H', '--shortstat', 'HEAD', '--', '.'], signal);
      return { ok: true, value: parseShortstatLog(log) };
    } catch (e) {
      return { ok: false, reason: gitReason(e) };
    }
  })();
  return { branches: await branches, changeSizes: await changeSizes, ...(head !== undefined ? { head } : {}) };
}

/** Branch names that are long-lived by design: they never count against short-lived branches. */
export const DEFAULT_LONG_LIVED = ['main', 'master', 'develop', 'development', 'dev', 'trunk', 'gh-pages', 'HEAD'];

/** Parses `git for-each-ref --format=%(refname)%09%(committerdate:unix)%09%(symref)` output. Symbolic refs are left out. */
export function parseForEachRef(text: string): BranchRef[] {
  const out: BranchRef[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [ref = '', date = '', symref = ''] = line.split('\t');
    if (symref.trim() !== '' || ref === '') continue; // origin/HEAD points at another branch
    const committedAt = Number(date);
    if (!Number.isFinite(committedAt)) continue;
    let name: string;
    let display: string;
    if (ref.startsWith('refs/heads/')) {
      name = display = ref.slice('refs/heads/'.length);
    } else if (ref.startsWith('refs/remotes/')) {
      display = ref.slice('refs/remotes/'.length);
      const slash = display.indexOf('/');
      if (slash === -1) continue;
      name = display.slice(slash + 1);
    } else {
      continue;
    }
    out.push({ ref, name, display, committedAt });
  }
  return out;
}

/** Parses `git config --get-regexp '^gitflow\.(branch|prefix)\.'` output into the long-lived names. */
export function parseGitflowNames(text: string): { branches: string[]; supportPrefix?: string } {
  const branches: string[] = [];
  let supportPrefix: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^gitflow\.(branch|prefix)\.([\w-]+)\s+(.+)$/.exec(line.trim());
    if (!m) continue;
    const [, section, key, value] = m as unknown as [string, string, string, string];
    if (section === 'branch' && (key === 'master' || key === 'main' || key === 'develop')) branches.push(value.trim());
    if (section === 'prefix' && key === 'support') supportPrefix = value.trim();
  }
  return { branches, supportPrefix };
}

/**
 * Parses `git log --format=%x1e%H --shortstat` output: one entry per commit, the lines it changed
 * (insertions + deletions; 0 for a commit that changed no lines).
 */
export function parseShortstatLog(text: string): number[] {
  const sizes: number[] = [];
  for (const chunk of text.split('\x1e').slice(1)) {
    const ins = /(\d+) insertions?\(\+\)/.exec(chunk);
    const del = /(\d+) deletions?\(-\)/.exec(chunk);
    sizes.push((ins ? Number(ins[1]) : 0) + (del ? Number(del[1]) : 0));
  }
  return sizes;
}
