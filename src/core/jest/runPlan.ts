// Groups what a user asked to run (projects, files, describe/test blocks) into as few Jest invocations
// as give exactly that selection: one per project for whole files, one per project for named tests
// (their patterns combined into one --testNamePattern). Pure: the editor and the CLI both use it.
import { blockNamePattern, combinePatterns } from './namePattern';
import type { JestProject, TestBlock } from './model';

export type RunTarget<P extends JestProject = JestProject> =
  | { readonly kind: 'project'; readonly project: P }
  | { readonly kind: 'file'; readonly project: P; readonly file: string }
  | { readonly kind: 'block'; readonly project: P; readonly file: string; readonly path: readonly TestBlock[]; readonly block: TestBlock }
  | { readonly kind: 'name'; readonly project: P; readonly file?: string; readonly pattern: string };

export interface PlannedRun<P extends JestProject = JestProject> {
  readonly project: P;
  /** Absolute files; undefined runs the whole project. */
  readonly files?: readonly string[];
  readonly testNamePattern?: string;
}

export function planRuns<P extends JestProject>(targets: readonly RunTarget<P>[]): PlannedRun<P>[] {
  const byProject = new Map<string, RunTarget<P>[]>();
  for (const t of targets) byProject.set(t.project.dir, [...(byProject.get(t.project.dir) ?? []), t]);
  const runs: PlannedRun<P>[] = [];
  for (const list of byProject.values()) {
    const project = list[0]!.project;
    if (list.some((t) => t.kind === 'project')) {
      runs.push({ project });
      continue;
    }
    const wholeFiles = new Set(list.flatMap((t) => (t.kind === 'file' ? [t.file] : [])));
    if (wholeFiles.size > 0) runs.push({ project, files: [...wholeFiles] });
    const named = list.filter((t) => (t.kind === 'block' || t.kind === 'name') && !(t.file && wholeFiles.has(t.file)));
    if (named.length === 0) continue;
    const patterns = named.map((t) => (t.kind === 'block' ? blockNamePattern(t.path, t.block) : t.kind === 'name' ? t.pattern : ''));
    const files = named.map((t) => (t.kind === 'block' || t.kind === 'name' ? t.file : undefined));
    // A name without a file runs across the project; otherwise only the files that hold the named tests.
    const scoped = files.every((f): f is string => f !== undefined);
    runs.push({ project, files: scoped ? [...new Set(files)] : undefined, testNamePattern: combinePatterns(patterns) });
  }
  return runs;
}
