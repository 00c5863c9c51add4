// Typed access to the extension's settings: one getter per setting, read per workspace folder.
import * as vscode from 'vscode';

export class Config {
  constructor(private readonly scope?: vscode.ConfigurationScope) {}

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('devopsLifecycle', this.scope);
  }

  /** The container CLI for builds: `docker`, `podman`, or a full path. */
  get dockerCommand(): string {
    return this.section.get<string>('docker.command', 'docker').trim() || 'docker';
  }

  /** The build context when neither the request nor .devops/lifecycle.yml names one. */
  get dockerBuildContext(): 'dockerfileFolder' | 'workspaceFolder' {
    return this.section.get<string>('docker.buildContext') === 'workspaceFolder' ? 'workspaceFolder' : 'dockerfileFolder';
  }

  /** Build args for every Docker build in the folder (lifecycle.yml and the request override them). */
  get dockerBuildArgs(): Record<string, string> {
    const raw = this.section.get<Record<string, unknown>>('docker.buildArgs', {});
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw ?? {})) if (v !== undefined && v !== null) out[k] = String(v);
    return out;
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

  get includeUntracked(): boolean {
    return this.section.get<boolean>('scan.includeUntracked', true);
  }

  /** The Jest command line from `devopsLifecycle.jest.command` (empty: the project's node_modules/.bin/jest). */
  get jestCommand(): string {
    const v = this.section.get<string>('jest.command', '');
    return typeof v === 'string' ? v.trim() : '';
  }

  /** Gitflow: fetch (and fast-forward branches that are behind) before a finish. */
  get gitflowFetchBeforeFinish(): boolean {
    return this.section.get<boolean>('gitflow.fetchBeforeFinish', false) === true;
  }

  /** Gitflow: push the merged branches, the tag and the branch deletion after a finish. */
  get gitflowPushAfterFinish(): boolean {
    return this.section.get<boolean>('gitflow.pushAfterFinish', false) === true;
  }

  /** Gitflow: keep the branch after finishing it. */
  get gitflowKeepBranch(): boolean {
    return this.section.get<boolean>('gitflow.keepBranch', false) === true;
  }

  /** Gitflow: what start, finish and checkout do with uncommitted changes. */
  get gitflowUncommittedChanges(): 'ask' | 'stash' | 'refuse' {
    const v = this.section.get<string>('gitflow.uncommittedChanges', 'ask');
    return v === 'stash' || v === 'refuse' ? v : 'ask';
  }

  /** True when a configuration change touches settings that change what a scan finds. */
  static affectsScan(e: vscode.ConfigurationChangeEvent, scope?: vscode.ConfigurationScope): boolean {
    return e.affectsConfiguration('devopsLifecycle.scan', scope);
  }
}
