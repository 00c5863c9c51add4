// `git flow init` in plain git: choose the production and development branches (guessing as AVH does),
// create what is missing (the first commit in an empty repository, develop from production), and write
// the same config keys AVH writes.
import type { Git } from './git';
import { requireHeadReachable, requireNoFinish, requireNoOperation } from './guards';
import { CONFIG_KEYS, DEFAULT_PREFIXES, type FlowPrefixes, GitflowError, type InitOptions, type InitResult, listFiles, type PrefixKey } from './model';
import { branchNameProblem } from './refName';
import { isInitialised, readRepoState, type RepoState } from './repoState';

export interface InitGuess {
  /** The production branch AVH would suggest; undefined when none of its guesses exists. */
  readonly production?: string;
  readonly develop: string;
  readonly prefixes: FlowPrefixes;
  /** Local branches, for a picker. */
  readonly branches: string[];
  /** True in a repository without commits: the production branch will be created. */
  readonly empty: boolean;
  readonly initialised: boolean;
}

/** AVH's suggestions: configured value first, then `production`, `main`, `master` / `develop`, `int`, `integration`. */
export function guessInit(state: RepoState): InitGuess {
  const branches = [...state.heads.keys()].sort();
  const has = (b: string | undefined): b is string => !!b && state.heads.has(b);
  const empty = branches.length === 0;
  let production = [state.flow.production, 'production', 'main', 'master'].find(has);
  // An empty repository: its first branch will be the one HEAD already names (init.defaultBranch).
  if (!production && empty) production = state.flow.production ?? state.status.branch ?? 'main';
  const develop =
    [state.flow.develop, 'develop', 'int', 'integration'].find((b) => has(b) && b !== production) ??
    (state.flow.develop && state.flow.develop !== production ? state.flow.develop : 'develop');
  return { production, develop, prefixes: state.flow.hasPrefixes ? state.flow.prefixes : { ...DEFAULT_PREFIXES }, branches, empty, initialised: isInitialised(state) };
}

export async function initFlow(git: Git, options: InitOptions = {}): Promise<InitResult> {
  const state = await readRepoState(git);
  requireNoOperation(state);
  requireNoFinish(state);
  const guess = guessInit(state);
  const production = options.production ?? guess.production;
  if (!production) {
    throw new GitflowError(
      'BAD_ARGUMENT',
      `None of the usual production branches (production, main, master) exists here: name the production branch (one of ${listFiles(guess.branches)}).`,
    );
  }
  const develop = options.develop ?? guess.develop;
  const prefixes: FlowPrefixes = { ...guess.prefixes, ...definedOnly(options.prefixes) };
  for (const [what, name] of [['production', production], ['development', develop]] as const) {
    const problem = branchNameProblem(name);
    if (problem) throw new GitflowError('BAD_NAME', `'${name}' cannot be the ${what} branch: ${problem}.`);
  }
  if (production === develop) throw new GitflowError('BAD_ARGUMENT', `The production and development branches must differ (both are '${production}').`);
  for (const [key, prefix] of Object.entries(prefixes)) {
    // A prefix is the start of a ref name: it must make a valid name with something after it.
    const problem = prefix && (prefix.startsWith('-') ? "it starts with '-'" : branchNameProblem(`${prefix}x`));
    if (problem) throw new GitflowError('BAD_NAME', `The ${key} prefix '${prefix}' cannot start a branch or tag name: ${problem}.`);
  }

  const unchanged =
    guess.initialised && state.flow.production === production && state.flow.develop === develop &&
    (Object.keys(prefixes) as PrefixKey[]).every((k) => state.config.get(CONFIG_KEYS.prefix(k)) === prefixes[k]);
  if (unchanged) {
    return { production, develop, prefixes, alreadyInitialised: true, createdInitialCommit: false, createdDevelop: false };
  }

  const empty = !state.status.oid && state.heads.size === 0;
  const origin = state.flow.origin;
  // Like AVH, a repository with history must be clean: init may check out develop.
  if (!empty && state.status.changed.length > 0) {
    throw new GitflowError('DIRTY', `You have uncommitted changes in ${listFiles(state.status.changed)}: commit or stash them before initialising gitflow.`, state.status.changed);
  }
  await requireHeadReachable(git, state);
  const createProductionFromRemote = !empty && !state.heads.has(production) && state.remotes.has(`${origin}/${production}`);
  if (!empty && !state.heads.has(production) && !createProductionFromRemote) {
    throw new GitflowError('MISSING_BRANCH', `The production branch '${production}' does not exist: pick one of ${listFiles(guess.branches)}, or create it first.`);
  }

  let createdInitialCommit = false;
  let createdDevelop = false;
  if (empty) {
    // The first commit is made from an empty tree, without touching the index: anything already staged
    // stays staged for the user's own first commit (AVH's `commit --allow-empty` would sweep it in).
    const tree = await git.out(['mktree']);
    const commit = await git.out(['commit-tree', tree, '-m', 'Initial commit'], { logged: true });
    await git.run(['update-ref', `refs/heads/${production}`, commit, ''], { logged: true });
    createdInitialCommit = true;
  } else if (createProductionFromRemote) {
    await git.run(['branch', production, `${origin}/${production}`], { logged: true });
  }
  if (!state.heads.has(develop)) {
    if (state.remotes.has(`${origin}/${develop}`)) await git.run(['branch', develop, `${origin}/${develop}`], { logged: true });
    else await git.run(['branch', '--no-track', develop, production], { logged: true });
    createdDevelop = true;
  }
  await git.run(['config', '--local', CONFIG_KEYS.production, production], { logged: true });
  await git.run(['config', '--local', CONFIG_KEYS.develop, develop], { logged: true });
  for (const key of Object.keys(DEFAULT_PREFIXES) as PrefixKey[]) {
    await git.run(['config', '--local', CONFIG_KEYS.prefix(key), prefixes[key]], { logged: true });
  }
  // As AVH: switch to develop when init created a branch (the user starts working there).
  if ((createdDevelop || createdInitialCommit) && state.status.branch !== develop) {
    await git.run(['checkout', '-q', develop], { logged: true });
  }
  git.log.info(`[gitflow] initialised: production ${production}, development ${develop}, prefixes ${JSON.stringify(prefixes)}`);
  return { production, develop, prefixes, alreadyInitialised: false, createdInitialCommit, createdDevelop };
}

function definedOnly(p: Partial<FlowPrefixes> | undefined): Partial<FlowPrefixes> {
  const out: Partial<FlowPrefixes> = {};
  for (const [k, v] of Object.entries(p ?? {})) if (typeof v === 'string') out[k as PrefixKey] = v;
  return out;
}
