// The lifecycle scanner: lists the files, runs the detectors on the few that matter, and keeps the
// per-file results so that a changed file is re-scored alone (`update`) instead of rescanning the world.
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeFile, type FileAnalysis, type Finding, planPath } from './detectors';
import { PathFilter } from './excludes';
import { gitListFiles, listFiles } from './fileLister';
import type { Evidence, ScanProblem, ScanResult, StageResult, ToolResult } from './model';
import { readRepoFacts, type RepoFacts } from './repoFacts';
import { STAGES } from './stages';
import { TOOLS } from './tools';

export interface ScanOptions {
  /** List files with git where the folder is a repository (off in Restricted Mode: git must not run). */
  readonly useGit?: boolean;
  /** Extra globs (relative to the root) that are never evidence. */
  readonly exclude?: readonly string[];
  /** Files larger than this are not read. */
  readonly maxFileBytes?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const READ_CONCURRENCY = 32;
/** A batch of changes larger than this is cheaper to handle as a full scan. */
const LARGE_BATCH = 500;

export class LifecycleIndex {
  private readonly perFile = new Map<string, FileAnalysis>();
  private listingProblems: ScanProblem[] = [];
  private repo: RepoFacts = { findings: [] };
  /** Files listed by the last full scan (updates re-score evidence; they do not recount the folder). */
  private fileCount = 0;
  private durationMs = 0;
  private listing: 'git' | 'walk' = 'walk';
  private readonly filter: PathFilter;
  private readonly maxBytes: number;

