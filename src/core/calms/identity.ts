// Who answers an item: git's user.name where git may run (the name the team sees in commits), else the
// operating system's user name.
import { userInfo } from 'node:os';
import { childEnv, runProcess } from '../process';

export async function whoAmI(root: string, runGit: boolean): Promise<string> {
  if (runGit) {
    try {
      const { stdout } = await runProcess('git', ['config', 'user.name'], { cwd: root, timeoutMs: 5000, env: childEnv() });
      const name = stdout.trim();
      if (name) return name.slice(0, 200);
    } catch {
      /* no git, or no user.name: fall back to the OS user */
    }
  }
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
