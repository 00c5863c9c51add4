// The Docker rows of the Lifecycle tree, under Build → Docker: one row per Dockerfile (with an inline
// Build action and the result of its last build), and under it the Dockerfile's stages, each a target
// that can be built on its own. Rows read the DockerBuildService's caches; parsing happens in the background.
import * as vscode from 'vscode';
import { formatDuration } from '../../core/buildIndicator';
import type { DockerStage } from '../../core/docker/dockerfile';
import type { FolderLifecycle } from '../folderLifecycle';
import type { SectionNode, TreeSection } from '../treeSections';
import type { WorkspaceLifecycle } from '../workspaceLifecycle';
import { dockerfileLabel, dockerfilesOf, type DockerBuildRecord, type DockerBuildService } from './dockerBuildService';

/** A Dockerfile row or one of its stage rows; the Build command reads `dockerfile` and `target` from it. */
export interface DockerNode extends SectionNode {
  /** Workspace-relative path of the Dockerfile. */
  readonly dockerfile: string;
  readonly target?: string;
}

export class DockerSection implements TreeSection, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly service: DockerBuildService,
    model: WorkspaceLifecycle,
  ) {
    this.subscriptions = [
      this.changed,
      service.onDidChange(() => this.changed.fire()),
      // A new scan may list new Dockerfiles: parse the ones not seen yet.
      model.onDidChange((changed) => {
        for (const folder of changed ? [changed] : model.all) {
          for (const rel of dockerfilesOf(folder)) {
            const abs = vscode.Uri.joinPath(folder.folder.uri, rel).fsPath;
            if (service.stages(abs) === undefined) void service.parseStages(abs);
          }
        }
      }),
    ];
  }

  replacesEvidence(toolId: string): boolean {
    return toolId === 'docker';
  }

  toolRows(folder: FolderLifecycle, toolId: string): SectionNode[] {
    if (toolId !== 'docker') return [];
    return dockerfilesOf(folder).map((rel) => this.dockerfileRow(folder, rel));
  }

  private dockerfileRow(folder: FolderLifecycle, rel: string): DockerNode {
    const uri = vscode.Uri.joinPath(folder.folder.uri, rel);
    const service = this.service;
    const stages = () => service.stages(uri.fsPath) ?? [];
    return {
      kind: 'section',
      folder,
      id: `docker/${rel}`,
      dockerfile: rel,
      build: () => {
        const last = service.lastBuild(uri.fsPath);
        const { label, description } = dockerfileLabel(rel);
        const item = new vscode.TreeItem(label, stages().length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.resourceUri = uri;
        item.iconPath = resultIcon(last) ?? vscode.ThemeIcon.File;
        item.description = [description, last ? describeRecord(last) : ''].filter(Boolean).join(' · ');
        item.tooltip = tooltip(rel, last, stages());
        item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
        item.contextValue = 'docker.dockerfile';
        return item;
      },
      children: () => stages().map((stage) => this.stageRow(folder, rel, uri, stage)),
    };
  }

  private stageRow(folder: FolderLifecycle, rel: string, uri: vscode.Uri, stage: DockerStage): DockerNode {
    const named = stage.name !== undefined;
    return {
      kind: 'section',
      folder,
      id: `docker/${rel}/stage/${stage.index}`,
      dockerfile: rel,
      target: stage.name,
      build: () => {
        const item = new vscode.TreeItem(stage.name ?? `stage ${stage.index}`, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('layers');
        item.description = `FROM ${stage.image}`;
        item.tooltip = named ? `Stage "${stage.name}" (line ${stage.line}): build it as the target with the inline Build action.` : `Unnamed stage ${stage.index} (line ${stage.line}): name it with "AS <name>" to build it as a target.`;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(stage.line - 1, 0, stage.line - 1, 0) }] };
        // Only a named stage can be a --target.
        item.contextValue = named ? 'docker.stage' : 'docker.stage.unnamed';
        return item;
      },
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function resultIcon(last: DockerBuildRecord | undefined): vscode.ThemeIcon | undefined {
  if (!last) return undefined;
  if (last.outcome === 'passed') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (last.outcome === 'failed') return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  return new vscode.ThemeIcon('circle-slash');
}

function describeRecord(last: DockerBuildRecord): string {
  if (last.outcome === 'cancelled') return `${last.tag} cancelled`;
  // A build that could not start (no CLI, no engine) has no duration worth showing.
  return `${last.tag} ${last.outcome}${last.durationMs > 0 ? ` in ${formatDuration(last.durationMs)}` : ''}`;
}

function tooltip(rel: string, last: DockerBuildRecord | undefined, stages: readonly DockerStage[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**${rel}**`);
  if (stages.length > 0) md.appendMarkdown(`\n\nStages: ${stages.map((s) => `\`${s.name ?? s.index}\``).join(', ')}`);
  if (last) {
    md.appendMarkdown(`\n\nLast build: \`${last.tag}\` ${last.outcome}${last.outcome === 'cancelled' ? '' : ` in ${formatDuration(last.durationMs)}`}, ${new Date(last.finishedAt).toLocaleString()}`);
    if (last.message) md.appendMarkdown(`\n\n${last.line ? `Line ${last.line}: ` : ''}`).appendText(last.message);
  } else {
    md.appendMarkdown('\n\nNot built yet: use the inline Build action.');
  }
  return md;
}
