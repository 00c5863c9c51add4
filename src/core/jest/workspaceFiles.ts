// Lists a folder's files for Jest discovery: a walk that skips node_modules and .git and honours every
// .gitignore on the way (no git process: discovery also runs in Restricted Mode). Paths are relative,
// with forward slashes.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface WalkOptions {
  readonly signal?: AbortSignal;
  /** The walk stops after this many files (a home folder opened by mistake must not hang discovery). */
  readonly maxFiles?: number;
}

interface Rules {
  readonly base: string; // relative folder the .gitignore lives in ('' for the root)
  readonly ig: Ignore;
}

export async function listWorkspaceFiles(root: string, options: WalkOptions = {}): Promise<string[]> {
  const maxFiles = options.maxFiles ?? 200_000;
  const files: string[] = [];
  const visit = async (rel: string, rules: readonly Rules[]): Promise<void> => {
    if (options.signal?.aborted) throw new Error('discovery was cancelled');
    if (files.length >= maxFiles) return;
    const abs = rel ? join(root, rel) : root;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      return; // unreadable folder: not a place for tests
    }
    let here = rules;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const text = await fs.readFile(join(abs, '.gitignore'), 'utf8').catch(() => '');
      here = [...rules, { base: rel, ig: ignore().add(text) }];
    }
    const ignored = (path: string, isDir: boolean) =>
      here.some((r) => {
        const sub = r.base ? path.slice(r.base.length + 1) : path;
        return sub.length > 0 && r.ig.ignores(isDir ? `${sub}/` : sub);
      });
    const dirs: string[] = [];
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!ALWAYS_SKIPPED.has(e.name) && !ignored(path, true)) dirs.push(path);
      } else if (e.isFile() && !ignored(path, false)) {
        files.push(path);
      }
    }
    await Promise.all(dirs.map((d) => visit(d, here)));
  };
  await visit('', []);
  return files.sort();
}
