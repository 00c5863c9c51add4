// Where a folder's git repository is, found the way git finds it — the nearest `.git` folder, or the
// `.git` file of a linked worktree — without starting a process. Shared by the scanner (git and gitflow
// evidence), the gitflow engine and the watchers that follow a repository's refs.
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface GitLocation {
  /** The work tree's top level. */
  readonly topLevel: string;
  /** This work tree's git directory: `.git`, or `<common>/worktrees/<name>` for a linked worktree (HEAD, MERGE_HEAD). */
  readonly gitDir: string;
  /** The git directory every worktree shares (config, refs, packed-refs); the same as gitDir outside linked worktrees. */
  readonly commonDir: string;
}

/** The repository holding `start` (looking upwards), or undefined outside any. */
export async function locateGitDir(start: string): Promise<GitLocation | undefined> {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const st = await fs.stat(dotGit).catch(() => undefined);
    if (st?.isDirectory()) return { topLevel: dir, gitDir: dotGit, commonDir: dotGit };
    if (st?.isFile()) {
      const m = /^gitdir:\s*(.+)$/m.exec(await fs.readFile(dotGit, 'utf8').catch(() => ''));
      if (m) {
        const gitDir = resolve(dir, m[1]!.trim());
        const common = await fs.readFile(join(gitDir, 'commondir'), 'utf8').catch(() => undefined);
        return { topLevel: dir, gitDir, commonDir: common ? resolve(gitDir, common.trim()) : gitDir };
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
