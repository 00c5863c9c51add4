// The lifecycle scanner: lists the files, runs the detectors on the few that matter, and keeps the
// per-file results so that a changed file is re-scored alone (`update`) instead of rescanning the world.
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeFile, type FileAnalysis, type Finding, type PathPlan, planPath } from './detectors';
import { PathFilter } from './excludes';
import { gitListFiles, listFiles, walkWouldSkip } from './fileLister';
import type { Evidence, ScanProblem, ScanResult, StageResult, ToolResult } from './model';
import { readRepoFacts, type RepoFacts } from './repoFacts';
import { STAGES } from './stages';
import { TOOLS } from './tools';

export interface ScanOptions {
  /** List files with git where the folder is a repository (off in Restricted Mode: git must not run). */
  readonly useGit?: boolean;
  /** With git: also list untracked-but-not-ignored files (default true; off skips git's work-tree walk). */
  readonly includeUntracked?: boolean;
  /** Extra globs (relative to the root) that are never evidence. */
  readonly exclude?: readonly string[];
  /** Files larger than this are not read. */
  readonly maxFileBytes?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
/** A batch of changes larger than this is cheaper to handle as a full scan. */
const LARGE_BATCH = 500;

export class LifecycleIndex {
  private readonly perFile = new Map<string, FileAnalysis>();
  private listingProblems: ScanProblem[] = [];
  private repo: RepoFacts = { findings: [] };
  /**
   * What the last full scan read, by path, with the file's identity then: a rescan (Refresh, a setting or
   * trust change, a .gitignore edit) reuses the analysis of files whose size and times have not changed.
   */
  private reads = new Map<string, CachedRead>();
  /** Files listed by the last full scan (updates re-score evidence; they do not recount the folder). */
  private fileCount = 0;
  private durationMs = 0;
  private listing: 'git' | 'walk' = 'walk';
  /** Never-evidence paths: in a git listing, git's ignore rules do the rest. */
  private readonly filter: PathFilter;
  /** The same for a walk, which also skips build output (git is not there to say it is ignored). */
  private readonly walkFilter: PathFilter;
  private readonly maxBytes: number;

