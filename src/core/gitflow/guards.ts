// The checks every gitflow action makes before it changes anything, each failing with a message that
// says what is wrong and what to do. Nothing here writes to the repository except an explicit stash.
import type { Git } from './git';
import { GitflowError, listFiles } from './model';
import type { RepoState } from './repoState';

const INIT_HINT = 'run Initialize Gitflow (DevOps: Initialize Gitflow, or devops-lifecycle flow init)';

export function requireCommits(state: RepoState): void {
  if (!state.status.oid) {
    throw new GitflowError('NO_COMMITS', `The repository has no commits yet: ${INIT_HINT}, which makes the first commit, or commit something first.`);
  }
}

/** Gitflow configured, and both of its branches present locally. Returns their names. */
export function requireInitialised(state: RepoState): { production: string; develop: string } {
  const { production, develop } = state.flow;
  if (!production || !develop || production === develop) {
    throw new GitflowError('NOT_INITIALISED', `Gitflow is not initialised in ${state.topLevel}: ${INIT_HINT}.`);
  }
  for (const [branch, key, what] of [[production, 'gitflow.branch.master', 'production'], [develop, 'gitflow.branch.develop', 'development']] as const) {
    if (!state.heads.has(branch)) {
      const remote = state.remotes.has(`${state.flow.origin}/${branch}`) ? ` It exists on ${state.flow.origin}: check it out (git branch ${branch} ${state.flow.origin}/${branch}).` : '';
      throw new GitflowError('MISSING_BRANCH', `The ${what} branch '${branch}' (${key}) does not exist: create it, or ${INIT_HINT} to choose another.${remote}`);
    }
  }
  return { production, develop };
}

export function requireNoOperation(state: RepoState): void {
  if (!state.operation) return;
  const how: Record<string, string> = {
    merge: 'commit it, or abort it with "git merge --abort"',
    rebase: 'finish it with "git rebase --continue", or abort it with "git rebase --abort"',
    'cherry-pick': 'finish it with "git cherry-pick --continue", or abort it with "git cherry-pick --abort"',
    revert: 'finish it with "git revert --continue", or abort it with "git revert --abort"',
    bisect: 'end it with "git bisect reset"',
  };
  throw new GitflowError('OPERATION_IN_PROGRESS', `A git ${state.operation} is in progress: ${how[state.operation]}, then try again.`);
}

export function requireNoFinish(state: RepoState): void {
  if (!state.finish) return;
  throw new GitflowError(
    'FINISH_IN_PROGRESS',
    `Finishing ${state.finish.branch} is still in progress: finish it again to continue (after resolving any conflicts), or abort it, first.`,
  );
}

/**
 * A detached HEAD is fine as long as its commit is on some branch or tag; otherwise moving away from it
 * would leave those commits on nothing, so the user is asked to keep them on a branch first.
 */
export async function requireHeadReachable(git: Git, state: RepoState): Promise<void> {
  if (!state.status.detached || !state.status.oid) return;
  const holders = await git.out(['for-each-ref', '--count=1', '--contains', state.status.oid, '--format=%(refname)', 'refs/heads', 'refs/tags', 'refs/remotes']);
  if (holders) return;
  throw new GitflowError(
    'DETACHED',
    `HEAD is detached at ${state.status.oid.slice(0, 7)}, on commits no branch holds: keep them on a branch first (git switch -c <name>), then try again.`,
  );
}

export interface DirtyChoice {
  /** Stash the changes (kept in the stash list, never re-applied by us) instead of refusing. */
  readonly stash?: boolean;
  /** Words for the stash message and the refusal: "starting feature/x". */
  readonly what: string;
}

/**
 * Uncommitted changes are never carried silently into another branch: refuse, or stash them when asked.
 * Returns the stash message when it stashed.
 */
export async function requireCleanOrStash(git: Git, state: RepoState, choice: DirtyChoice): Promise<string | undefined> {
  const changed = state.status.changed;
  if (changed.length === 0) return undefined;
  if (!choice.stash || state.status.conflicted.length > 0) {
    throw new GitflowError(
      'DIRTY',
      `You have uncommitted changes in ${listFiles(changed)}: commit or stash them before ${choice.what} (or let it stash them for you).`,
      changed,
    );
  }
  const message = `devops-lifecycle: before ${choice.what}`;
  await git.run(['stash', 'push', '--quiet', '-m', message], { logged: true });
  git.log.info(`[gitflow] stashed changes in ${listFiles(changed)} as "${message}" (git stash list)`);
  return message;
}

/** Throws BAD_NAME unless `branch` is a local branch. */
export function requireLocalBranch(state: RepoState, branch: string, what: string): void {
  if (state.heads.has(branch)) return;
  const onRemote = state.remotes.has(`${state.flow.origin}/${branch}`);
  throw new GitflowError(
    'MISSING_BRANCH',
    onRemote
      ? `${what} '${branch}' exists only on ${state.flow.origin}: check it out first (git branch ${branch} ${state.flow.origin}/${branch}).`
      : `${what} '${branch}' does not exist locally.`,
  );
}
