// The remote side of gitflow: fetch before, compare local branches with their remote-tracking branches
// (as AVH's require_branches_equal does), fast-forward when pulling was asked for, and push after.
import { type Git, gitReason, stderrOf } from './git';
import { GitflowError } from './model';
import { parsePushPorcelain } from './parsers';
import type { RepoState } from './repoState';

export function requireRemote(state: RepoState): string {
  const origin = state.flow.origin;
  if (!state.config.has(`remote.${origin}.url`)) {
    throw new GitflowError('REMOTE', `There is no remote '${origin}' (gitflow.origin): add it (git remote add ${origin} <url>), or turn fetch and push off.`);
  }
  return origin;
}

export async function fetchRemote(git: Git, state: RepoState, nothingChanged: string): Promise<void> {
  const origin = requireRemote(state);
  try {
    await git.run(['fetch', '--quiet', origin], { network: true, logged: true });
  } catch (e) {
    if (e instanceof GitflowError && e.code === 'CANCELLED') throw e;
    throw new GitflowError('REMOTE', `Could not fetch from ${origin}: ${gitReason(stderrOf(e)) || (e as Error).message}. ${nothingChanged}`);
  }
}

/**
 * Each local branch against `origin/<branch>`, when that exists: diverged always refuses; behind refuses
 * unless `fastForward`, which moves the branch up (a pull). Ahead is fine: the push brings the remote along.
 */
export async function syncWithRemote(git: Git, state: RepoState, branches: readonly string[], fastForward: boolean): Promise<boolean> {
  const origin = state.flow.origin;
  let moved = false;
  for (const branch of new Set(branches)) {
    const local = state.heads.get(branch);
    const remote = state.remotes.get(`${origin}/${branch}`);
    if (!local || !remote || local === remote) continue;
    const counts = await git.out(['rev-list', '--left-right', '--count', `${local}...${remote}`]);
    const [ahead = 0, behind = 0] = counts.split(/\s+/).map(Number);
    if (behind === 0) continue;
    if (ahead > 0) {
      throw new GitflowError('OUT_OF_SYNC', `'${branch}' and '${origin}/${branch}' have diverged (${ahead} and ${behind} commits apart): merge or rebase them first.`);
    }
    if (!fastForward) {
      throw new GitflowError('OUT_OF_SYNC', `'${branch}' is ${behind} commit${behind === 1 ? '' : 's'} behind '${origin}/${branch}': pull it first (or turn fetch on, which fast-forwards it).`);
    }
    if (state.status.branch === branch) await git.run(['merge', '--ff-only', '--quiet', `${origin}/${branch}`], { logged: true });
    else await git.run(['update-ref', `refs/heads/${branch}`, remote, local], { logged: true });
    git.log.info(`[gitflow] fast-forwarded ${branch} to ${origin}/${branch} (${behind} commit${behind === 1 ? '' : 's'})`);
    moved = true;
  }
  return moved;
}

export interface PushPlan {
  readonly branches: readonly string[];
  readonly tag?: string;
  /** A remote branch to delete (the finished branch, when it was on the remote and is not kept). */
  readonly deleteBranch?: string;
}

/** Pushes in one `git push`; a rejection says which refs and why, and that the local finish stands. */
export async function pushFinish(git: Git, state: RepoState, plan: PushPlan, finished: string): Promise<string[]> {
  const origin = requireRemote(state);
  const specs = [
    ...new Set(plan.branches.map((b) => `refs/heads/${b}:refs/heads/${b}`)),
    ...(plan.tag ? [`refs/tags/${plan.tag}:refs/tags/${plan.tag}`] : []),
    ...(plan.deleteBranch ? [`:refs/heads/${plan.deleteBranch}`] : []),
  ];
  const manual = `git push ${origin} ${[...plan.branches, ...(plan.tag ? [plan.tag] : [])].join(' ')}`;
  let result;
  try {
    result = await git.run(['push', '--porcelain', origin, ...specs], { network: true, logged: true, okExitCodes: [0, 1] });
  } catch (e) {
    if (e instanceof GitflowError && e.code === 'CANCELLED') throw new GitflowError('CANCELLED', `${finished} locally; the push was cancelled. Push later with: ${manual}`);
    throw new GitflowError('REMOTE', `${finished} locally, but could not push to ${origin}: ${gitReason(stderrOf(e)) || (e as Error).message}. Push later with: ${manual}`);
  }
  const refs = parsePushPorcelain(result.stdout);
  const rejected = refs.filter((r) => r.rejected);
  if (result.exitCode !== 0 || rejected.length > 0) {
    const which = rejected.map((r) => `${short(r.to)} ${r.summary}`).join('; ') || gitReason(result.stderr);
    const remoteSays = result.stderr.split('\n').filter((l) => l.startsWith('remote:')).map((l) => l.slice(7).trim()).filter(Boolean).join(' ');
    throw new GitflowError(
      'PUSH_REJECTED',
      `${finished} locally, but ${origin} rejected the push: ${which}${remoteSays ? ` (remote says: ${remoteSays})` : ''}. Fix that, then push with: ${manual}`,
    );
  }
  return specs.map((s) => short(s.slice(s.indexOf(':') + 1)) + (s.startsWith(':') ? ' (deleted)' : ''));
}

function short(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}
