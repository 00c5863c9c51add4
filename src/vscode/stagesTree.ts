// The Lifecycle tree: a projection of the WorkspaceLifecycle model. Nodes are plain data; getTreeItem
// builds the TreeItem. No file is read and nothing is asked of the user here.
import * as vscode from 'vscode';
import type { Evidence, ScanProblem, ScanResult, StageResult, ToolResult } from '../core/lifecycle/model';
import { stageById } from '../core/lifecycle/stages';
import type { FolderLifecycle } from './folderLifecycle';
import type { SectionNode, TreeSection } from './treeSections';
import type { WorkspaceLifecycle } from './workspaceLifecycle';

export type LifecycleNode =
  | { readonly kind: 'folder'; readonly folder: FolderLifecycle }
  | { readonly kind: 'stage'; readonly folder: FolderLifecycle; readonly stage: StageResult }
  | { readonly kind: 'tool'; readonly folder: FolderLifecycle; readonly stage: StageResult; readonly tool: ToolResult }
  | { readonly kind: 'evidence'; readonly folder: FolderLifecycle; readonly tool: ToolResult; readonly evidence: Evidence }
  | { readonly kind: 'problems'; readonly folder: FolderLifecycle; readonly problems: ScanProblem[] }
  | { readonly kind: 'problem'; readonly folder: FolderLifecycle; readonly problem: ScanProblem }
  | SectionNode;

/** Codicons for the tools that have a fitting one; the rest use their stage's icon. */
const TOOL_ICONS: Record<string, string> = {
  git: 'git-branch', gitflow: 'git-merge', 'git-hooks': 'git-commit', editorconfig: 'settings', docker: 'package',
  npm: 'package', make: 'tools', 'github-actions': 'github-action', 'gitlab-ci': 'rocket', jenkins: 'rocket',
  changelog: 'history', 'release-tool': 'tag', kubernetes: 'symbol-namespace', terraform: 'server-process',
  ansible: 'terminal', prometheus: 'graph-line', grafana: 'dashboard', elastic: 'search', nagios: 'bell',
  jira: 'issues', excalidraw: 'edit', figma: 'symbol-color', 'docker-compose': 'layers', helm: 'symbol-package',
};

