// The Lifecycle view itself: the tree view over the StagesTreeProvider, the `devopsLifecycle.empty`
// context key that shows the welcome content, and the view's message (failed scans, Restricted Mode).
import * as vscode from 'vscode';
import { isEmpty, type StagesTreeProvider } from './stagesTree';
import type { WorkspaceLifecycle } from './workspaceLifecycle';

export class StagesView implements vscode.Disposable {
  private readonly view: vscode.TreeView<unknown>;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly model: WorkspaceLifecycle,
    tree: StagesTreeProvider,
  ) {
    this.view = vscode.window.createTreeView('devopsLifecycle.stages', { treeDataProvider: tree, showCollapseAll: true });
    const update = () => this.update();
    this.disposables = [this.view, model.onDidChange(update), model.onDidChangeFailure(update), vscode.workspace.onDidGrantWorkspaceTrust(update)];
    this.update();
  }

  private update(): void {
    const results = this.model.all.map((f) => f.result);
    void vscode.commands.executeCommand('setContext', 'devopsLifecycle.empty', results.length > 0 && results.every((r) => r !== undefined && isEmpty(r)));
    // A failed scan would otherwise leave the view empty or stale with the reason only in the log.
    const lines = this.model.all.flatMap((f) => (f.failure !== undefined ? [`Scanning ${f.folder.name} failed: ${f.failure}`] : []));
    if (lines.length > 0) lines.push('Refresh to try again; DevOps: Show Log has the details.');
    if (!vscode.workspace.isTrusted) lines.push('Restricted Mode: files are listed without running git. Trust the workspace for the full picture and for actions.');
    this.view.message = lines.length > 0 ? lines.join(' ') : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
