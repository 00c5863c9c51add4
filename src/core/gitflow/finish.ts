// `git flow <kind> finish` in plain git, with AVH's semantics:
//   feature/bugfix  merge into their base (fast-forward when the branch has one commit, else --no-ff);
//   release         --no-ff into production, an annotated tag there, the tag --no-ff into develop
//                   (a release started from another base merges into that base and is tagged there);
//   hotfix          the same into production and tag, then the tag into an open release branch if there
//                   is one (so the release carries the fix to develop), else into develop;
// then the branch and its gitflow config section are deleted unless kept.
//
// Before the first change it records the plan and every ref it may move (finishState.ts), so a finish
// that stops on a conflict can be continued once the conflict is resolved and committed or staged, or
// aborted back to exactly where it started (abort.ts). Each step checks whether it is already done,
// which is also how a finish AVH left half-done is picked up.
import type { Git } from './git';
import { type FinishState, type FinishStep, removeFinishState, writeFinishState } from './finishState';
import {
  requireCleanOrStash, requireCommits, requireHeadReachable, requireInitialised, requireLocalBranch, requireNoOperation,
} from './guards';
import {
  CONFIG_KEYS, type FinishOptions, type FinishResult, type FlowKind, GitflowConflictError, GitflowError, KIND_LABELS, listFiles, withStashNote,
} from './model';
import { defaultBase, flowBranches, kindOf, readRepoState, type RepoState } from './repoState';
import { fetchRemote, pushFinish, requireRemote, syncWithRemote } from './remote';

export interface FinishProgress {
  (message: string): void;
}

