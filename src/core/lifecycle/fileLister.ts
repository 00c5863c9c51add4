// Lists the files of a folder the way git sees them (tracked plus untracked-but-not-ignored), or, where
// the folder is not a git repository (or git must not run: Restricted Mode), by walking it with the
// built-in excludes and the .gitignore files it finds.
import { closeSync, constants, fstatSync, openSync, promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { childEnv, ProcessError, runProcess } from '../process';
import { PathFilter } from './excludes';

export interface FileListing {
  readonly files: string[];
  readonly listing: 'git' | 'walk';
  readonly problems: { path: string; message: string }[];
}

export interface ListOptions {
  readonly useGit: boolean;
  /** With git: list untracked-but-not-ignored files too (git walks the work tree for them). Default true. */
  readonly includeUntracked?: boolean;
  /** Paths that are never evidence in a git listing. */
  readonly filter: PathFilter;
  /** The same for a walk (adds build output, which git would know to be ignored); default: the built-in set. */
  readonly walkFilter?: PathFilter;
  readonly signal?: AbortSignal;
  /** A walk stops after this many files (a home folder opened by mistake must not hang the editor). */
  readonly maxFiles?: number;
  /** A walk lists symbolic links (default true; a dangling one or a loop becomes a problem when read). */
  readonly links?: boolean;
  /**
   * Receives the files as they are listed, in batches, so that detection can start before the listing
   * ends (git lists tracked and untracked files in two processes that run side by side).
   */
  readonly onFiles?: (files: string[]) => void;
}

export async function listFiles(root: string, options: ListOptions): Promise<FileListing> {
  if (options.useGit) {
    const listing = await gitListing(root, options);
    if (listing) return listing;
  }
  const walked = await walk(root, { ...options, walkFilter: options.walkFilter ?? new PathFilter([], true) });
  options.onFiles?.(walked.files);
  return walked;
}

const GIT_LS_FILES = ['-c', 'core.quotePath=off', '--literal-pathspecs', 'ls-files', '-z'];

async function gitListing(root: string, options: ListOptions): Promise<FileListing | undefined> {
  const files: string[] = [];
  const part = async (args: string[]) => {
    const listed = await runGit(root, [...GIT_LS_FILES, ...args], options.signal);
    if (!listed) return false;
    const kept = listed.filter((f) => !options.filter.excludes(f));
    files.push(...kept);
    options.onFiles?.(kept);
    return true;
  };
  // Tracked files come from the index (fast); untracked-not-ignored needs a walk of the work tree.
  const [tracked, untracked] = await Promise.all([
    part(['--cached', '--deduplicate']),
    options.includeUntracked === false ? Promise.resolve(true) : part(['--others', '--exclude-standard']),
  ]);
  if (!tracked || !untracked) {
    if (files.length > 0) throw new Error('git listed the folder only in part; rescan to try again');
    return undefined;
  }
  return { files, listing: 'git', problems: [] };
}

/** `git ls-files` of the given paths (tracked or untracked-not-ignored), or undefined when root is not in a work tree. */
export async function gitListFiles(root: string, signal?: AbortSignal, paths?: readonly string[], includeUntracked = true): Promise<string[] | undefined> {
  const args = [...GIT_LS_FILES, '--cached', ...(includeUntracked ? ['--others', '--exclude-standard'] : []), '--deduplicate'];
  if (paths) args.push('--', ...paths);
  return runGit(root, args, signal);
}

/** Long enough for a very large work tree on a slow disk; what never ends (a pipe named .gitignore) must. */
const GIT_LISTING_TIMEOUT_MS = 120_000;

async function runGit(root: string, args: string[], signal?: AbortSignal): Promise<string[] | undefined> {
  try {
    const { stdout } = await runProcess('git', args, { cwd: root, signal, timeoutMs: GIT_LISTING_TIMEOUT_MS, env: childEnv({ GIT_OPTIONAL_LOCKS: '0' }) });
    const files = stdout.split('\0');
    files.pop(); // the listing ends with a NUL
    return files;
  } catch (e) {
    if (e instanceof ProcessError && (e.code === 'EXIT' || e.code === 'NOT_FOUND')) return undefined;
    if (e instanceof ProcessError && e.code === 'TIMEOUT') {
      throw new Error(
        `git did not list ${root} within ${GIT_LISTING_TIMEOUT_MS / 1000} s (a .gitignore that is not a regular file can make it wait forever): fix that, or set devopsLifecycle.scan.useGit to false to walk the folder instead.`,
      );
    }
    throw e;
  }
}

interface IgnoreScope {
  readonly dir: string; // relative, '' for root
  readonly rules: Ignore;
}

async function walk(root: string, options: ListOptions & { walkFilter: PathFilter }): Promise<FileListing> {
  const files: string[] = [];
  const problems: { path: string; message: string }[] = [];
  const max = options.maxFiles ?? 500_000;
  const queue: { dir: string; scopes: IgnoreScope[] }[] = [{ dir: '', scopes: [] }];
  while (queue.length > 0 && files.length < max) {
    if (options.signal?.aborted) throw new ProcessError('the scan was cancelled', 'CANCELLED', 'walk');
    const { dir, scopes: parentScopes } = queue.shift()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(join(root, dir), { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ path: dir || '.', message: `folder could not be read: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (e as Error).message)}` });
      continue;
    }
    let scopes = parentScopes;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const text = await fs.readFile(join(root, dir, '.gitignore'), 'utf8');
        scopes = [...parentScopes, { dir, rules: ignore().add(text) }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      // Symbolic links to folders are not followed: that is how a walk meets loops and other trees.
      if (e.isDirectory()) {
        if (!options.walkFilter.excludesDir(rel) && !ignored(scopes, rel, true)) queue.push({ dir: rel, scopes });
      } else if ((e.isFile() || (e.isSymbolicLink() && options.links !== false)) && !options.walkFilter.excludes(rel) && !ignored(scopes, rel, false)) {
        files.push(rel);
      }
    }
  }
  if (files.length >= max) problems.push({ path: '.', message: `the folder has more than ${max} files; the rest were not scanned` });
  return { files, listing: 'walk', problems };
}

/**
 * For a walked folder: would the walk have skipped this file? Reads the `.gitignore` of the root and of
 * each folder down to the file's (a handful of small reads; used for files created after the scan).
 */
export function walkWouldSkip(root: string, path: string, filter: PathFilter): boolean {
  if (filter.excludes(path)) return true;
  const parts = path.split('/');
  const scopes: IgnoreScope[] = [];
  for (let depth = 0; depth < parts.length; depth++) {
    const dir = parts.slice(0, depth).join('/');
    if (depth > 0 && ignored(scopes, dir, true)) return true;
    const text = readIgnoreFileSync(join(root, dir, '.gitignore'));
    if (text !== undefined) scopes.push({ dir, rules: ignore().add(text) });
  }
  return ignored(scopes, path, false);
}

/**
 * A .gitignore's text, or undefined when there is none or it is not a regular file: opened without
 * blocking, since a named pipe in its place would hold the read (and the editor) until a writer came.
 */
function readIgnoreFileSync(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    return fstatSync(fd).isFile() ? readFileSync(fd, 'utf8') : undefined;
  } catch {
    return undefined; // no .gitignore here
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function ignored(scopes: readonly IgnoreScope[], rel: string, isDir: boolean): boolean {
  for (const s of scopes) {
    const sub = s.dir ? rel.slice(s.dir.length + 1) : rel;
    if (s.rules.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}
