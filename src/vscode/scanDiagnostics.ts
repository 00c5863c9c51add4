// Scan problems (malformed YAML, unreadable files…) as warnings in the Problems panel, at their line.
import * as vscode from 'vscode';
import type { FolderLifecycle } from './folderLifecycle';
import type { WorkspaceLifecycle } from './workspaceLifecycle';

export class ScanDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('devops-lifecycle');
  private readonly byFolder = new Map<string, vscode.Uri[]>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: WorkspaceLifecycle) {
    this.subscription = model.onDidChange((folder) => (folder ? this.project(folder) : this.projectAll()));
    this.projectAll();
  }

  private projectAll(): void {
    this.collection.clear();
    this.byFolder.clear();
    for (const f of this.model.all) this.project(f);
  }

  private project(folder: FolderLifecycle): void {
    const key = folder.folder.uri.toString();
    for (const uri of this.byFolder.get(key) ?? []) this.collection.delete(uri);
    const grouped = new Map<string, vscode.Diagnostic[]>();
    for (const p of folder.result?.problems ?? []) {
      const line = Math.max(0, (p.line ?? 1) - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), p.message, vscode.DiagnosticSeverity.Warning);
      d.source = 'DevOps Lifecycle';
      const list = grouped.get(p.path) ?? [];
      list.push(d);
      grouped.set(p.path, list);
    }
    const uris: vscode.Uri[] = [];
    for (const [path, diags] of grouped) {
      const uri = vscode.Uri.joinPath(folder.folder.uri, path);
      this.collection.set(uri, diags);
      uris.push(uri);
    }
    this.byFolder.set(key, uris);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