export async function finishFlow(git: Git, options: FinishOptions = {}, progress: FinishProgress = () => {}): Promise<FinishResult> {
  let state = await readRepoState(git);
  requireCommits(state);
  requireInitialised(state);
  let plan = state.finish;
  let resumed = false;
  let stashed: string | undefined;

  if (plan) {
    if (options.branch !== undefined && resolveBranch(state, options.branch) !== plan.branch) {
      throw new GitflowError('FINISH_IN_PROGRESS', `Finishing ${plan.branch} is still in progress: continue or abort it before finishing ${options.branch}.`);
    }
    resumed = true;
    stashed = plan.stashed;
    progress(`Continuing the finish of ${plan.branch}`);
    state = await concludeMerge(git, state, plan);
  } else {
    requireNoOperation(state);
    const branch = options.branch !== undefined ? resolveBranch(state, options.branch) : currentFlowBranch(state);
    const kind = kindOf(state.flow, branch);
    if (!kind) throw notFlowBranch(state, branch);
    if (kind === 'support') {
      throw new GitflowError('NOT_FLOW_BRANCH', `'${branch}' is a support branch: support branches are long-lived and git-flow has no finish for them.`);
    }
    requireLocalBranch(state, branch, 'The branch');
    await requireHeadReachable(git, state);
    const nothingChanged = 'Nothing was changed.';
    const planned = await planFinish(git, state, kind, branch, options);
    if (options.fetch || options.push) requireRemote(state);
    const what = `finishing ${branch}`;
    // Refuse a dirty tree before going to the network; stash (when asked) only once the fetch worked.
    if (!options.stash) await requireCleanOrStash(git, state, { what });
    if (options.fetch) {
      progress(`Fetching from ${state.flow.origin}`);
      await fetchRemote(git, state, nothingChanged);
    }
    stashed = await requireCleanOrStash(git, state, { stash: options.stash, what });
    if (options.fetch) state = await readRepoState(git); // the remote-tracking branches moved (a stash changes no ref)
    const touched = [branch, ...planned.steps.filter((s) => s.action === 'merge').map((s) => s.into)];
    try {
      if (await syncWithRemote(git, state, touched, !!options.fetch)) state = await readRepoState(git);
    } catch (e) {
      throw noteStash(e, stashed);
    }
    try {
      git.checkCancelled(`before finishing ${branch}. ${nothingChanged}`);
    } catch (e) {
      throw noteStash(e, stashed);
    }
    plan = {
      version: 1,
      kind,
      branch,
      recordedBase: state.flow.bases.get(branch),
      startedOn: state.status.branch,
      refs: Object.fromEntries(touched.map((b) => [b, state.heads.get(b)!])),
      steps: planned.steps,
      tag: planned.tag,
      tagExisted: planned.tag !== undefined && state.tags.has(planned.tag),
      tagMessage: planned.tag !== undefined ? (options.tagMessage ?? defaultTagMessage(kind, branch.slice(state.flow.prefixes[kind].length))) : undefined,
      keepBranch: !!options.keepBranch,
      push: !!options.push,
      startedAt: new Date().toISOString(),
      ...(stashed ? { stashed } : {}),
    };
    await writeFinishState(state.gitDir, plan);
  }

  const done = plan;
  const label = `${KIND_LABELS[done.kind].one} ${done.branch}`;
  // What the steps need to know is tracked as they go, instead of re-reading the repository each time.
  const at: StepContext = { current: state.status.branch, tags: new Set(state.tags.keys()) };
  try {
    for (const step of done.steps) {
      git.checkCancelled(`finishing ${done.branch} (it stopped between two steps). Finish it again to continue, or abort it`);
      if (step.action === 'merge') await mergeStep(git, done, step, at, progress);
      else await tagStep(git, done, step, at, progress);
    }
  } catch (e) {
    if (e instanceof GitflowConflictError) throw e; // its message already says where stashed changes are
    if (e instanceof GitflowError && e.code === 'CANCELLED') throw noteStash(e, done.stashed);
    throw await stopped(git, done, e as Error);
  }

  // Every merge is in: end on the last branch merged into (as AVH), drop the branch unless kept.
  const merges = done.steps.filter((s) => s.action === 'merge');
  const last = merges[merges.length - 1]!.into;
  if (at.current !== last) await git.run(['checkout', '-q', last], { logged: true });
  let deleted = false;
  const remoteHadBranch = state.remotes.has(`${state.flow.origin}/${done.branch}`);
  if (!done.keepBranch && state.heads.has(done.branch)) {
    // Delete only what is provably merged: the branch tip must be in what it was merged into.
    if (!(await git.isAncestor(done.branch, last))) {
      throw new GitflowError('GIT', `${done.branch} is not fully merged into ${last}; it was kept. Check the history, then delete it yourself.`);
    }
    await git.run(['branch', '-D', done.branch], { logged: true });
    await git.run(['config', '--local', '--remove-section', CONFIG_KEYS.branchSection(done.branch)], { logged: true, okExitCodes: [0, 128] });
    deleted = true;
  }
  await removeFinishState(state.gitDir);
  const mergedInto = [...new Set(merges.map((s) => s.into))];
  git.log.info(`[gitflow] finished ${label}: merged into ${mergedInto.join(', ')}${done.tag ? `, tagged ${done.tag}` : ''}${deleted ? ', branch deleted' : ''}`);

  let pushed: string[] | undefined;
  if (done.push) {
    progress(`Pushing to ${state.flow.origin}`);
    try {
      pushed = await pushFinish(
        git,
        state,
        { branches: mergedInto, tag: done.tag, deleteBranch: deleted && remoteHadBranch ? done.branch : undefined },
        `Finished ${done.branch}`,
      );
    } catch (e) {
      throw noteStash(e, stashed);
    }
  }
  return {
    branch: done.branch,
    kind: done.kind,
    mergedInto,
    ...(done.tag ? { tag: done.tag } : {}),
    deleted,
    ...(pushed ? { pushed } : {}),
    ...(stashed ? { stashed } : {}),
    resumed,
    current: last,
  };
}

interface PlannedFinish {
  readonly steps: FinishStep[];
  readonly tag?: string;
}

