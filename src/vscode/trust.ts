// Workspace Trust gate for actions that start processes (git, jest, docker): in Restricted Mode a
// workspace's own config could make those programs run arbitrary code, so they wait for trust.
import * as vscode from 'vscode';

export class UntrustedWorkspaceError extends Error {
  constructor(action: string) {
    super(`${action} needs a trusted workspace: this folder is open in Restricted Mode. Run "Workspaces: Manage Workspace Trust" to trust it, then try again.`);
    this.name = 'UntrustedWorkspaceError';
  }
}

export function requireTrust(action: string): void {
  if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError(action);
}
