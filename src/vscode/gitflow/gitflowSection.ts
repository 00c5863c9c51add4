// The gitflow rows of the Lifecycle tree, under Code:
//   Git      → the current branch with ahead/behind its upstream; "Gitflow not initialised" with Initialize
//   Gitflow  → a finish left in progress (Finish again to continue / Abort), then the open branches grouped by kind, each
//              with inline Finish and Checkout actions; a group offers Start for its kind.
// Rows read GitflowRepos' last status; nothing here runs git. Tooltips are Markdown, so screen readers
// (and tests) read a row as its label and description.
import * as vscode from 'vscode';
import { type FlowBranch, type FlowKind, type FlowStatus, FLOW_KINDS, KIND_LABELS, listFiles } from '../../core/gitflow';
import type { FolderLifecycle } from '../folderLifecycle';
import type { SectionNode, TreeSection } from '../treeSections';
import type { GitflowRepos } from './gitflowRepos';

/** What a gitflow row stands for; command handlers read it from `args.node`. */
export interface GitflowNode extends SectionNode {
  readonly gitflow: {
    readonly row: 'head' | 'init' | 'finishing' | 'group' | 'branch' | 'missing' | 'empty';
    readonly kind?: FlowKind;
    readonly branch?: string;
  };
}

export const KIND_ICONS: Readonly<Record<FlowKind, string>> = {
  feature: 'lightbulb',
  bugfix: 'bug',
  release: 'rocket',
  hotfix: 'flame',
  support: 'archive',
};

