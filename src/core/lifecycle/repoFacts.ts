// Facts about the repository that are not files of the work tree: is it a git repository, and is
// gitflow configured (git-flow AVH keeps that in the repository's git config).
import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';
import { locateGitDir } from '../gitDir';
import type { Finding } from './detectors';

export interface RepoFacts {
  /** The folder holding the git config, relative to the scanned root (forward slashes), if any. */
  readonly gitConfigPath?: string;
  readonly findings: Finding[];
}

/** Parses `[gitflow "branch"]` and `[gitflow "prefix"]` values out of a git config file's text. */
export function parseGitflowConfig(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const s = /^\[\s*([\w.-]+)(?:\s+"([^"]*)")?\s*\]$/.exec(line);
    if (s) {
      section = s[1]!.toLowerCase() === 'gitflow' && s[2] !== undefined ? `gitflow.${s[2]}` : undefined;
      continue;
    }
    const kv = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (section && kv) out[`${section}.${kv[1]!.toLowerCase()}`] = kv[2]!.replace(/^"(.*)"$/, '$1');
  }
  return out;
}

export async function readRepoFacts(root: string): Promise<RepoFacts> {
  // The config lives in the directory all worktrees share.
  const gitDir = (await locateGitDir(root))?.commonDir;
  if (!gitDir) return { findings: [] };
  const configFile = join(gitDir, 'config');
  const rel = relative(root, configFile).split('\\').join('/');
  const findings: Finding[] = [{ tool: 'git', path: relative(root, gitDir).split('\\').join('/') || '.git', detail: 'git repository' }];
  const text = await fs.readFile(configFile, 'utf8').catch(() => '');
  const flow = parseGitflowConfig(text);
  const production = flow['gitflow.branch.master'];
  const develop = flow['gitflow.branch.develop'];
  if (production && develop) {
    const line = text.split('\n').findIndex((l) => /^\s*\[\s*gitflow\s+"branch"\s*\]/.test(l));
    findings.push({ tool: 'gitflow', path: rel, line: line === -1 ? undefined : line + 1, detail: `production ${production}, development ${develop}` });
  }
  return { gitConfigPath: rel, findings };
}
