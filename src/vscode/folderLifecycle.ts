// One workspace folder's lifecycle: owns its LifecycleIndex, keeps it current from a file watcher
// (debounced, re-scoring only the files that changed) and tells listeners when the result changed.
import { isAbsolute, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { LifecycleIndex } from '../core/lifecycle/scanner';
import type { ScanResult } from '../core/lifecycle/model';
import type { Logger } from '../core/process';
import { Config } from './config';

const DEBOUNCE_MS = 150;

export class FolderLifecycle implements vscode.Disposable {
  private index: LifecycleIndex | undefined;
  /** The options `index` was built with, as JSON: other options (a setting, trust) need a new index. */
  private indexOptions: string | undefined;
  private current: ScanResult | undefined;
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Serialises scans and updates, so results never arrive out of order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<FolderLifecycle>();
  readonly onDidChange = this.changed.event;
  private lastFailure: string | undefined;
  private readonly failureChanged = new vscode.EventEmitter<FolderLifecycle>();
  /** Fires when a scan or update failed, and when a full scan succeeds after a failure. */
  readonly onDidChangeFailure = this.failureChanged.event;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly log: Logger,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
    const onEvent = (uri: vscode.Uri) => this.enqueue(uri);
    this.disposables.push(watcher, watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent), watcher.onDidDelete(onEvent), this.changed, this.failureChanged);
    // .git/config is where gitflow lives; the workspace watcher may exclude .git, so watch it on its own.
    const gitConfig = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git/config'));
    this.disposables.push(gitConfig, gitConfig.onDidChange(onEvent), gitConfig.onDidCreate(onEvent));
  }

  get result(): ScanResult | undefined {
    return this.current;
  }

  /** Why the last scan or update failed (the result, if any, is the one before it); undefined after a full scan succeeds. */
  get failure(): string | undefined {
    return this.lastFailure;
  }

  /** A full scan; resolves with its result once every earlier scan or update has finished. */
  rescan(): Promise<ScanResult> {
    return this.enqueueWork(async () => {
      const config = new Config(this.folder.uri);
      const options = {
        useGit: config.useGit && vscode.workspace.isTrusted,
        includeUntracked: config.includeUntracked,
        exclude: config.scanExclude,
        maxFileBytes: config.maxFileBytes,
      };
      // The same options: rescan the same index, which reuses what it read of unchanged files.
      const key = JSON.stringify(options);
      if (this.index && key === this.indexOptions) await this.index.rescan();
      else this.index = await LifecycleIndex.scan(this.folder.uri.fsPath, options);
      this.indexOptions = key;
      this.publish('scan');
    });
  }

  /** The current result, after any scan or update already queued has finished. */
  async settled(): Promise<ScanResult> {
    if (this.timer) this.flush();
    await this.queue;
    return this.current ?? this.rescan();
  }

  private enqueue(uri: vscode.Uri): void {
    // Relative to this folder: asRelativePath would use the innermost workspace folder, which for a
    // folder nested in another is not this one.
    const rel = relative(this.folder.uri.fsPath, uri.fsPath);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return;
    this.pending.add(rel.split(sep).join('/'));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const paths = [...this.pending];
    this.pending.clear();
    if (paths.length === 0) return;
    void this.enqueueWork(async () => {
      if (!this.index) return;
      const started = performance.now();
      const outcome = await this.index.update(paths);
      if (outcome === 'unchanged') return;
      this.log.debug(`[scan] ${paths.length} changed path(s) ${outcome === 'rescanned' ? 'rescanned the folder' : 're-scored'} in ${(performance.now() - started).toFixed(1)} ms`);
      this.publish(outcome === 'rescanned' ? 'scan' : 'update');
    });
  }

  private enqueueWork(work: () => Promise<void>): Promise<ScanResult> {
    const next = this.queue.then(work).then(
      () => this.current!,
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        this.log.error(`[scan] ${this.folder.name}: ${message}`);
        this.setFailure(message);
        throw e;
      },
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setFailure(message: string | undefined): void {
    if (message === this.lastFailure) return;
    this.lastFailure = message;
    this.failureChanged.fire(this);
  }

  private publish(kind: 'scan' | 'update'): void {
    if (!this.index) return;
    this.current = this.index.result();
    if (kind === 'scan') {
      logSummary(this.log, this.folder.name, this.current);
      this.setFailure(undefined);
    }
    this.changed.fire(this);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function logSummary(log: Logger, name: string, r: ScanResult): void {
  const tools = r.stages.reduce((n, s) => n + s.tools.length, 0);
  log.info(`[scan] ${name}: ${tools} tools in ${r.stages.filter((s) => s.tools.length > 0).length}/8 stages — ${r.stats.files} files listed with ${r.stats.listing} in ${r.stats.durationMs} ms`);
  for (const s of r.stages) {
    if (s.tools.length === 0) log.info(`[${s.id}] gap: nothing detected`);
    for (const t of s.tools) log.info(`[${s.id}] ${t.name}: ${t.evidence.slice(0, 5).join(', ')}${t.evidence.length > 5 ? ` (+${t.evidence.length - 5} more)` : ''}`);
  }
  for (const p of r.problems) log.warn(`[problem] ${p.path}${p.line !== undefined ? `:${p.line}` : ''} ${p.message}`);
}
