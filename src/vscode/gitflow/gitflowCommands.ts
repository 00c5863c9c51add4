// The gitflow commands: Initialize, Start, Finish (which also continues a finish stopped on conflicts),
// Abort Finish and Checkout. Each takes its answers as an argument object and returns its result; with
// no answers (the palette, a tree row) it asks for what it needs. Any answer given makes it
// non-interactive: the rest take their defaults and settings, so tests and keybindings never hang on a prompt.
import * as vscode from 'vscode';
import {
  abortFinish, type AbortResult, checkoutBranch, type CheckoutResult, DEFAULT_PREFIXES, defaultTagMessage, finishFlow,
  type FinishResult, FLOW_KINDS, type FlowKind, flowNameProblem, type FlowPrefixes, Git, GitflowConflictError, GitflowError,
  guessInit, initFlow, type InitResult, isFlowKind, KIND_LABELS, listFiles, type PrefixKey, readRepoState, startFlow, withStashNote,
  type StartResult, branchNameProblem,
} from '../../core/gitflow';
import { Config } from '../config';
import type { FolderLifecycle } from '../folderLifecycle';
import type { CommandTable, Services } from '../services';
import { requireTrust } from '../trust';
import { type GitflowNode, KIND_ICONS } from './gitflowSection';

export const GITFLOW_COMMANDS: CommandTable = {
  'devopsLifecycle.gitflow.init': init,
  'devopsLifecycle.gitflow.start': start,
  'devopsLifecycle.gitflow.finish': finish,
  'devopsLifecycle.gitflow.abortFinish': abort,
  'devopsLifecycle.gitflow.checkout': checkout,
};

/** An error the handler has already shown the user (with its own actions): the command wrapper only logs it. */
class ReportedError extends Error {
  readonly reported = true;
  constructor(e: Error) {
    super(e.message);
    this.name = e.name;
    (this as { code?: string }).code = (e as { code?: string }).code;
  }
}

const ANSWER_KEYS = new Set(['node', 'folder']);

/** True when the command was given no answers (only where to act): it may ask. */
function interactive(args: Record<string, unknown>): boolean {
  return Object.keys(args).every((k) => ANSWER_KEYS.has(k));
}

function node(args: Record<string, unknown>): GitflowNode | undefined {
  const n = args.node as Partial<GitflowNode> | undefined;
  return n && typeof n === 'object' && n.gitflow ? (n as GitflowNode) : undefined;
}

function folderOf(s: Services, args: Record<string, unknown>): FolderLifecycle {
  const n = args.node as { folder?: FolderLifecycle } | undefined;
  if (n?.folder && typeof n.folder === 'object' && 'folder' in n.folder) return n.folder;
  if (args.folder !== undefined && typeof args.folder !== 'string') throw new Error('"folder" must be a workspace folder path.');
  return s.model.resolve(args.folder as string | undefined);
}

function str(args: Record<string, unknown>, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`"${key}" must be a string.`);
  return v;
}

function bool(args: Record<string, unknown>, key: string): boolean | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Error(`"${key}" must be true or false.`);
  return v;
}

function gitFor(s: Services, folder: FolderLifecycle, signal?: AbortSignal): Git {
  return new Git(folder.folder.uri.fsPath, { log: s.log, signal });
}

/** Runs `work` under a cancellable progress notification; the token becomes an AbortSignal for git. */
async function withProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    return work(controller.signal, (message) => progress.report({ message })).finally(() => sub.dispose());
  });
}

/**
 * Runs `attempt` (without stashing); when it refuses because of uncommitted changes, asks (setting `ask`,
 * interactive only) or stashes (setting `stash`, or `stash: true` given) and runs it again with stashing.
 */
async function withDirtyChoice<T>(args: Record<string, unknown>, folder: FolderLifecycle, what: string, attempt: (stash: boolean) => Promise<T>): Promise<T> {
  const given = bool(args, 'stash');
  const setting = new Config(folder.folder.uri).gitflowUncommittedChanges;
  const stashFirst = given ?? setting === 'stash';
  try {
    return await attempt(stashFirst);
  } catch (e) {
    if (!(e instanceof GitflowError) || e.code !== 'DIRTY' || stashFirst || given === false || setting !== 'ask' || !interactive(args)) throw e;
    const pick = await vscode.window.showWarningMessage(
      `You have uncommitted changes in ${listFiles(e.files)}.`,
      { modal: true, detail: `They are never carried into another branch. Stash them (they stay in the stash list: git stash list) and go on ${what}?` },
      'Stash and Continue',
    );
    if (pick !== 'Stash and Continue') throw new vscode.CancellationError();
    return attempt(true);
  }
}

