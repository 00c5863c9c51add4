// The gitflow engine's access to git: argv arrays through the one process runner, a stable non-interactive
// environment, every command that changes the repository written to the log (as `git flow --showcommands`
// would), and git's own reason carried into a GitflowError.
import { existsSync } from 'node:fs';
import { childEnv, type Logger, ProcessError, type RunResult, runProcess, silentLogger } from '../process';
import { GitflowError } from './model';

export interface GitOptions {
  readonly log?: Logger;
  /** Cancels network commands (fetch, push); local steps always run to completion so no step is left half-done. */
  readonly signal?: AbortSignal;
  /** The git executable (default `git` on PATH). */
  readonly gitPath?: string;
  /** Extra environment for every git child (tests pin dates and identities with it). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface GitRunOptions {
  /** Exit codes that are answers, not failures (e.g. 1 from `merge-base --is-ancestor`). */
  readonly okExitCodes?: readonly number[];
  /** A network command: cancellable, with a longer timeout. */
  readonly network?: boolean;
  /** Written to the log at info level (commands that change the repository). */
  readonly logged?: boolean;
}

const LOCAL_TIMEOUT_MS = 120_000;
const NETWORK_TIMEOUT_MS = 300_000;

export class Git {
  private readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;

  constructor(
    readonly cwd: string,
    private readonly options: GitOptions = {},
  ) {
    this.log = options.log ?? silentLogger;
    // No pager, no prompt, no editor: a finish never waits for a terminal that is not there. Messages
    // come from arguments (-m, --no-edit), so an editor is never needed.
    this.env = childEnv({ GIT_MERGE_AUTOEDIT: 'no', GIT_EDITOR: 'true', GIT_SEQUENCE_EDITOR: 'true', ...options.env });
  }

  /** The extra environment given for git children (beyond the process's own). */
  get extraEnv(): NodeJS.ProcessEnv {
    return this.options.env ?? {};
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  /** Throws a CANCELLED GitflowError when the user cancelled; called between steps. */
  checkCancelled(what: string): void {
    if (this.options.signal?.aborted) throw new GitflowError('CANCELLED', `Cancelled ${what}.`);
  }

  async run(args: readonly string[], opts: GitRunOptions = {}): Promise<RunResult> {
    const line = `git ${args.join(' ')}`;
    if (opts.logged) this.log.info(`[gitflow] ${line}`);
    else this.log.debug(`[gitflow] ${line}`);
    try {
      return await runProcess(this.options.gitPath ?? 'git', args, {
        cwd: this.cwd,
        env: this.env,
        signal: opts.network ? this.options.signal : undefined,
        timeoutMs: opts.network ? NETWORK_TIMEOUT_MS : LOCAL_TIMEOUT_MS,
        okExitCodes: opts.okExitCodes,
      });
    } catch (e) {
      // A missing working folder also makes spawn fail with ENOENT: say which of the two it is.
      if (e instanceof ProcessError && e.code === 'NOT_FOUND' && !existsSync(this.cwd)) {
        throw new GitflowError('NOT_A_REPO', `${this.cwd} does not exist.`);
      }
      throw toGitflowError(e, line);
    }
  }

  /** stdout of a command, trimmed of its final newline. */
  async out(args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
    return (await this.run(args, opts)).stdout.replace(/\n$/, '');
  }

  /** True when `ancestor` is an ancestor of (or equal to) `descendant`. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const r = await this.run(['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [0, 1] });
    return r.exitCode === 0;
  }
}

function toGitflowError(e: unknown, line: string): Error {
  if (!(e instanceof ProcessError)) return e as Error;
  if (e.code === 'NOT_FOUND') return new GitflowError('GIT', 'git was not found on PATH: install git, or put it on PATH, and try again.');
  if (e.code === 'CANCELLED') return new GitflowError('CANCELLED', `Cancelled: ${line}`);
  if (e.code === 'TIMEOUT') return new GitflowError('GIT', `${line} did not finish in time (${e.message}).`);
  const err = new GitflowError('GIT', `${line} failed: ${gitReason(e.stderr) || e.message}`);
  (err as { stderr?: string }).stderr = e.stderr;
  return err;
}

/** The line of git's stderr that says why (fatal:/error: lines first, hints last). */
export function gitReason(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('hint:'));
  const key = lines.find((l) => /^(fatal|error|remote|! \[)/.test(l)) ?? lines[0] ?? '';
  return key.replace(/^(fatal|error): /, '');
}

/** The stderr a GitflowError made from a git failure carries. */
export function stderrOf(e: unknown): string {
  return (e as { stderr?: string }).stderr ?? '';
}
