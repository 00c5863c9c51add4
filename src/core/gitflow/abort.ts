// Aborting a finish that stopped (on conflicts, an error, or a cancel): the merge in progress is aborted,
// every branch the finish moved goes back to the commit recorded before it started, a tag it created is
// deleted, a branch it deleted is re-created, and HEAD returns to the branch it was on. Commits the finish
// had made are kept under refs/devops-lifecycle/aborted/…, so no commit becomes unreachable.
import type { Git } from './git';
import { removeFinishState } from './finishState';
import { CONFIG_KEYS, type AbortResult, GitflowError, listFiles } from './model';
import { readRepoState } from './repoState';

export const ABORTED_REFS = 'refs/devops-lifecycle/aborted';

export async function abortFinish(git: Git): Promise<AbortResult> {
  let state = await readRepoState(git);
  const plan = state.finish;
  if (!plan) throw new GitflowError('NO_FINISH_IN_PROGRESS', 'No gitflow finish is in progress: there is nothing to abort.');
  if (state.operation === 'merge') {
    await git.run(['merge', '--abort'], { logged: true });
    state = await readRepoState(git);
  }
  if (state.operation) {
    throw new GitflowError('OPERATION_IN_PROGRESS', `A git ${state.operation} is in progress, which the finish did not start: end it first, then abort the finish.`);
  }
  if (state.status.changed.length > 0) {
    throw new GitflowError(
      'DIRTY',
      `There are uncommitted changes in ${listFiles(state.status.changed)}: commit or stash them, then abort the finish of ${plan.branch} again.`,
      state.status.changed,
    );
  }

  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const restored: string[] = [];
  const kept: string[] = [];
  for (const [branch, before] of Object.entries(plan.refs)) {
    const now = state.heads.get(branch);
    if (now === before) continue;
    if (now === undefined) {
      // The finish deleted it (it had got that far): bring it back where it was.
      await git.run(['branch', branch, before], { logged: true });
      restored.push(branch);
      continue;
    }
    if (branch === plan.branch) continue; // the finish never moves the branch it finishes: changes there are the user's
    const keep = `${ABORTED_REFS}/${stamp}/${branch}`;
    await git.run(['update-ref', keep, now], { logged: true });
    kept.push(keep);
    if (state.status.branch === branch) await git.run(['reset', '--keep', '--quiet', before], { logged: true });
    else await git.run(['update-ref', `refs/heads/${branch}`, before, now], { logged: true });
    restored.push(branch);
  }
  if (plan.recordedBase !== undefined && state.flow.bases.get(plan.branch) !== plan.recordedBase) {
    await git.run(['config', '--local', CONFIG_KEYS.base(plan.branch), plan.recordedBase], { logged: true });
  }
  let deletedTag: string | undefined;
  if (plan.tag && !plan.tagExisted && state.tags.has(plan.tag)) {
    await git.run(['tag', '-d', plan.tag], { logged: true });
    deletedTag = plan.tag;
  }
  state = await readRepoState(git);
  if (plan.startedOn && state.heads.has(plan.startedOn) && state.status.branch !== plan.startedOn) {
    await git.run(['checkout', '-q', plan.startedOn], { logged: true });
  }
  await removeFinishState(state.gitDir);
  const current = plan.startedOn && state.heads.has(plan.startedOn) ? plan.startedOn : (state.status.branch ?? 'HEAD');
  git.log.info(
    `[gitflow] aborted the finish of ${plan.branch}: ${restored.length ? `restored ${restored.join(', ')}` : 'no branch had moved'}` +
      `${deletedTag ? `, deleted tag ${deletedTag}` : ''}${kept.length ? `; the finish's commits are kept under ${kept.join(', ')}` : ''}` +
      `${plan.stashed ? `; the changes it stashed are still in the stash list ("${plan.stashed}")` : ''}`,
  );
  return { branch: plan.branch, restored, kept, ...(deletedTag ? { deletedTag } : {}), current, ...(plan.stashed ? { stashed: plan.stashed } : {}) };
}