async function init(s: Services, args: Record<string, unknown>): Promise<InitResult> {
  requireTrust('Initializing gitflow');
  const folder = folderOf(s, args);
  let production = str(args, 'production');
  let develop = str(args, 'develop');
  let prefixes: Partial<FlowPrefixes> | undefined;
  if (args.prefixes !== undefined) {
    if (typeof args.prefixes !== 'object' || args.prefixes === null) throw new Error('"prefixes" must be an object such as {"feature": "feature/"}.');
    prefixes = {};
    for (const [k, v] of Object.entries(args.prefixes)) {
      if (!(k in DEFAULT_PREFIXES)) throw new Error(`Unknown prefix "${k}": use ${Object.keys(DEFAULT_PREFIXES).join(', ')}.`);
      if (typeof v !== 'string') throw new Error(`The ${k} prefix must be a string.`);
      prefixes[k as PrefixKey] = v;
    }
  }
  if (interactive(args)) {
    const guess = guessInit(await readRepoState(gitFor(s, folder)));
    production = await askProduction(guess.production, guess.branches);
    develop = await ask({
      title: 'Initialize Gitflow (2/3)',
      prompt: `The branch for the next release: integration of finished features. Created from ${production} if it does not exist.`,
      value: guess.develop,
      validateInput: (v) => (v === production ? 'It must differ from the production branch.' : branchNameProblem(v)),
    });
    prefixes = await askPrefixes(guess.prefixes);
  }
  const result = await withProgress('Initializing gitflow', () => initFlow(gitFor(s, folder), { production, develop, prefixes }));
  await s.gitflow.refresh(folder);
  void vscode.window.showInformationMessage(
    result.alreadyInitialised
      ? `Gitflow was already initialised: production ${result.production}, development ${result.develop}.`
      : `Gitflow initialised: production ${result.production}, development ${result.develop}${result.createdDevelop ? ` (${result.develop} created)` : ''}.`,
  );
  return result;
}

async function askProduction(suggested: string | undefined, branches: string[]): Promise<string> {
  if (branches.length === 0) {
    return ask({ title: 'Initialize Gitflow (1/3)', prompt: 'The production branch: it gets the first commit and every release.', value: suggested ?? 'main', validateInput: branchNameProblem });
  }
  const items = [...new Set([suggested, ...branches].filter((b): b is string => !!b))].map((b) => ({ label: b, description: b === suggested ? 'suggested' : undefined }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Initialize Gitflow (1/3): the production branch', placeHolder: 'The branch that holds released versions', ignoreFocusOut: true });
  if (!pick) throw new vscode.CancellationError();
  return pick.label;
}

async function askPrefixes(current: FlowPrefixes): Promise<Partial<FlowPrefixes> | undefined> {
  const shown = (p: FlowPrefixes) => `${p.feature}, ${p.bugfix}, ${p.release}, ${p.hotfix}, ${p.support}; version tags ${p.versiontag ? `'${p.versiontag}1.0'` : 'without prefix'}`;
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'Use these prefixes', detail: shown(current), custom: false },
      { label: 'Choose the prefixes…', detail: 'One by one, as git flow init asks', custom: true },
    ],
    { title: 'Initialize Gitflow (3/3): branch prefixes', ignoreFocusOut: true },
  );
  if (!pick) throw new vscode.CancellationError();
  if (!pick.custom) return current;
  const out: Partial<FlowPrefixes> = {};
  for (const key of Object.keys(DEFAULT_PREFIXES) as PrefixKey[]) {
    out[key] = await ask({
      title: `Prefix for ${key === 'versiontag' ? 'version tags' : `${key} branches`}`,
      value: current[key],
      prompt: key === 'versiontag' ? 'Put before the version in tags, e.g. v (empty: none)' : `Put before the name of ${key} branches`,
      validateInput: (v) => (v === '' ? undefined : v.startsWith('-') ? "A prefix cannot start with '-'." : branchNameProblem(`${v}x`)),
    });
  }
  return out;
}

