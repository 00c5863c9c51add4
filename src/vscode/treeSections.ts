// How capabilities (gitflow, Jest, Docker…) add their own rows to the Lifecycle tree without the tree
// knowing them: a section contributes rows under a stage or a tool, and says when they changed.
import type * as vscode from 'vscode';
import type { StageId } from '../core/lifecycle/stages';
import type { FolderLifecycle } from './folderLifecycle';

/** A row contributed by a section. It builds its own TreeItem; `children` makes it expandable. */
export interface SectionNode {
  readonly kind: 'section';
  readonly folder: FolderLifecycle;
  /** Unique within the folder; becomes part of the TreeItem id (keeps expansion state across refreshes). */
  readonly id: string;
  build(): vscode.TreeItem;
  children?(): SectionNode[];
}

export interface TreeSection {
  /** Rows shown first under a stage (e.g. the Test stage's last run). */
  stageRows?(folder: FolderLifecycle, stage: StageId): SectionNode[];
  /** Rows shown under a tool, before its evidence files (e.g. gitflow branches under Gitflow). */
  toolRows?(folder: FolderLifecycle, toolId: string): SectionNode[];
  /** True when this section's tool rows stand for the tool's evidence files, which are then not listed again. */
  replacesEvidence?(toolId: string): boolean;
  /** Fires when the section's rows changed (the tree re-reads them). */
  readonly onDidChange: vscode.Event<void>;
}
