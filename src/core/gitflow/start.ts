// `git flow <kind> start <name> [<base>]` in plain git, with AVH's rules: feature/bugfix/release from
// develop, hotfix from production, support from a tag or commit on production; one release and one
// hotfix at a time; no branch or version tag of that name yet; the base recorded as gitflow.branch.<b>.base.
import type { Git } from './git';
import {
  requireCleanOrStash, requireCommits, requireHeadReachable, requireInitialised, requireNoFinish, requireNoOperation,
} from './guards';
import { CONFIG_KEYS, GitflowError, KIND_LABELS, type StartOptions, type StartResult } from './model';
import { flowNameProblem } from './refName';
import { defaultBase, flowBranches, readRepoState } from './repoState';
import { syncWithRemote } from './remote';

export async function startFlow(git: Git, options: StartOptions): Promise<StartResult> {
  const { kind } = options;
  const name = options.name.trim();
  const state = await readRepoState(git);
  requireCommits(state);
  requireInitialised(state);
  requireNoOperation(state);
  requireNoFinish(state);
  const prefix = state.flow.prefixes[kind];
  const problem = flowNameProblem(prefix, name);
  if (problem) throw new GitflowError('BAD_NAME', `Cannot start ${KIND_LABELS[kind].one} '${name}': ${problem}.`);
  const branch = prefix + name;
  const base = options.base ?? defaultBase(state.flow, kind)!;

  if (kind === 'support') {
    // A support branch grows from a released state: a tag or a commit on production (AVH).
    const commit = await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`], { okExitCodes: [0, 1] });
    if (commit.exitCode !== 0) throw new GitflowError('MISSING_BRANCH', `The base '${base}' is not a branch, tag or commit here.`);
    if (!(await git.isAncestor(commit.stdout.trim(), state.flow.production!))) {
      throw new GitflowError('BAD_ARGUMENT', `The base '${base}' is not on the production branch '${state.flow.production}': a support branch starts from a release.`);
    }
  } else if (!state.heads.has(base)) {
    throw new GitflowError('MISSING_BRANCH', `The base '${base}' is not a local branch: ${KIND_LABELS[kind].one} branches start from a branch (default ${defaultBase(state.flow, kind)}).`);
  }
  if (state.heads.has(branch) || state.remotes.has(`${state.flow.origin}/${branch}`)) {
    const where = state.heads.has(branch) ? '' : ` on ${state.flow.origin}`;
    throw new GitflowError('BRANCH_EXISTS', `The branch '${branch}' already exists${where}: pick another name, or check it out.`);
  }
  if (kind === 'release' || kind === 'hotfix') {
    const open = flowBranches(state).find((b) => b.kind === kind);
    if (open) throw new GitflowError('ONE_AT_A_TIME', `There is already an open ${kind} branch '${open.branch}': finish it first (git-flow allows one ${kind} at a time).`);
    const tag = state.flow.prefixes.versiontag + name;
    if (state.tags.has(tag)) throw new GitflowError('TAG_EXISTS', `The tag '${tag}' already exists: that version was released; pick another version.`);
  }
  await requireHeadReachable(git, state);
  if (kind !== 'support') await syncWithRemote(git, state, [base], false);
  const stashed = await requireCleanOrStash(git, state, { stash: options.stash, what: `starting ${branch}` });

  await git.run(['checkout', '-q', '-b', branch, base], { logged: true });
  // AVH records the base for every kind but support.
  if (kind !== 'support') await git.run(['config', '--local', CONFIG_KEYS.base(branch), base], { logged: true });
  git.log.info(`[gitflow] started ${branch} from ${base}${stashed ? ` (your changes are stashed: "${stashed}")` : ''}`);
  return { branch, kind, base, ...(stashed ? { stashed } : {}) };
}