  private constructor(
    readonly root: string,
    private readonly options: ScanOptions,
  ) {
    this.filter = new PathFilter(options.exclude ?? [], false);
    this.walkFilter = new PathFilter(options.exclude ?? [], true);
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
    const perFile = new Map<string, FileAnalysis>();
    const seen = new Map<string, CachedRead>();
    const reader = new SliceRunner((path: string) => {
      const analysis = this.analyze(path, seen);
      if (analysis) perFile.set(path, analysis);
    });
    // Detection starts on each batch of listed files while the rest are still being listed.
    const onFiles = (files: string[]) => {
      for (const path of files) if (planPath(path)) reader.add(path);
    };
    const [listed, repo] = await Promise.all([
      listFiles(this.root, {
        useGit,
        includeUntracked: this.options.includeUntracked ?? true,
        filter: this.filter,
        walkFilter: this.walkFilter,
        signal: this.options.signal,
        onFiles,
      }),
      readRepoFacts(this.root),
    ]);
    await reader.drain();
    // Swapped in whole, so a failed scan leaves the previous result intact.
    this.perFile.clear();
    for (const [k, v] of perFile) this.perFile.set(k, v);
    this.reads = seen;
    this.listing = listed.listing;
    this.listingProblems = listed.problems;
    this.repo = repo;
    this.fileCount = listed.files.length;
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
    // A created file counts only if the listing would have had it: git is asked once for the whole batch;
    // a walked folder's excludes and .gitignore files are checked here.
    let listed: Set<string> | undefined;
    const fresh = [...relevant].filter((p) => !this.perFile.has(p));
    if (fresh.length > 0 && this.listing === 'git')
      listed = new Set((await gitListFiles(this.root, this.options.signal, fresh, this.options.includeUntracked ?? true)) ?? fresh);
    else if (fresh.length > 0) listed = new Set(fresh.filter((p) => !walkWouldSkip(this.root, p, this.walkFilter)));
    for (const path of relevant) {
      // The watcher says it changed: whatever a full scan read of it before is stale, whatever its times say.
      this.reads.delete(path);
      const known = this.perFile.has(path);
      const analysis = known || !listed || listed.has(path) ? this.analyze(path) : undefined;
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

  /**
   * Detection for one file, or undefined when it is not there (deleted) or proves nothing. Reads are
   * synchronous on purpose: for thousands of small files they cost a fraction of the async calls, and
   * SliceRunner yields to the event loop every few milliseconds so the editor never waits on a scan.
   */
  private analyze(path: string, seen?: Map<string, CachedRead>): FileAnalysis | undefined {
    const plan = planPath(path);
    if (!plan) return undefined;
    const abs = join(this.root, path);
    if (plan.content && seen) {
      // A full scan: reuse what the previous one read when the file is the same file, unchanged.
      const before = this.reads.get(path);
      if (before) {
        const st = statOrError(abs);
        if (typeof st !== 'string' && sameFile(before, st)) {
          seen.set(path, before);
          return before.analysis;
        }
      }
    }
    if (!plan.content) {
      // Tracked files may be deleted in the work tree: only what is there is evidence.
      const st = statOrError(abs);
      if (typeof st === 'string') return st === 'ENOENT' || st === 'ENOTDIR' ? undefined : problem(path, readError(st));
      return st.isFile() ? analyzeFile(path, plan, undefined) : undefined;
    }
    let opened: fs.Stats | undefined;
    const read = readLimited(abs, this.maxBytes, (st) => (opened = st));
    const analysis = this.analyzeRead(path, plan, read);
    if (seen && opened) seen.set(path, { ...identity(opened), analysis });
    return analysis;
  }

  private analyzeRead(path: string, plan: PathPlan, read: Buffer | string): FileAnalysis | undefined {
    if (read === 'ENOENT' || read === 'ENOTDIR' || read === 'EISDIR' || read === 'ENOTFILE') return undefined;
    if (read === 'TOO_LARGE') {
      const base = analyzeFile(path, plan, undefined);
      return { findings: base.findings, problems: [{ path, message: `larger than ${Math.round(this.maxBytes / 1024)} KiB, not read (raise devopsLifecycle.scan.maxFileSizeKb to include it)` }] };
    }
    if (typeof read === 'string') return problem(path, readError(read));
    if (read.subarray(0, 8000).includes(0)) {
      const base = analyzeFile(path, plan, undefined);
      return { findings: base.findings, problems: [{ path, message: 'binary content where text was expected; not read' }] };
    }
    const analysis = analyzeFile(path, plan, read.toString('utf8'));
    return analysis.findings.length > 0 || analysis.problems.length > 0 ? analysis : undefined;
  }
}

/** Enough to tell an unchanged file: times carry sub-millisecond digits on the file systems that have them. */
interface FileIdentity {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

interface CachedRead extends FileIdentity {
  readonly analysis: FileAnalysis | undefined;
}

function identity(st: fs.Stats): FileIdentity {
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

function sameFile(a: FileIdentity, st: fs.Stats): boolean {
  return a.size === st.size && a.mtimeMs === st.mtimeMs && a.ctimeMs === st.ctimeMs && a.ino === st.ino;
}

function statOrError(abs: string): fs.Stats | string {
  try {
    return fs.statSync(abs);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

/**
 * Opened without blocking: a named pipe (a FIFO behind a link named like a manifest, say) would otherwise
 * block the open until some writer came along, and with it the scan and the editor's extension host. For
 * a regular file the flag changes nothing; fstat then turns the pipe away as ENOTFILE.
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** The file's bytes, or an error code: an errno code, 'TOO_LARGE', or 'ENOTFILE' (a folder, a pipe, a socket…). */
function readLimited(abs: string, maxBytes: number, onOpened?: (st: fs.Stats) => void): Buffer | string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, OPEN_FLAGS);
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return 'ENOTFILE';
    onOpened?.(st);
    if (st.size > maxBytes) return 'TOO_LARGE';
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'EIO';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readError(code: string): string {
  if (code === 'ELOOP') return 'symbolic link loop: the file could not be opened';
  if (code === 'EACCES' || code === 'EPERM') return 'could not be read: permission denied';
  return `could not be read (${code})`;
}

/** Convenience: one full scan, as the CLI and the API return it. */
export async function scanFolder(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  return (await LifecycleIndex.scan(root, options)).result();
}

async function isDirectory(abs: string): Promise<boolean> {
  return fs.promises.stat(abs).then((st) => st.isDirectory(), () => false);
}

function problem(path: string, message: string): FileAnalysis {
  return { findings: [], problems: [{ path, message }] };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs a synchronous step over queued items in slices of a few milliseconds, yielding to the event loop
 * between slices, so a scan of a large tree never blocks the extension host for long.
 */
class SliceRunner<T> {
  private readonly queue: T[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly step: (item: T) => void,
    private readonly sliceMs = 8,
  ) {}

  add(item: T): void {
    this.queue.push(item);
    this.running ??= this.loop();
  }

  private async loop(): Promise<void> {
    let next = 0;
    while (next < this.queue.length) {
      const until = performance.now() + this.sliceMs;
      while (next < this.queue.length && performance.now() < until) this.step(this.queue[next++]!);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.queue.length = 0;
    this.running = undefined;
  }

  async drain(): Promise<void> {
    while (this.running) await this.running;
  }
}
