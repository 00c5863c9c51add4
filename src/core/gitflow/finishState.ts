// What a finish records before it changes anything, so that a finish stopped by a conflict (or a crash,
// or a cancel) can be continued, or aborted back to exactly the state before it started. It lives in the
// git directory (per worktree), next to git's own MERGE_HEAD, and is removed when the finish completes.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FlowKind } from './model';

export interface FinishStep {
  /** `merge`: merge `ref` into `into`; `tag`: create tag `ref` on `into`. */
  readonly action: 'merge' | 'tag';
  readonly into: string;
  readonly ref: string;
  /** For merges: fast-forward when possible (a feature with one commit, as AVH does). */
  readonly ff?: boolean;
}

export interface FinishState {
  readonly version: 1;
  readonly kind: FlowKind;
  readonly branch: string;
  /** The branch's recorded base (gitflow.branch.<branch>.base) when it had one, to restore on abort. */
  readonly recordedBase?: string;
  /** The branch checked out when the finish began. */
  readonly startedOn?: string;
  /** Every branch the finish may move, and the branch itself, at their commits before the finish. */
  readonly refs: Record<string, string>;
  readonly steps: FinishStep[];
  readonly tag?: string;
  /** True when the tag already existed (an earlier, interrupted AVH finish): abort leaves it alone. */
  readonly tagExisted: boolean;
  readonly tagMessage?: string;
  readonly keepBranch: boolean;
  readonly push: boolean;
  readonly startedAt: string;
  /** The stash message, when the finish stashed the user's changes before it began (it never re-applies them). */
  readonly stashed?: string;
}

export const FINISH_STATE_FILE = join('devops-lifecycle', 'gitflow-finish.json');

export function finishStatePath(gitDir: string): string {
  return join(gitDir, FINISH_STATE_FILE);
}

export async function readFinishState(gitDir: string): Promise<FinishState | undefined> {
  let text: string;
  try {
    text = await fs.readFile(finishStatePath(gitDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as FinishState;
    if (parsed.version !== 1 || typeof parsed.branch !== 'string' || typeof parsed.refs !== 'object' || !Array.isArray(parsed.steps)) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

export async function writeFinishState(gitDir: string, state: FinishState): Promise<void> {
  const file = finishStatePath(gitDir);
  await fs.mkdir(dirname(file), { recursive: true });
  // Written whole then renamed: a crash never leaves half a record.
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await fs.rename(tmp, file);
}

export async function removeFinishState(gitDir: string): Promise<void> {
  await fs.rm(finishStatePath(gitDir), { force: true });
}