export class GitflowSection implements TreeSection, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly repos: GitflowRepos) {
    this.subscription = repos.onDidChange(() => this.changed.fire());
  }

  toolRows(folder: FolderLifecycle, toolId: string): SectionNode[] {
    if (toolId !== 'git' && toolId !== 'gitflow') return [];
    const status = this.repos.status(folder);
    if (!status?.isRepo) return [];
    return toolId === 'git' ? this.gitRows(folder, status) : this.gitflowRows(folder, status);
  }

  private gitRows(folder: FolderLifecycle, s: FlowStatus): GitflowNode[] {
    const rows: GitflowNode[] = [this.headRow(folder, s)];
    if (!s.initialised && !(s.production && s.develop)) {
      rows.push(
        row(folder, 'gitflow/init', { row: 'init' }, () => {
          const item = new vscode.TreeItem('Gitflow not initialised', vscode.TreeItemCollapsibleState.None);
          item.iconPath = new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('disabledForeground'));
          item.description = 'Initialize…';
          item.tooltip = new vscode.MarkdownString('Set up gitflow here: choose the production and development branches and the prefixes (the same git config keys as git-flow AVH).');
          item.command = { command: 'devopsLifecycle.gitflow.init', title: 'Initialize Gitflow', arguments: [{ folder: folder.folder.uri.fsPath }] };
          item.contextValue = 'gitflow.uninitialised';
          return item;
        }),
      );
    }
    return rows;
  }

  private headRow(folder: FolderLifecycle, s: FlowStatus): GitflowNode {
    return row(folder, 'gitflow/head', { row: 'head', branch: s.branch }, () => {
      const label = s.detached ? `HEAD detached at ${s.sha?.slice(0, 7) ?? '?'}` : (s.branch ?? 'HEAD');
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(s.detached ? 'debug-disconnect' : 'git-branch', s.operation ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
      const parts: string[] = [];
      if (s.unborn) parts.push('no commits yet');
      if (s.upstream) parts.push(s.ahead === 0 && s.behind === 0 ? `in sync with ${s.upstream}` : `↑${s.ahead} ↓${s.behind} ${s.upstream}`);
      else if (!s.detached && !s.unborn) parts.push('no upstream');
      if (s.changed > 0) parts.push(`${s.changed} changed`);
      if (s.operation) parts.push(`${s.operation} in progress`);
      item.description = parts.join(' · ');
      item.tooltip = new vscode.MarkdownString(
        [
          `**${label}**${s.upstream ? ` — ${s.ahead} commit${s.ahead === 1 ? '' : 's'} ahead of and ${s.behind} behind \`${s.upstream}\`` : ''}`,
          s.changed > 0 ? `${s.changed} tracked file${s.changed === 1 ? '' : 's'} with uncommitted changes` : '',
          s.operation ? `A git ${s.operation} is in progress.` : '',
        ].filter(Boolean).join('\n\n'),
      );
      item.contextValue = 'gitflow.head';
      return item;
    });
  }

  private gitflowRows(folder: FolderLifecycle, s: FlowStatus): GitflowNode[] {
    const rows: GitflowNode[] = [];
    if (s.finish) rows.push(this.finishingRow(folder, s));
    for (const missing of s.missing) {
      rows.push(
        row(folder, `gitflow/missing/${missing}`, { row: 'missing', branch: missing }, () => {
          const item = new vscode.TreeItem(missing, vscode.TreeItemCollapsibleState.None);
          item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
          item.description = `${missing === s.production ? 'production' : 'development'} branch is missing`;
          item.tooltip = new vscode.MarkdownString(`gitflow names \`${missing}\` as its ${missing === s.production ? 'production (`gitflow.branch.master`)' : 'development (`gitflow.branch.develop`)'} branch, but it does not exist. Create it, or run **Initialize Gitflow** to choose another.`);
          item.command = { command: 'devopsLifecycle.gitflow.init', title: 'Initialize Gitflow', arguments: [{ folder: folder.folder.uri.fsPath }] };
          item.contextValue = 'gitflow.missing';
          return item;
        }),
      );
    }
    const byKind = new Map<FlowKind, FlowBranch[]>();
    for (const b of s.branches) byKind.set(b.kind, [...(byKind.get(b.kind) ?? []), b]);
    for (const kind of FLOW_KINDS) {
      const branches = byKind.get(kind);
      if (!branches) continue;
      rows.push({
        ...row(folder, `gitflow/group/${kind}`, { row: 'group', kind }, () => {
          const item = new vscode.TreeItem(KIND_LABELS[kind].many, vscode.TreeItemCollapsibleState.Expanded);
          item.iconPath = new vscode.ThemeIcon(KIND_ICONS[kind]);
          item.description = `${branches.length} open · ${s.prefixes?.[kind] ?? ''}`;
          item.contextValue = 'gitflow.group';
          return item;
        }),
        children: () => branches.map((b) => this.branchRow(folder, b)),
      });
    }
    if (s.branches.length === 0 && !s.finish) {
      rows.push(
        row(folder, 'gitflow/empty', { row: 'empty' }, () => {
          const item = new vscode.TreeItem('No open gitflow branches', vscode.TreeItemCollapsibleState.None);
          item.iconPath = new vscode.ThemeIcon('info');
          item.description = `production ${s.production}, development ${s.develop}`;
          item.tooltip = new vscode.MarkdownString('Start a feature, bugfix, release, hotfix or support branch.');
          item.command = { command: 'devopsLifecycle.gitflow.start', title: 'Start Gitflow Branch…', arguments: [{ folder: folder.folder.uri.fsPath }] };
          item.contextValue = 'gitflow.empty';
          return item;
        }),
      );
    }
    return rows;
  }

  private finishingRow(folder: FolderLifecycle, s: FlowStatus): GitflowNode {
    const f = s.finish!;
    return row(folder, 'gitflow/finishing', { row: 'finishing', branch: f.branch, kind: f.kind as FlowKind }, () => {
      const item = new vscode.TreeItem(`Finishing ${f.branch}`, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.description = f.conflicted.length > 0 ? `conflicts in ${listFiles(f.conflicted, 3)}` : f.into ? `resolved — continue to commit the merge into ${f.into}` : 'stopped — continue or abort';
      item.tooltip = new vscode.MarkdownString(
        `The finish of \`${f.branch}\` stopped${f.into ? ` while merging into \`${f.into}\`` : ''}.\n\n` +
          (f.conflicted.length > 0 ? `Resolve the conflicts in ${f.conflicted.map((p) => `\`${p}\``).join(', ')} and stage them, then **Finish** again to continue. ` : 'Run **Finish** again to continue. ') +
          'Or **Abort** to put every branch back where it was before the finish.',
      );
      item.contextValue = 'gitflow.finishing';
      return item;
    });
  }

  private branchRow(folder: FolderLifecycle, b: FlowBranch): GitflowNode {
    return row(folder, `gitflow/branch/${b.branch}`, { row: 'branch', kind: b.kind, branch: b.branch }, () => {
      const item = new vscode.TreeItem(b.name, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(b.current ? 'check' : KIND_ICONS[b.kind], b.current ? new vscode.ThemeColor('charts.green') : undefined);
      item.description = [b.current ? 'current' : '', b.kind === 'support' ? 'long-lived' : `from ${b.base}`].filter(Boolean).join(' · ');
      item.tooltip = new vscode.MarkdownString(
        `**${b.branch}** (${b.kind})${b.current ? ' — checked out' : ''}\n\n` +
          (b.kind === 'support' ? 'Support branches are long-lived: git-flow has no finish for them.' : `Finish merges it ${finishTargets(b)}.`),
      );
      item.contextValue = `gitflow.branch.${b.kind === 'support' ? 'support' : 'finishable'}${b.current ? '.current' : ''}`;
      return item;
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function finishTargets(b: FlowBranch): string {
  if (b.kind === 'release') return 'into production with a version tag, and back into develop';
  if (b.kind === 'hotfix') return 'into production with a version tag, and into develop (or the open release)';
  return `into ${b.base}`;
}

function row(folder: FolderLifecycle, id: string, gitflow: GitflowNode['gitflow'], build: () => vscode.TreeItem): GitflowNode {
  return { kind: 'section', folder, id, gitflow, build };
}