async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const v = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (v === undefined) throw new vscode.CancellationError();
  return v;
}

async function start(s: Services, args: Record<string, unknown>): Promise<StartResult> {
  requireTrust('Starting a gitflow branch');
  const folder = folderOf(s, args);
  const n = node(args);
  const givenKind = args.kind ?? n?.gitflow.kind;
  if (givenKind !== undefined && !isFlowKind(givenKind)) throw new Error(`"kind" must be one of ${FLOW_KINDS.join(', ')}.`);
  let kind: FlowKind | undefined = givenKind;
  let name = str(args, 'name');
  const base = str(args, 'base');
  if (interactive(args)) {
    const state = await readRepoState(gitFor(s, folder));
    const prefixes = state.flow.prefixes;
    if (kind === undefined) {
      const pick = await vscode.window.showQuickPick(
        FLOW_KINDS.map((k) => ({ label: KIND_LABELS[k].one[0]!.toUpperCase() + KIND_LABELS[k].one.slice(1), description: prefixes[k], detail: KIND_DETAIL[k], flowKind: k, iconPath: new vscode.ThemeIcon(KIND_ICONS[k]) })),
        { title: 'Start Gitflow Branch', placeHolder: 'What kind of branch?', ignoreFocusOut: true },
      );
      if (!pick) throw new vscode.CancellationError();
      kind = pick.flowKind;
    }
    const k = kind;
    name = await ask({
      title: `Start ${KIND_LABELS[k].one} branch`,
      prompt: k === 'release' || k === 'hotfix' || k === 'support' ? `The version (the branch is ${prefixes[k]}<version>, the tag ${prefixes.versiontag}<version>)` : `The name (the branch is ${prefixes[k]}<name>)`,
      placeHolder: k === 'release' ? '1.2.0' : k === 'hotfix' ? '1.1.1' : k === 'support' ? '1.x' : 'short-description',
      validateInput: (v) => flowNameProblem(prefixes[k], v.trim()),
    });
  }
  if (kind === undefined || name === undefined) {
    throw new Error('Starting a gitflow branch needs "kind" (feature, bugfix, release, hotfix or support) and "name".');
  }
  const k = kind;
  const nm = name;
  const result = await withDirtyChoice(args, folder, `starting the ${KIND_LABELS[k].one}`, (stash) =>
    withProgress(`Starting ${KIND_LABELS[k].one} ${nm}`, () => startFlow(gitFor(s, folder), { kind: k, name: nm, base, stash })),
  );
  await s.gitflow.refresh(folder);
  void vscode.window.showInformationMessage(`Started ${result.branch} from ${result.base}.${result.stashed ? ` Your changes are stashed ("${result.stashed}").` : ''}`);
  return result;
}

const KIND_DETAIL: Record<FlowKind, string> = {
  feature: 'New work for the next release, from develop',
  bugfix: 'A fix for the next release, from develop',
  release: 'Prepare a version, from develop; finishing merges it into production with a tag',
  hotfix: 'Fix production now, from production; finishing tags it and merges it back',
  support: 'Maintain an old version, from a release tag',
};

