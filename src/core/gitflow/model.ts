// The gitflow vocabulary shared by the engine, the extension and the CLI: branch kinds, the git-flow AVH
// configuration (the exact keys AVH reads and writes), the results of init/start/finish, and the one
// error type whose code says what went wrong and whose message says what to do.

export const FLOW_KINDS = ['feature', 'bugfix', 'release', 'hotfix', 'support'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export type PrefixKey = FlowKind | 'versiontag';
export type FlowPrefixes = Record<PrefixKey, string>;

/** AVH's defaults (`git flow init -d`). */
export const DEFAULT_PREFIXES: Readonly<FlowPrefixes> = {
  feature: 'feature/',
  bugfix: 'bugfix/',
  release: 'release/',
  hotfix: 'hotfix/',
  support: 'support/',
  versiontag: '',
};

/** The git config keys, spelled as git-flow AVH spells them. */
export const CONFIG_KEYS = {
  production: 'gitflow.branch.master',
  develop: 'gitflow.branch.develop',
  origin: 'gitflow.origin',
  prefix: (key: PrefixKey) => `gitflow.prefix.${key}`,
  base: (branch: string) => `gitflow.branch.${branch}.base`,
  /** The config section AVH removes when a branch is finished. */
  branchSection: (branch: string) => `gitflow.branch.${branch}`,
} as const;

export function isFlowKind(value: unknown): value is FlowKind {
  return typeof value === 'string' && (FLOW_KINDS as readonly string[]).includes(value);
}

/** Human names, for messages and the tree. */
export const KIND_LABELS: Readonly<Record<FlowKind, { one: string; many: string }>> = {
  feature: { one: 'feature', many: 'Features' },
  bugfix: { one: 'bugfix', many: 'Bugfixes' },
  release: { one: 'release', many: 'Releases' },
  hotfix: { one: 'hotfix', many: 'Hotfixes' },
  support: { one: 'support', many: 'Support' },
};

/** What the repository's config says about gitflow (present keys only; missing prefixes take AVH's defaults). */
export interface FlowConfig {
  readonly production?: string;
  readonly develop?: string;
  readonly prefixes: FlowPrefixes;
  /** `gitflow.origin`, default `origin`. */
  readonly origin: string;
  /** `gitflow.branch.<branch>.base`, by branch. */
  readonly bases: ReadonlyMap<string, string>;
  /** True when at least one `gitflow.prefix.*` key is set (part of AVH's "initialised" test). */
  readonly hasPrefixes: boolean;
}

/** An open gitflow branch: a local branch under one of the prefixes. */
export interface FlowBranch {
  readonly kind: FlowKind;
  /** The name without the prefix (a version for release/hotfix/support). */
  readonly name: string;
  /** The full branch name. */
  readonly branch: string;
  /** Recorded base (`gitflow.branch.<branch>.base`), or the kind's default. */
  readonly base: string;
  readonly sha: string;
  readonly current: boolean;
}

export interface InitOptions {
  readonly production?: string;
  readonly develop?: string;
  readonly prefixes?: Partial<FlowPrefixes>;
}

export interface InitResult {
  readonly production: string;
  readonly develop: string;
  readonly prefixes: FlowPrefixes;
  /** True when the repository was already initialised with these values and nothing was written. */
  readonly alreadyInitialised: boolean;
  readonly createdInitialCommit: boolean;
  readonly createdDevelop: boolean;
}

export interface StartOptions {
  readonly kind: FlowKind;
  readonly name: string;
  readonly base?: string;
  /** Stash uncommitted changes first instead of refusing (they are never carried along). */
  readonly stash?: boolean;
}

export interface StartResult {
  readonly branch: string;
  readonly kind: FlowKind;
  readonly base: string;
  /** The stash message, when changes were stashed. */
  readonly stashed?: string;
}

export interface FinishOptions {
  /** The branch to finish (full name, or the name without its prefix); default the current branch. */
  readonly branch?: string;
  readonly tagMessage?: string;
  readonly keepBranch?: boolean;
  readonly fetch?: boolean;
  readonly push?: boolean;
  readonly stash?: boolean;
}

export interface FinishResult {
  readonly branch: string;
  readonly kind: FlowKind;
  readonly mergedInto: string[];
  readonly tag?: string;
  readonly deleted: boolean;
  /** The refs pushed to the remote, when push was asked for. */
  readonly pushed?: string[];
  readonly stashed?: string;
  /** True when this call continued a finish that had stopped on conflicts. */
  readonly resumed: boolean;
  /** The branch checked out at the end. */
  readonly current: string;
}

export interface AbortResult {
  readonly branch: string;
  /** Branches moved back to where they were before the finish. */
  readonly restored: string[];
  /** Refs keeping the commits the finish had made, so none becomes unreachable. */
  readonly kept: string[];
  readonly deletedTag?: string;
  readonly current: string;
  /** The stash message, when the aborted finish had stashed the user's changes (they stay in the stash list). */
  readonly stashed?: string;
}

export type GitflowErrorCode =
  | 'NOT_A_REPO'
  | 'NO_COMMITS'
  | 'DETACHED'
  | 'DIRTY'
  | 'OPERATION_IN_PROGRESS'
  | 'FINISH_IN_PROGRESS'
  | 'NO_FINISH_IN_PROGRESS'
  | 'NOT_INITIALISED'
  | 'MISSING_BRANCH'
  | 'BRANCH_EXISTS'
  | 'BAD_NAME'
  | 'BAD_ARGUMENT'
  | 'NOT_FLOW_BRANCH'
  | 'ONE_AT_A_TIME'
  | 'TAG_EXISTS'
  | 'NOTHING_TO_FINISH'
  | 'OUT_OF_SYNC'
  | 'CONFLICT'
  | 'REMOTE'
  | 'PUSH_REJECTED'
  | 'CANCELLED'
  | 'GIT';

export class GitflowError extends Error {
  constructor(
    readonly code: GitflowErrorCode,
    message: string,
    /** Paths involved (the dirty or conflicting files), when the code is about files. */
    readonly files: readonly string[] = [],
  ) {
    super(message);
    this.name = 'GitflowError';
  }
}

/** A finish stopped on merge conflicts: the repository is mid-merge and the finish can be continued or aborted. */
export class GitflowConflictError extends GitflowError {
  constructor(
    message: string,
    files: readonly string[],
    readonly branch: string,
    readonly into: string,
    /** The stash message, when the finish had stashed the user's changes. */
    readonly stashed?: string,
  ) {
    super('CONFLICT', message, files);
    this.name = 'GitflowConflictError';
  }
}

/** A message that also says where the user's stashed changes are, when an operation stashed them. */
export function withStashNote(message: string, stashed: string | undefined): string {
  return stashed ? `${message} (Your changes are stashed: "${stashed}".)` : message;
}

/** A short list of paths for a message: the first few, and how many more. */
export function listFiles(files: readonly string[], max = 5): string {
  const shown = files.slice(0, max).join(', ');
  return files.length > max ? `${shown} and ${files.length - max} more` : shown;
}