  private constructor(
    readonly root: string,
    private readonly options: ScanOptions,
  ) {
    this.filter = new PathFilter(options.exclude ?? [], false);
    this.maxBytes = options.maxFileBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Scans `root` from scratch. */
  static async scan(root: string, options: ScanOptions = {}): Promise<LifecycleIndex> {
    const index = new LifecycleIndex(resolve(root), options);
    await index.rescan();
    return index;
  }

  async rescan(): Promise<void> {
    const started = performance.now();
    const useGit = this.options.useGit ?? true;
    const [listed, repo] = await Promise.all([
      listFiles(this.root, { useGit, filter: useGit ? this.filter : new PathFilter(this.options.exclude ?? [], true), signal: this.options.signal }),
      readRepoFacts(this.root),
    ]);
    this.perFile.clear();
    this.listing = listed.listing;
    this.listingProblems = listed.problems;
    this.repo = repo;
    this.fileCount = listed.files.length;
    const candidates: string[] = [];
    for (const f of listed.files) if (planPath(f)) candidates.push(f);
    await forEachLimited(candidates, READ_CONCURRENCY, async (path) => {
      const analysis = await this.analyze(path);
      if (analysis) this.perFile.set(path, analysis);
    });
    this.durationMs = Math.round(performance.now() - started);
  }

  /**
   * Re-scores the given workspace-relative paths (created, changed or deleted). Returns 'unchanged',
   * 'updated', or 'rescanned' when the change could not be applied file by file (a folder appeared,
   * ignore rules changed, or the batch was large) and a full scan was run instead.
   */
  async update(paths: readonly string[]): Promise<'unchanged' | 'updated' | 'rescanned'> {
    const unique = [...new Set(paths)];
    const gitConfigChanged = unique.some((p) => p === '.git/config' || p.endsWith('/.git/config'));
    if (gitConfigChanged) await this.refreshRepoFacts();
    const candidates = unique.filter((p) => !this.filter.excludes(p));
    if (candidates.length > LARGE_BATCH || candidates.some((p) => p === '.gitignore' || p.endsWith('/.gitignore'))) {
      await this.rescan();
      return 'rescanned';
    }
    const relevant = new Set<string>();
    for (const p of candidates) {
      if (planPath(p) !== undefined || this.perFile.has(p)) {
        relevant.add(p);
        continue;
      }
      // A path no rule names may be a folder that was deleted (drop what was under it) or created
      // (a checkout or a move: its files may arrive as this one event, so list them again).
      const prefix = `${p}/`;
      let under = false;
      for (const known of this.perFile.keys()) {
        if (known.startsWith(prefix)) {
          relevant.add(known);
          under = true;
        }
      }
      if (!under && (await isDirectory(join(this.root, p)))) {
        await this.rescan();
        return 'rescanned';
      }
    }
    if (relevant.size === 0) return gitConfigChanged ? 'updated' : 'unchanged';
    // A created file counts only if git would list it (not ignored); ask git once for the whole batch.
    let listed: Set<string> | undefined;
    if (this.listing === 'git') {
      const fresh = [...relevant].filter((p) => !this.perFile.has(p));
      if (fresh.length > 0) listed = new Set((await gitListFiles(this.root, this.options.signal, fresh)) ?? fresh);
    }
    for (const path of relevant) {
      const known = this.perFile.has(path);
      const analysis = known || !listed || listed.has(path) ? await this.analyze(path) : undefined;
      if (analysis) this.perFile.set(path, analysis);
      else if (known) this.perFile.delete(path);
    }
    return 'updated';
  }

  /** Re-reads the git config facts (gitflow), e.g. after `.git/config` changed. */
  async refreshRepoFacts(): Promise<void> {
    this.repo = await readRepoFacts(this.root);
  }

  result(): ScanResult {
    const byTool = new Map<string, Evidence[]>();
    const problems: ScanProblem[] = [...this.listingProblems];
    const addFinding = (f: Finding) => {
      let list = byTool.get(f.tool);
      if (!list) byTool.set(f.tool, (list = []));
      list.push({ path: f.path, ...(f.line !== undefined ? { line: f.line } : {}), ...(f.detail ? { detail: f.detail } : {}) });
    };
    for (const f of this.repo.findings) addFinding(f);
    for (const a of this.perFile.values()) {
      for (const f of a.findings) addFinding(f);
      problems.push(...a.problems);
    }
    const stages: StageResult[] = STAGES.map((s) => ({
      id: s.id,
      name: s.name,
      tools: TOOLS.filter((t) => t.stage === s.id && byTool.has(t.id)).map((t): ToolResult => {
        const locations = byTool.get(t.id)!.sort((a, b) => compare(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0));
        return { id: t.id, name: t.name, evidence: [...new Set(locations.map((l) => l.path))], locations };
      }),
    }));
    problems.sort((a, b) => compare(a.path, b.path));
    return { root: this.root, stages, problems, stats: { files: this.fileCount, durationMs: this.durationMs, listing: this.listing } };
  }

  /** Detection for one file, or undefined when it is not there (deleted) or proves nothing. */
  private async analyze(path: string): Promise<FileAnalysis | undefined> {
    const plan = planPath(path);
    if (!plan) return undefined;
    const abs = join(this.root, path);
    let size: number;
    try {
      const st = await fs.stat(abs);
      if (!st.isFile()) return undefined;
      size = st.size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // deleted (or a dangling link)
      return problem(path, code === 'ELOOP' ? 'symbolic link loop: the file could not be opened' : `could not be read (${code ?? (e as Error).message})`);
    }
    if (!plan.content) return analyzeFile(path, plan, undefined);
    if (size > this.maxBytes) {
      const base = analyzeFile(path, plan, undefined);
      return { findings: base.findings, problems: [{ path, message: `larger than ${Math.round(this.maxBytes / 1024)} KiB, not read (raise devopsLifecycle.scan.maxFileSizeKb to include it)` }] };
    }
    let buf: Buffer;
    try {
      buf = await fs.readFile(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      return problem(path, code === 'EACCES' || code === 'EPERM' ? 'could not be read: permission denied' : `could not be read (${code ?? (e as Error).message})`);
    }
    if (buf.subarray(0, 8000).includes(0)) {
      const base = analyzeFile(path, plan, undefined);
      return { findings: base.findings, problems: [{ path, message: 'binary content where text was expected; not read' }] };
    }
    const analysis = analyzeFile(path, plan, buf.toString('utf8'));
    return analysis.findings.length > 0 || analysis.problems.length > 0 ? analysis : undefined;
  }
}

/** Convenience: one full scan, as the CLI and the API return it. */
export async function scanFolder(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  return (await LifecycleIndex.scan(root, options)).result();
}

async function isDirectory(abs: string): Promise<boolean> {
  return fs.stat(abs).then((st) => st.isDirectory(), () => false);
}

function problem(path: string, message: string): FileAnalysis {
  return { findings: [], problems: [{ path, message }] };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
