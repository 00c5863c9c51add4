// What the tree shows about a repository's gitflow: the current branch and how far it is from its
// upstream, whether gitflow is initialised, the open gitflow branches, and a finish left in progress.
// Plus checking out a branch from the tree, with the same care for uncommitted changes.
import type { Git } from './git';
import { requireCleanOrStash, requireHeadReachable, requireNoOperation } from './guards';
import { type FlowBranch, type FlowPrefixes, GitflowError } from './model';
import { flowBranches, isInitialised, readRepoState, type GitOperation } from './repoState';

export interface FlowStatus {
  readonly isRepo: boolean;
  readonly topLevel?: string;
  readonly gitDir?: string;
  readonly branch?: string;
  readonly detached: boolean;
  readonly sha?: string;
  /** No commits yet. */
  readonly unborn: boolean;
  readonly upstream?: string;
  readonly ahead: number;
  readonly behind: number;
  /** Tracked files with uncommitted changes. */
  readonly changed: number;
  readonly operation?: GitOperation;
  readonly initialised: boolean;
  readonly production?: string;
  readonly develop?: string;
  /** Configured gitflow branches that do not exist locally. */
  readonly missing: string[];
  readonly prefixes?: FlowPrefixes;
  readonly origin?: string;
  readonly branches: FlowBranch[];
  readonly finish?: { readonly branch: string; readonly kind: string; readonly conflicted: string[]; readonly into?: string };
}

const NOT_A_REPO: FlowStatus = { isRepo: false, detached: false, unborn: false, ahead: 0, behind: 0, changed: 0, initialised: false, missing: [], branches: [] };

export async function readFlowStatus(git: Git): Promise<FlowStatus> {
  let state;
  try {
    state = await readRepoState(git);
  } catch (e) {
    if (e instanceof GitflowError && e.code === 'NOT_A_REPO') return NOT_A_REPO;
    throw e;
  }
  const { production, develop } = state.flow;
  const initialised = isInitialised(state);
  return {
    isRepo: true,
    topLevel: state.topLevel,
    gitDir: state.gitDir,
    branch: state.status.branch,
    detached: state.status.detached,
    sha: state.status.oid,
    unborn: !state.status.oid,
    upstream: state.status.upstream,
    ahead: state.status.ahead,
    behind: state.status.behind,
    changed: state.status.changed.length,
    operation: state.operation,
    initialised,
    production,
    develop,
    missing: [production, develop].filter((b): b is string => !!b && !state.heads.has(b)),
    prefixes: state.flow.prefixes,
    origin: state.flow.origin,
    branches: production && develop ? flowBranches(state) : [],
    ...(state.finish
      ? { finish: { branch: state.finish.branch, kind: state.finish.kind, conflicted: state.status.conflicted, into: state.operation === 'merge' ? state.status.branch : undefined } }
      : {}),
  };
}

export interface CheckoutResult {
  readonly branch: string;
  readonly stashed?: string;
}

/** Checks out a local branch; uncommitted changes are refused or stashed, never carried along. */
export async function checkoutBranch(git: Git, branch: string, options: { stash?: boolean } = {}): Promise<CheckoutResult> {
  const state = await readRepoState(git);
  requireNoOperation(state);
  if (!state.heads.has(branch)) throw new GitflowError('MISSING_BRANCH', `The branch '${branch}' does not exist locally.`);
  if (state.status.branch === branch) return { branch };
  await requireHeadReachable(git, state);
  const stashed = await requireCleanOrStash(git, state, { stash: options.stash, what: `checking out ${branch}` });
  await git.run(['checkout', '-q', branch], { logged: true });
  return { branch, ...(stashed ? { stashed } : {}) };
}
