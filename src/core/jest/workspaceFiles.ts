// Lists a folder's files for Jest discovery with the scanner's walk (lifecycle/fileLister.ts): no git
// process, so discovery also runs in Restricted Mode, and every .gitignore on the way is honoured. Only
// node_modules and VCS folders are skipped: Jest looks for tests in fixtures/ or dist/ like anywhere else
// unless the project's config says otherwise, and, as Jest's own crawler, it leaves symbolic links out.
// Paths are relative, with forward slashes, sorted.
import { PathFilter } from '../lifecycle/excludes';
import { listFiles } from '../lifecycle/fileLister';

const ALWAYS_SKIPPED = ['node_modules', '.git', '.hg', '.svn'];

export interface WalkOptions {
  readonly signal?: AbortSignal;
  /** The walk stops after this many files (a home folder opened by mistake must not hang discovery). */
  readonly maxFiles?: number;
}

export async function listWorkspaceFiles(root: string, options: WalkOptions = {}): Promise<string[]> {
  const filter = new PathFilter([], true, ALWAYS_SKIPPED);
  const { files } = await listFiles(root, { useGit: false, filter, walkFilter: filter, signal: options.signal, maxFiles: options.maxFiles ?? 200_000, links: false });
  return files.sort();
}
