// The set of folder lifecycles: follows workspace folders, configuration and Workspace Trust.
import * as vscode from 'vscode';
import type { ScanResult } from '../core/lifecycle/model';
import type { Logger } from '../core/process';
import { Config } from './config';
import { FolderLifecycle } from './folderLifecycle';

export class WorkspaceLifecycle implements vscode.Disposable {
  private readonly folders = new Map<string, FolderLifecycle>();
  private readonly changed = new vscode.EventEmitter<FolderLifecycle | undefined>();
  /** Fires with the folder whose result changed, or undefined when the set of folders changed. */
  readonly onDidChange = this.changed.event;
  private readonly failureChanged = new vscode.EventEmitter<FolderLifecycle>();
  /** Fires when a folder's scan failed, or succeeded again after failing (see FolderLifecycle.failure). */
  readonly onDidChangeFailure = this.failureChanged.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.failureChanged];

  constructor(private readonly log: Logger) {
    for (const f of vscode.workspace.workspaceFolders ?? []) this.add(f);
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.remove(f);
        for (const f of e.added) this.add(f);
        this.changed.fire(undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        for (const fl of this.folders.values()) if (Config.affectsScan(e, fl.folder.uri)) void fl.rescan().catch(() => undefined);
      }),
      // Trust lets the scan use git (tracked + not-ignored files) instead of a plain walk.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.rescanAll().catch(() => undefined)),
    );
  }

  get all(): FolderLifecycle[] {
    return [...this.folders.values()];
  }

  /** The folder for a path argument (a workspace folder path, or a path inside one), else the only/active one. */
  resolve(folder?: string): FolderLifecycle {
    const list = this.all;
    if (list.length === 0) throw new Error('Open a folder first: the lifecycle is read from a workspace folder.');
    if (folder) {
      const uri = vscode.Uri.file(folder);
      const wf = vscode.workspace.getWorkspaceFolder(uri);
      const fl = wf && this.folders.get(wf.uri.toString());
      if (!fl) throw new Error(`${folder} is not in an open workspace folder.`);
      return fl;
    }
    if (list.length === 1) return list[0]!;
    const active = vscode.window.activeTextEditor?.document.uri;
    const wf = active && vscode.workspace.getWorkspaceFolder(active);
    return (wf && this.folders.get(wf.uri.toString())) ?? list[0]!;
  }

  rescanAll(): Promise<ScanResult[]> {
    return Promise.all(this.all.map((f) => f.rescan()));
  }

  private add(folder: vscode.WorkspaceFolder): void {
    if (folder.uri.scheme !== 'file') return; // the scanner reads the local file system
    const fl = new FolderLifecycle(folder, this.log);
    fl.onDidChange((f) => this.changed.fire(f));
    fl.onDidChangeFailure((f) => this.failureChanged.fire(f));
    this.folders.set(folder.uri.toString(), fl);
    void fl.rescan().catch(() => undefined);
  }

  private remove(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.folders.get(key)?.dispose();
    this.folders.delete(key);
  }

  dispose(): void {
    for (const f of this.folders.values()) f.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