async function planFinish(git: Git, state: RepoState, kind: FlowKind, branch: string, options: FinishOptions): Promise<PlannedFinish> {
  const { production, develop } = state.flow as { production: string; develop: string };
  const base = state.flow.bases.get(branch) ?? defaultBase(state.flow, kind)!;
  requireLocalBranch(state, base, `The base of ${branch} (${CONFIG_KEYS.base(branch)})`);
  const name = branch.slice(state.flow.prefixes[kind].length);
  if (kind === 'feature' || kind === 'bugfix') {
    // AVH fast-forwards a branch with exactly one commit and merges anything larger with --no-ff.
    const commits = await git.out(['rev-list', '-n2', `${base}..${branch}`]);
    const ff = commits.split('\n').filter(Boolean).length === 1;
    return { steps: [{ action: 'merge', into: base, ref: branch, ff }] };
  }
  const tag = state.flow.prefixes.versiontag + name;
  if (options.tagMessage !== undefined && options.tagMessage.trim() === '') {
    throw new GitflowError('BAD_ARGUMENT', 'The tag message is empty: give the tag a message (for example the version and what it brings).');
  }
  if (state.tags.has(tag)) {
    // AVH accepts an existing tag only when it is this branch's finish (its commit's second parent).
    const parent = await git.run(['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}^2`], { okExitCodes: [0, 1] });
    if (parent.stdout.trim() !== state.heads.get(branch)) {
      throw new GitflowError('TAG_EXISTS', `The tag '${tag}' already exists and is not the finish of ${branch}: delete the tag, or release under another version.`);
    }
  }
  const steps: FinishStep[] = [{ action: 'merge', into: kind === 'release' && base === develop ? production : base, ref: branch }];
  steps.push({ action: 'tag', into: steps[0]!.into, ref: tag });
  if (kind === 'release' && base === develop) {
    steps.push({ action: 'merge', into: develop, ref: tag });
  } else if (kind === 'hotfix' && base === production) {
    const release = flowBranches(state).find((b) => b.kind === 'release');
    steps.push({ action: 'merge', into: release?.branch ?? develop, ref: tag });
  }
  return { steps, tag };
}

interface StepContext {
  /** The branch checked out now. */
  current?: string;
  /** The tags that exist now. */
  readonly tags: Set<string>;
}

async function mergeStep(git: Git, plan: FinishState, step: FinishStep, at: StepContext, progress: FinishProgress): Promise<void> {
  if (await git.isAncestor(step.ref, step.into)) return; // already merged (an earlier run, or nothing to merge)
  progress(`Merging ${step.ref} into ${step.into}`);
  if (at.current !== step.into) {
    await git.run(['checkout', '-q', step.into], { logged: true });
    at.current = step.into;
  }
  try {
    await git.run(['merge', step.ff ? '--ff' : '--no-ff', '--no-edit', step.ref], { logged: true });
  } catch (e) {
    const after = await readRepoState(git);
    if (after.operation === 'merge' && after.status.conflicted.length > 0) throw conflict(plan, step.ref, step.into, after.status.conflicted);
    throw e;
  }
}

async function tagStep(git: Git, plan: FinishState, step: FinishStep, at: StepContext, progress: FinishProgress): Promise<void> {
  if (at.tags.has(step.ref)) return; // made by an earlier run of this finish (or AVH's, checked in planFinish)
  progress(`Tagging ${step.into} as ${step.ref}`);
  await git.run(['tag', '-a', '-m', plan.tagMessage ?? step.ref, step.ref, step.into], { logged: true });
  at.tags.add(step.ref);
}

/** A finish that was stopped on conflicts: commit the merge the user resolved, or say what is left. */
async function concludeMerge(git: Git, state: RepoState, plan: FinishState): Promise<RepoState> {
  if (state.operation === 'merge') {
    if (state.status.conflicted.length > 0) {
      const into = state.status.branch ?? 'HEAD';
      throw conflict(plan, plan.steps.find((s) => s.action === 'merge' && s.into === into)?.ref ?? plan.branch, into, state.status.conflicted);
    }
    await git.run(['commit', '--quiet', '--no-edit'], { logged: true });
    return readRepoState(git);
  }
  requireNoOperation(state);
  if (state.status.changed.length > 0) {
    throw new GitflowError(
      'DIRTY',
      `Finishing ${plan.branch} is in progress, and there are uncommitted changes in ${listFiles(state.status.changed)}: commit or stash them, then finish again (or abort the finish).`,
      state.status.changed,
    );
  }
  return state;
}

function conflict(plan: FinishState, ref: string, into: string, files: readonly string[]): GitflowConflictError {
  return new GitflowConflictError(
    withStashNote(
      `Merging ${ref} into ${into} stopped on conflicts in ${listFiles(files)}. Resolve them and stage the files (git add), then finish ${plan.branch} again; or abort the finish to go back to where it started.`,
      plan.stashed,
    ),
    files,
    plan.branch,
    into,
    plan.stashed,
  );
}

/** A step failed for another reason: say so, and whether anything changed. */
async function stopped(git: Git, plan: FinishState, e: Error): Promise<Error> {
  const state = await readRepoState(git).catch(() => undefined);
  const moved = state ? Object.entries(plan.refs).filter(([b, sha]) => state.heads.get(b) !== sha).map(([b]) => b) : [];
  const tagged = state && plan.tag && !plan.tagExisted && state.tags.has(plan.tag);
  if (state && moved.length === 0 && !tagged && !state.operation) {
    // Nothing happened yet: put HEAD back and forget the plan, so the repository is exactly as before.
    if (plan.startedOn && state.status.branch !== plan.startedOn && state.heads.has(plan.startedOn)) {
      await git.run(['checkout', '-q', plan.startedOn], { logged: true }).catch(() => undefined);
    }
    await removeFinishState(state.gitDir);
    return new GitflowError(e instanceof GitflowError ? e.code : 'GIT', withStashNote(`${e.message} Nothing was changed.`, plan.stashed));
  }
  const what = [moved.length ? `moved ${moved.join(', ')}` : '', tagged ? `created tag ${plan.tag}` : ''].filter(Boolean).join(' and ');
  return new GitflowError(
    e instanceof GitflowError ? e.code : 'GIT',
    withStashNote(
      `${e.message} Finishing ${plan.branch} stopped after it ${what || 'began'}: fix the cause and finish again to continue, or abort the finish to go back to where it started.`,
      plan.stashed,
    ),
  );
}

/** The error, saying where the user's stashed changes are when the finish stashed them. */
function noteStash(e: unknown, stashed: string | undefined): unknown {
  if (!stashed || !(e instanceof GitflowError)) return e;
  return new GitflowError(e.code, withStashNote(e.message, stashed), e.files);
}

/** The branch the user means: a local branch by its full name, or a gitflow name without its prefix. */
export function resolveBranch(state: RepoState, given: string): string {
  const wanted = given.trim();
  if (state.heads.has(wanted)) return wanted;
  const matches = flowBranches(state).filter((b) => b.name === wanted);
  if (matches.length === 1) return matches[0]!.branch;
  if (matches.length > 1) {
    throw new GitflowError('BAD_ARGUMENT', `'${wanted}' names several gitflow branches (${matches.map((b) => b.branch).join(', ')}): give the full branch name.`);
  }
  requireLocalBranch(state, wanted, 'The branch');
  return wanted;
}

function currentFlowBranch(state: RepoState): string {
  if (state.status.detached || !state.status.branch) {
    throw new GitflowError('DETACHED', 'HEAD is detached, so there is no current branch to finish: name the branch to finish, or check it out.');
  }
  return state.status.branch;
}

function notFlowBranch(state: RepoState, branch: string): GitflowError {
  const p = state.flow.prefixes;
  return new GitflowError(
    'NOT_FLOW_BRANCH',
    `'${branch}' is not a gitflow branch (${[p.feature, p.bugfix, p.release, p.hotfix].filter(Boolean).join(', ')}…): name the branch to finish, or check it out.`,
  );
}

export function defaultTagMessage(kind: FlowKind, name: string): string {
  return `${kind === 'hotfix' ? 'Hotfix' : 'Release'} ${name}`;
}
