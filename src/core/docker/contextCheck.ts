// Checks a build context against the Dockerfile before building: the most common Docker mistake in a
// repository with Dockerfiles in subfolders is a COPY whose source lives at the workspace root while the
// context is the Dockerfile's folder (or the other way round). Docker only says "not found" mid-build.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { contextSources, type DockerfileModel } from './dockerfile';

export interface MisplacedSource {
  readonly source: string;
  readonly line: number;
  readonly keyword: 'COPY' | 'ADD';
}

export interface ContextCheck {
  /** Sources missing from the context that do exist in the workspace folder: the context is probably wrong. */
  readonly inRootOnly: readonly MisplacedSource[];
  /** Sources that exist nowhere: the build will fail at that line. */
  readonly missing: readonly MisplacedSource[];
}

export function checkContext(model: DockerfileModel, context: string, root: string): ContextCheck {
  const inRootOnly: MisplacedSource[] = [];
  const missing: MisplacedSource[] = [];
  for (const s of contextSources(model)) {
    // Sources are relative to the context even when written with a leading "/".
    const rel = s.source.replace(/^\/+/, '') || '.';
    if (existsSync(resolve(context, rel))) continue;
    if (resolve(context) !== resolve(root) && existsSync(resolve(root, rel))) inRootOnly.push(s);
    else missing.push(s);
  }
  return { inRootOnly, missing };
}

/** One paragraph for the user: what is missing, where it is, what to do. */
export function describeContextCheck(check: ContextCheck, context: string, root: string): string | undefined {
  if (check.inRootOnly.length === 0) return undefined;
  const where = relative(root, context) || '.';
  const list = check.inRootOnly.slice(0, 5).map((s) => `${s.source} (line ${s.line})`).join(', ');
  const more = check.inRootOnly.length > 5 ? ` and ${check.inRootOnly.length - 5} more` : '';
  return `The build context "${where}" does not contain ${list}${more}, but the workspace folder does: the build will fail unless the context is the workspace folder. Set "context" for this Dockerfile in .devops/lifecycle.yml, or choose the workspace folder as the context.`;
}
