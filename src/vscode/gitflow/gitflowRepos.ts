// The gitflow state of each workspace folder, as the tree shows it: read with git (never in Restricted
// Mode), kept current by watching the git directory — HEAD (checkouts), refs and packed-refs (branches,
// tags, fetches), config (gitflow keys), MERGE_HEAD and our finish record — debounced, so the rows follow
// a checkout made in a terminal or by another tool within a moment.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Git, readFlowStatus, type FlowStatus } from '../../core/gitflow';
import { locateGitDir } from '../../core/gitDir';
import type { Logger } from '../../core/process';
import type { FolderLifecycle } from '../folderLifecycle';
import type { WorkspaceLifecycle } from '../workspaceLifecycle';

const DEBOUNCE_MS = 100;

class FolderFlow implements vscode.Disposable {
  status: FlowStatus | undefined;
  private watchers: vscode.Disposable[] = [];
  private watchedDirs = '';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<FlowStatus | undefined> | undefined;
  private queued: Promise<FlowStatus | undefined> | undefined;
  private disposed = false;

  constructor(
    readonly folder: FolderLifecycle,
    private readonly log: Logger,
    private readonly changed: () => void,
  ) {}

  get cwd(): string {
    return this.folder.folder.uri.fsPath;
  }

  schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, DEBOUNCE_MS);
  }

  /**
   * Re-reads the status. Calls made during a read (which may have missed their change) all share one more
   * read after it.
   */
  refresh(): Promise<FlowStatus | undefined> {
    if (!this.running) {
      this.running = this.read().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    const after = () => {
      this.queued = undefined;
      return this.refresh();
    };
    this.queued ??= this.running.then(after, after);
    return this.queued;
  }

  private async read(): Promise<FlowStatus | undefined> {
    if (!vscode.workspace.isTrusted) return undefined; // git config can run programs: wait for trust
    let next: FlowStatus;
    try {
      next = await readFlowStatus(new Git(this.cwd, { log: quiet(this.log) }));
    } catch (e) {
      this.log.warn(`[gitflow] ${this.folder.folder.name}: could not read the repository: ${(e as Error).message}`);
      return this.status;
    }
    // The folder may have been closed (or the extension deactivated) while git ran: watchers made now
    // would never be disposed.
    if (this.disposed) return this.status;
    const before = JSON.stringify(this.status);
    this.status = next;
    await this.watch(next);
    if (JSON.stringify(next) !== before) this.changed();
    return next;
  }

  /** Watches the git directory of the repository (per-worktree files and the shared refs and config). */
  private async watch(status: FlowStatus): Promise<void> {
    const common = status.isRepo ? (await locateGitDir(this.cwd))?.commonDir : undefined;
    const dirs = [status.gitDir, common].filter((d): d is string => !!d);
    const key = dirs.join('\n');
    if (this.disposed || key === this.watchedDirs) return;
    this.disposeWatchers();
    this.watchedDirs = key;
    const onEvent = () => this.schedule();
    // One watcher per file or folder: simple patterns are what every file watcher backend handles well.
    // (Our finish record always changes together with MERGE_HEAD or a ref, so it needs no watcher.)
    const patterns: [string, string][] = [];
    if (status.gitDir) patterns.push([status.gitDir, 'HEAD'], [status.gitDir, 'MERGE_HEAD']);
    if (common) patterns.push([common, 'config'], [common, 'packed-refs'], [join(common, 'refs'), '**']);
    for (const [base, glob] of patterns) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), glob));
      this.watchers.push(w, w.onDidCreate(onEvent), w.onDidChange(onEvent), w.onDidDelete(onEvent));
    }
  }

  private disposeWatchers(): void {
    for (const d of this.watchers) d.dispose();
    this.watchers = [];
    this.watchedDirs = '';
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.disposeWatchers();
  }
}

/** Git's own commands for a status read go to the log at debug level only (they run on every refresh). */
function quiet(log: Logger): Logger {
  return { debug: () => {}, info: (m) => log.debug(m), warn: (m) => log.warn(m), error: (m) => log.error(m) };
}

export class GitflowRepos implements vscode.Disposable {
  private readonly folders = new Map<FolderLifecycle, FolderFlow>();
  private readonly changed = new vscode.EventEmitter<FolderLifecycle>();
  /** Fires with the folder whose gitflow status changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    model: WorkspaceLifecycle,
    private readonly log: Logger,
  ) {
    this.subscriptions = [
      this.changed,
      model.onDidChange((folder) => {
        // Folders come and go; a folder that is not a repository yet is re-read when its files change
        // (a `git init`), one that is is followed through its git directory.
        for (const [fl, flow] of this.folders) {
          if (!model.all.includes(fl)) {
            flow.dispose();
            this.folders.delete(fl);
          }
        }
        const f = folder && this.folders.get(folder);
        if (f && !f.status?.isRepo) f.schedule();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const f of this.folders.values()) f.schedule();
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) for (const f of this.folders.values()) f.schedule();
      }),
    ];
  }

  private flow(folder: FolderLifecycle): FolderFlow {
    let f = this.folders.get(folder);
    if (!f) {
      f = new FolderFlow(folder, this.log, () => {
        this.updateContext();
        this.changed.fire(folder);
      });
      this.folders.set(folder, f);
      f.schedule();
    }
    return f;
  }

  /** Context keys for menus: a finish left in progress somewhere (Abort Finish in the palette). */
  private updateContext(): void {
    const inProgress = [...this.folders.values()].some((f) => f.status?.finish !== undefined);
    void vscode.commands.executeCommand('setContext', 'devopsLifecycle.gitflow.finishInProgress', inProgress);
  }

  /** The last status read for the folder (undefined until the first read, and in Restricted Mode). */
  status(folder: FolderLifecycle): FlowStatus | undefined {
    return this.flow(folder).status;
  }

  /** Reads the folder's status now (after a command changed it), and tells the tree. */
  refresh(folder: FolderLifecycle): Promise<FlowStatus | undefined> {
    return this.flow(folder).refresh();
  }

  dispose(): void {
    for (const f of this.folders.values()) f.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
