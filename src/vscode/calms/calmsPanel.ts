// The CALMS checklist's webview panel: the page of core/calms/panelHtml.ts (a strict CSP, default-src
// 'none', one script by nonce from crypto.randomBytes), resources only from media/calms and dist/webview,
// and no workspace text in the HTML: the webview builds its DOM from the state message with textContent.
// Every message from the webview is validated (parseWebviewMessage) and checked against the current
// state before it acts.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CALMS_RESOURCE_ROOTS, CALMS_SCRIPT, CALMS_STYLE, calmsPageHtml, newNonce } from '../../core/calms/panelHtml';
import type { Logger } from '../../core/process';
import { type HostMessage, parseWebviewMessage, type WebviewMessage } from '../../webview/protocol';
import type { CalmsFolder } from './calmsFolder';

export const CALMS_VIEW_TYPE = 'devopsLifecycle.calms';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: CALMS_RESOURCE_ROOTS.map((root) => vscode.Uri.joinPath(extensionUri, ...root)),
  };
}

export class CalmsPanel implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly model: CalmsFolder,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
  ) {
    panel.title = `CALMS · ${model.lifecycle.folder.name}`;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      this.closed,
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      model.onDidChange(() => this.postState()),
      // A hidden webview is torn down; when shown again it loads anew and says `ready` again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private postState(): void {
    if (this.ready) this.post({ type: 'state', state: this.model.viewState() });
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`[calms] refused a message from the checklist: ${parsed.error}`);
      if (parsed.requestId !== undefined) this.post({ type: 'result', requestId: parsed.requestId, ok: false, error: parsed.error });
      return;
    }
    const message = parsed.message;
    if (message.type === 'ready') {
      this.ready = true;
      this.postState();
      return;
    }
    try {
      await this.handle(message);
      this.post({ type: 'result', requestId: message.requestId, ok: true });
    } catch (e) {
      // The user dismissed a confirmation: nothing happened, and there is nothing to report.
      if (e instanceof vscode.CancellationError) return this.post({ type: 'result', requestId: message.requestId, ok: true });
      const error = (e as Error).message;
      this.log.error(`[calms] ${message.type}: ${error}`);
      this.post({ type: 'result', requestId: message.requestId, ok: false, error });
    }
  }

  private async handle(message: Exclude<WebviewMessage, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'setAnswer':
        return this.model.setAnswer({ itemId: message.itemId, done: message.done, note: message.note });
      case 'recordScore':
        return this.model.recordScore();
      case 'openEvidence':
        return this.openEvidence(message.path, message.line);
      case 'openFile':
        return this.openFile();
      case 'resetFile':
        return this.resetFile();
    }
  }

  private async openEvidence(path: string, line?: number): Promise<void> {
    // Only what the checklist itself links to: a message cannot open arbitrary files.
    if (!this.model.evidencePaths().has(path)) throw new Error(`${path} is not evidence of any item.`);
    const uri = vscode.Uri.file(join(this.model.root, ...path.split('/')));
    const exists = await fs.stat(uri.fsPath).then((s) => s.isFile(), () => false);
    if (!exists) throw new Error(`${path} no longer exists.`);
    const selection = line !== undefined ? new vscode.Range(line - 1, 0, line - 1, 0) : undefined;
    await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.Beside, preview: true, ...(selection ? { selection } : {}) });
  }

  private async openFile(): Promise<void> {
    const exists = await fs.stat(this.model.store.path).then(() => true, () => false);
    if (!exists) throw new Error('There is no .devops/calms.json yet: it is created with the first answer.');
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.model.store.path), { viewColumn: vscode.ViewColumn.Beside });
  }

  private async resetFile(): Promise<void> {
    const confirm = 'Back Up and Start Over';
    const pick = await vscode.window.showWarningMessage(
      'Start a new .devops/calms.json?',
      { modal: true, detail: 'The current file is first copied to .devops/calms.json.bak-<timestamp>, so nothing is lost. The new file has no answers and no history.' },
      confirm,
    );
    if (pick !== confirm) throw new vscode.CancellationError();
    const backup = await this.model.reset();
    if (backup) void vscode.window.showInformationMessage(`The previous .devops/calms.json is kept as ${vscode.workspace.asRelativePath(backup, false)}.`);
  }

  private html(): string {
    const webview = this.panel.webview;
    const uri = (path: readonly string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    return calmsPageHtml({ cspSource: webview.cspSource, styleUri: uri(CALMS_STYLE), scriptUri: uri(CALMS_SCRIPT), nonce: newNonce() });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closed.fire();
    for (const d of this.disposables) d.dispose();
    this.model.dispose();
    this.panel.dispose();
  }
}