async function finish(s: Services, args: Record<string, unknown>): Promise<FinishResult> {
  requireTrust('Finishing a gitflow branch');
  const folder = folderOf(s, args);
  const config = new Config(folder.folder.uri);
  const n = node(args);
  const branch = str(args, 'branch') ?? (n?.gitflow.row === 'branch' ? n.gitflow.branch : undefined);
  let tagMessage = str(args, 'tagMessage');
  const keepBranch = bool(args, 'keepBranch') ?? config.gitflowKeepBranch;
  const fetch = bool(args, 'fetch') ?? config.gitflowFetchBeforeFinish;
  const push = bool(args, 'push') ?? config.gitflowPushAfterFinish;

  let target = branch;
  if (interactive(args)) {
    const state = await readRepoState(gitFor(s, folder));
    target = state.finish?.branch ?? branch ?? state.status.branch;
    if (!state.finish && target) {
      const kind = (['release', 'hotfix'] as const).find((k) => target!.startsWith(state.flow.prefixes[k]) && target!.length > state.flow.prefixes[k].length);
      if (kind) {
        const version = target.slice(state.flow.prefixes[kind].length);
        tagMessage = await ask({
          title: `Finish ${target}`,
          prompt: `The message of the tag ${state.flow.prefixes.versiontag}${version}`,
          value: defaultTagMessage(kind, version),
          validateInput: (v) => (v.trim() ? undefined : 'A tag needs a message.'),
        });
      }
    }
  }
  try {
    const result = await withDirtyChoice(args, folder, `finishing ${target ?? 'the branch'}`, (stash) =>
      withProgress(`Finishing ${target ?? 'the current branch'}`, (signal, report) =>
        finishFlow(gitFor(s, folder, signal), { branch, tagMessage, keepBranch, fetch, push, stash }, report),
      ),
    );
    void vscode.window.showInformationMessage(
      `Finished ${result.branch}: merged into ${result.mergedInto.join(' and ')}${result.tag ? `, tagged ${result.tag}` : ''}${result.pushed ? `, pushed to the remote` : ''}. You are on ${result.current}.${result.stashed ? ` Your changes are stashed ("${result.stashed}").` : ''}`,
    );
    return result;
  } catch (e) {
    if (e instanceof GitflowConflictError) {
      void showConflict(folder, e);
      throw new ReportedError(e);
    }
    throw e;
  } finally {
    await s.gitflow.refresh(folder);
  }
}

/** A conflict is not a failure to dismiss: it says where, and offers the two ways on. */
async function showConflict(folder: FolderLifecycle, e: GitflowConflictError): Promise<void> {
  const pick = await vscode.window.showWarningMessage(
    withStashNote(`Finishing ${e.branch} stopped: merging into ${e.into} has conflicts in ${listFiles(e.files)}. Resolve and stage them, then run Finish again — or abort the finish.`, e.stashed),
    'Open Source Control',
    'Abort Finish',
  );
  if (pick === 'Open Source Control') await vscode.commands.executeCommand('workbench.view.scm');
  if (pick === 'Abort Finish') {
    await vscode.commands.executeCommand('devopsLifecycle.gitflow.abortFinish', { folder: folder.folder.uri.fsPath, confirm: false }).then(undefined, () => undefined);
  }
}

async function abort(s: Services, args: Record<string, unknown>): Promise<AbortResult> {
  requireTrust('Aborting a gitflow finish');
  const folder = folderOf(s, args);
  if (interactive(args) && bool(args, 'confirm') !== false) {
    const state = await readRepoState(gitFor(s, folder));
    if (state.finish) {
      const moved = Object.keys(state.finish.refs).filter((b) => b !== state.finish!.branch);
      const pick = await vscode.window.showWarningMessage(
        `Abort finishing ${state.finish.branch}?`,
        { modal: true, detail: `${moved.join(' and ')} go back to where they were before the finish${state.finish.tag ? `, the tag ${state.finish.tag} is removed` : ''}, and you return to ${state.finish.startedOn ?? 'the branch you were on'}. Commits the finish made stay reachable under refs/devops-lifecycle/aborted.` },
        'Abort Finish',
      );
      if (pick !== 'Abort Finish') throw new vscode.CancellationError();
    }
  }
  try {
    const result = await withProgress('Aborting the finish', () => abortFinish(gitFor(s, folder)));
    void vscode.window.showInformationMessage(`Aborted the finish of ${result.branch}${result.restored.length ? `: ${result.restored.join(' and ')} restored` : ''}${result.deletedTag ? `, tag ${result.deletedTag} removed` : ''}. You are on ${result.current}.${result.stashed ? ` Your changes are stashed ("${result.stashed}").` : ''}`);
    return result;
  } finally {
    await s.gitflow.refresh(folder);
  }
}

async function checkout(s: Services, args: Record<string, unknown>): Promise<CheckoutResult> {
  requireTrust('Checking out a branch');
  const folder = folderOf(s, args);
  const branch = str(args, 'branch') ?? node(args)?.gitflow.branch;
  if (!branch) throw new Error('Checking out needs "branch".');
  try {
    const result = await withDirtyChoice(args, folder, `checking out ${branch}`, (stash) => checkoutBranch(gitFor(s, folder), branch, { stash }));
    if (result.stashed) void vscode.window.showInformationMessage(`On ${branch}. Your changes are stashed ("${result.stashed}").`);
    return result;
  } finally {
    await s.gitflow.refresh(folder);
  }
}
