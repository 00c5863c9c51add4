// The CALMS checklists of the workspace: one panel per workspace folder, created on demand, revealed
// when asked for again, and restored after a window reload (the webview keeps its folder's path).
import * as vscode from 'vscode';
import type { CalmsReport } from '../../core/calms/report';
import type { Logger } from '../../core/process';
import type { FolderLifecycle } from '../folderLifecycle';
import type { WorkspaceLifecycle } from '../workspaceLifecycle';
import { CalmsFolder } from './calmsFolder';
import { CALMS_VIEW_TYPE, CalmsPanel, webviewOptions } from './calmsPanel';

export class CalmsService implements vscode.Disposable {
  private readonly panels = new Map<string, CalmsPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: WorkspaceLifecycle,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(CALMS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
      }),
    );
  }

  /** Opens (or reveals) the folder's checklist; resolves with its report once the evidence is evaluated. */
  async open(folder: FolderLifecycle, options: { preserveFocus?: boolean } = {}): Promise<CalmsReport> {
    const key = folder.folder.uri.toString();
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal(options.preserveFocus);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        CALMS_VIEW_TYPE,
        `CALMS · ${folder.folder.name}`,
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
        webviewOptions(this.extensionUri),
      );
      panel = this.adopt(webviewPanel, folder);
      this.log.info(`[calms] opened the checklist of ${folder.folder.name}`);
    }
    await panel.model.ready();
    return panel.model.report();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, folder: FolderLifecycle): CalmsPanel {
    const key = folder.folder.uri.toString();
    const panel = new CalmsPanel(webviewPanel, new CalmsFolder(folder, this.log), this.extensionUri, this.log);
    this.panels.set(key, panel);
    panel.onDidClose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    void panel.model.ready();
    return panel;
  }

  private restore(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    const path = typeof state === 'object' && state !== null && typeof (state as { folder?: unknown }).folder === 'string' ? (state as { folder: string }).folder : undefined;
    let folder: FolderLifecycle;
    try {
      folder = this.model.resolve(path);
    } catch {
      webviewPanel.dispose(); // its folder is no longer open
      return;
    }
    const existing = this.panels.get(folder.folder.uri.toString());
    if (existing) {
      webviewPanel.dispose();
      existing.reveal(true);
      return;
    }
    this.adopt(webviewPanel, folder);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
