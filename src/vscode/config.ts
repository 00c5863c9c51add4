// Typed access to the extension's settings: one getter per setting, read per workspace folder.
import * as vscode from 'vscode';

export class Config {
  constructor(private readonly scope?: vscode.ConfigurationScope) {}

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('devopsLifecycle', this.scope);
  }

  get scanExclude(): string[] {
    return this.section.get<string[]>('scan.exclude', []).filter((g) => typeof g === 'string' && g.length > 0);
  }

  get maxFileBytes(): number {
    return Math.max(16, this.section.get<number>('scan.maxFileSizeKb', 1024)) * 1024;
  }

  get useGit(): boolean {
    return this.section.get<boolean>('scan.useGit', true);
  }

  /** True when a configuration change touches settings that change what a scan finds. */
  static affectsScan(e: vscode.ConfigurationChangeEvent, scope?: vscode.ConfigurationScope): boolean {
    return e.affectsConfiguration('devopsLifecycle.scan', scope);
  }
}
