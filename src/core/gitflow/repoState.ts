// One consistent read of everything a gitflow decision needs: where the repository is, HEAD, tracked
// changes and conflicts, every branch/remote branch/tag, the gitflow config, a git operation in progress,
// and a finish of ours in progress. Four git processes, three of them in parallel.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { locateGitDir } from '../gitDir';
import type { Git } from './git';
import { readFinishState, type FinishState } from './finishState';
import { GitflowError, type FlowBranch, type FlowConfig, FLOW_KINDS, type FlowKind } from './model';
import { flowConfigFrom, parseConfigZ, parseRefs, parseStatusV2, REF_FORMAT, type RefSnapshot, type StatusSummary } from './parsers';

export type GitOperation = 'merge' | 'rebase' | 'cherry-pick' | 'revert' | 'bisect';

export interface RepoState extends RefSnapshot {
  /** Absolute git directory (per worktree). */
  readonly gitDir: string;
  readonly topLevel: string;
  readonly status: StatusSummary;
  readonly config: ReadonlyMap<string, string>;
  readonly flow: FlowConfig;
  readonly operation?: GitOperation;
  readonly finish?: FinishState;
}

export async function readRepoState(git: Git): Promise<RepoState> {
  const notARepo = () =>
    new GitflowError('NOT_A_REPO', `${git.cwd} is not in a git repository (or it has no work tree): open a folder that is one, or create it with "git init".`);
  if (!(await fs.stat(git.cwd).then((st) => st.isDirectory(), () => false))) {
    throw new GitflowError('NOT_A_REPO', `${git.cwd} does not exist or is not a folder.`);
  }
  const where = await locateRepository(git);
  if (!where) throw notARepo();
  const { gitDir, topLevel } = where;
  let texts: [string, string, string];
  try {
    texts = await Promise.all([
      git.out(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=no', '--ignore-submodules=all']),
      git.out(['for-each-ref', `--format=${REF_FORMAT}`, 'refs/heads', 'refs/remotes', 'refs/tags']),
      git.out(['config', '-z', '--get-regexp', '^(gitflow|remote)\\.'], { okExitCodes: [0, 1] }),
    ]);
  } catch (e) {
    if (e instanceof GitflowError && /not a git repository|must be run in a work tree/.test(e.message)) throw notARepo();
    throw e;
  }
  const [statusText, refsText, configText] = texts;
  const [operation, finish] = await Promise.all([operationInProgress(gitDir), readFinishState(gitDir)]);
  const config = parseConfigZ(configText);
  return {
    gitDir,
    topLevel,
    status: parseStatusV2(statusText),
    ...parseRefs(refsText),
    config,
    flow: flowConfigFrom(config),
    operation,
    finish,
  };
}

/**
 * The repository's git directory (per worktree) and top level: found as git finds them, without starting a
 * process (locateGitDir); with `git rev-parse` when the environment points git elsewhere (GIT_DIR, GIT_WORK_TREE).
 */
async function locateRepository(git: Git): Promise<{ gitDir: string; topLevel: string } | undefined> {
  const env = { ...process.env, ...git.extraEnv };
  if (env.GIT_DIR || env.GIT_WORK_TREE) {
    try {
      const [gitDir = '', topLevel = ''] = (await git.out(['rev-parse', '--absolute-git-dir', '--show-toplevel'])).split('\n');
      return gitDir && topLevel ? { gitDir, topLevel } : undefined;
    } catch {
      return undefined;
    }
  }
  return locateGitDir(git.cwd);
}

async function operationInProgress(gitDir: string): Promise<GitOperation | undefined> {
  const exists = (name: string) => fs.access(join(gitDir, name)).then(() => true, () => false);
  const [merge, rebaseMerge, rebaseApply, pick, revert, bisect] = await Promise.all(
    ['MERGE_HEAD', 'rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'BISECT_LOG'].map(exists),
  );
  if (merge) return 'merge';
  if (rebaseMerge || rebaseApply) return 'rebase';
  if (pick) return 'cherry-pick';
  if (revert) return 'revert';
  if (bisect) return 'bisect';
  return undefined;
}

/** The kind of a branch by its prefix (the longest matching prefix wins; empty prefixes never match). */
export function kindOf(flow: FlowConfig, branch: string): FlowKind | undefined {
  let best: FlowKind | undefined;
  let bestLength = 0;
  for (const kind of FLOW_KINDS) {
    const prefix = flow.prefixes[kind];
    if (prefix && branch.startsWith(prefix) && branch.length > prefix.length && prefix.length > bestLength) {
      best = kind;
      bestLength = prefix.length;
    }
  }
  return best;
}

/** The base a kind starts from when none is given or recorded. */
export function defaultBase(flow: FlowConfig, kind: FlowKind): string | undefined {
  return kind === 'hotfix' || kind === 'support' ? flow.production : flow.develop;
}

/** The open gitflow branches: local branches under a prefix, sorted by kind then name. */
export function flowBranches(state: RepoState): FlowBranch[] {
  const out: FlowBranch[] = [];
  for (const [branch, sha] of state.heads) {
    const kind = kindOf(state.flow, branch);
    if (!kind) continue;
    out.push({
      kind,
      name: branch.slice(state.flow.prefixes[kind].length),
      branch,
      base: state.flow.bases.get(branch) ?? defaultBase(state.flow, kind) ?? '',
      sha,
      current: state.status.branch === branch,
    });
  }
  return out.sort((a, b) => FLOW_KINDS.indexOf(a.kind) - FLOW_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
}

/** AVH's test (gitflow_is_initialized): both branches configured, different, existing, and a prefix set. */
export function isInitialised(state: RepoState): boolean {
  const { production, develop, hasPrefixes } = state.flow;
  return !!production && !!develop && production !== develop && state.heads.has(production) && state.heads.has(develop) && hasPrefixes;
}