export class StagesTreeProvider implements vscode.TreeDataProvider<LifecycleNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LifecycleNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly model: WorkspaceLifecycle,
    private readonly sections: readonly TreeSection[] = [],
  ) {
    // Folder rows are rebuilt from fresh results, so a whole-tree refresh is the simplest correct event.
    const refresh = () => this.changed.fire(undefined);
    this.subscriptions = [model.onDidChange(refresh), ...sections.map((s) => s.onDidChange(refresh))];
  }

  getChildren(node?: LifecycleNode): LifecycleNode[] {
    if (!node) {
      const folders = this.model.all;
      if (folders.length === 1) return this.folderChildren(folders[0]!);
      return folders.map((folder) => ({ kind: 'folder', folder }));
    }
    switch (node.kind) {
      case 'folder':
        return this.folderChildren(node.folder);
      case 'stage':
        return [
          ...this.sections.flatMap((s) => s.stageRows?.(node.folder, node.stage.id) ?? []),
          ...node.stage.tools.map((tool): LifecycleNode => ({ kind: 'tool', folder: node.folder, stage: node.stage, tool })),
        ];
      case 'tool':
        return [
          ...this.sections.flatMap((s) => s.toolRows?.(node.folder, node.tool.id) ?? []),
          // A section whose rows already show each evidence file (e.g. one row per Dockerfile) replaces them.
          ...(this.sections.some((s) => s.replacesEvidence?.(node.tool.id)) ? [] : node.tool.locations).map((evidence): LifecycleNode => ({ kind: 'evidence', folder: node.folder, tool: node.tool, evidence })),
        ];
      case 'section':
        return node.children?.() ?? [];
      case 'problems':
        return node.problems.map((problem) => ({ kind: 'problem', folder: node.folder, problem }));
      default:
        return [];
    }
  }

  private folderChildren(folder: FolderLifecycle): LifecycleNode[] {
    const result = folder.result;
    if (!result || isEmpty(result)) return [];
    const nodes: LifecycleNode[] = result.stages.map((stage) => ({ kind: 'stage', folder, stage }));
    if (result.problems.length > 0) nodes.push({ kind: 'problems', folder, problems: result.problems });
    return nodes;
  }

  getTreeItem(node: LifecycleNode): vscode.TreeItem {
    const base = node.folder.folder.uri.toString();
    switch (node.kind) {
      case 'section': {
        const item = node.build();
        item.id = `${base}#section/${node.id}`;
        return item;
      }
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = base;
        item.iconPath = vscode.ThemeIcon.Folder;
        item.resourceUri = node.folder.folder.uri;
        const r = node.folder.result;
        item.description = r ? summary(r) : 'scanning…';
        item.contextValue = 'folder';
        return item;
      }
      case 'stage': {
        const stage = stageById(node.stage.id);
        const gap = node.stage.tools.length === 0;
        const item = new vscode.TreeItem(stage.name, gap ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${base}#${stage.id}`;
        item.iconPath = gap
          ? new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('disabledForeground'))
          : new vscode.ThemeIcon(stage.icon, new vscode.ThemeColor('charts.green'));
        item.description = gap ? 'gap — nothing detected' : node.stage.tools.map((t) => t.name).join(', ');
        item.tooltip = new vscode.MarkdownString(
          `**${stage.name}**${gap ? ' — nothing detected yet' : ''}\n\n${stage.description}`,
        );
        item.contextValue = gap ? 'stage.gap' : 'stage';
        return item;
      }
      case 'tool': {
        const item = new vscode.TreeItem(node.tool.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${base}#${node.stage.id}/${node.tool.id}`;
        item.iconPath = new vscode.ThemeIcon(TOOL_ICONS[node.tool.id] ?? stageById(node.stage.id).icon);
        const n = node.tool.evidence.length;
        item.description = n === 1 ? node.tool.evidence[0] : `${n} files`;
        item.tooltip = new vscode.MarkdownString(`**${node.tool.name}** (\`${node.tool.id}\`)\n\n${node.tool.evidence.slice(0, 10).map((p) => `- \`${p}\``).join('\n')}`);
        item.contextValue = `tool.${node.tool.id}`;
        return item;
      }
      case 'evidence': {
        const e = node.evidence;
        const uri = vscode.Uri.joinPath(node.folder.folder.uri, e.path);
        const slash = e.path.lastIndexOf('/');
        const item = new vscode.TreeItem(e.path.slice(slash + 1), vscode.TreeItemCollapsibleState.None);
        item.id = `${base}#${node.tool.id}/${e.path}:${e.line ?? ''}:${e.detail ?? ''}`;
        item.resourceUri = uri;
        item.iconPath = vscode.ThemeIcon.File;
        item.description = [slash > 0 ? e.path.slice(0, slash) : '', e.line !== undefined ? `line ${e.line}` : '', e.detail ?? ''].filter(Boolean).join(' · ');
        item.tooltip = `${e.path}${e.line !== undefined ? `:${e.line}` : ''}${e.detail ? ` — ${e.detail}` : ''}`;
        item.command = openCommand(uri, e.line);
        item.contextValue = 'evidence';
        return item;
      }
      case 'problems': {
        const item = new vscode.TreeItem('Problems', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${base}#problems`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.description = `${node.problems.length} file${node.problems.length === 1 ? '' : 's'} could not be read`;
        item.tooltip = 'These files were skipped by the scan. The rest of the lifecycle is complete; fix them and the tree updates.';
        return item;
      }
      case 'problem': {
        const p = node.problem;
        const uri = vscode.Uri.joinPath(node.folder.folder.uri, p.path);
        const item = new vscode.TreeItem(p.path, vscode.TreeItemCollapsibleState.None);
        item.id = `${base}#problem/${p.path}:${p.line ?? ''}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.description = p.message;
        item.tooltip = `${p.path}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`;
        item.command = openCommand(uri, p.line);
        return item;
      }
    }
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function openCommand(uri: vscode.Uri, line?: number): vscode.Command {
  const args: vscode.TextDocumentShowOptions = line !== undefined ? { selection: new vscode.Range(line - 1, 0, line - 1, 0) } : {};
  return { command: 'vscode.open', title: 'Open', arguments: [uri, args] };
}

export function isEmpty(r: ScanResult): boolean {
  return r.stages.every((s) => s.tools.length === 0) && r.problems.length === 0;
}

function summary(r: ScanResult): string {
  const covered = r.stages.filter((s) => s.tools.length > 0).length;
  return `${covered}/8 stages`;
}
