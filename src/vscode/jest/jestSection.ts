// The Jest rows of the Lifecycle tree: under the Test stage, the last run ("Last run: 12 passed, 1 failed,
// 2.3 s (shop-api)") with its failures one click away, or why nothing can run (Restricted Mode, Jest not
// installed, no test files); under the Jest tool, one row per project. Rows with a Run action carry
// `jestProject` so the inline button runs just that project.
import * as vscode from 'vscode';
import type { StageId } from '../../core/lifecycle/stages';
import type { FolderLifecycle } from '../folderLifecycle';
import type { SectionNode, TreeSection } from '../treeSections';
import type { FailureRow, JestFolder, JestTesting, LastRun } from './jestTesting';

const MAX_FAILURE_ROWS = 50;

export class JestTreeSection implements TreeSection {
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly jest: JestTesting) {
    this.onDidChange = (listener, thisArg, disposables) => jest.onDidChange(() => listener.call(thisArg, undefined), undefined, disposables);
  }

  stageRows(folder: FolderLifecycle, stage: StageId): SectionNode[] {
    if (stage !== 'test') return [];
    const jf = this.jest.folderFor(folder);
    const d = jf?.discovery;
    if (!jf || !d || d.projects.length === 0) return [];
    const files = d.projects.reduce((n, p) => n + p.testFiles.length, 0);
    if (!this.jest.trusted) {
      return [row(folder, 'jest/status', () => {
        const item = new vscode.TreeItem('Jest: Restricted Mode', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('shield', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.description = 'trust the workspace to run tests';
        item.tooltip = 'Tests are listed from the files, but no Jest process is started in Restricted Mode. Trust the workspace to run them.';
        item.command = { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' };
        return item;
      })];
    }
    if (jf.running > 0) {
      return [row(folder, 'jest/status', () => {
        const item = new vscode.TreeItem('Jest: running…', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('sync~spin');
        item.command = { command: 'workbench.view.testing.focus', title: 'Show Test Explorer' };
        return item;
      })];
    }
    if (files === 0 && !jf.lastRun) {
      return [row(folder, 'jest/status', () => {
        const item = new vscode.TreeItem('Jest: no test files found', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        item.description = 'add a *.test.js or __tests__/ file';
        item.tooltip = 'No file matches the projects\' testMatch/testRegex (Jest\'s defaults: **/__tests__/**, *.test.*, *.spec.*).';
        return item;
      })];
    }
    const last = jf.lastRun;
    if (!last) {
      return [{
        ...row(folder, 'jest/status', () => {
          const item = new vscode.TreeItem('Jest: not run yet', vscode.TreeItemCollapsibleState.None);
          item.iconPath = new vscode.ThemeIcon('beaker');
          item.description = `${files} test file${files === 1 ? '' : 's'}${d.projects.length > 1 ? ` in ${d.projects.length} projects` : ''}`;
          item.tooltip = 'Run them with the ▷ button, or from the Test Explorer.';
          item.contextValue = 'jest.run';
          return item;
        }),
      }];
    }
    return [lastRunRow(folder, jf, last)];
  }

  toolRows(folder: FolderLifecycle, toolId: string): SectionNode[] {
    if (toolId !== 'jest') return [];
    const d = this.jest.folderFor(folder)?.discovery;
    return (d?.projects ?? []).map((p) => ({
      ...row(folder, `jest/project/${p.id}`, () => {
        const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.description = `${p.id === '.' ? '' : `${p.id} · `}${p.testFiles.length} test file${p.testFiles.length === 1 ? '' : 's'}`;
        item.tooltip = `Jest project ${p.name} (${p.reason})${p.configFile ? `, config ${p.configFile}` : ''}`;
        item.contextValue = 'jest.project';
        return item;
      }),
      jestProject: p.id,
    }));
  }
}

function row(folder: FolderLifecycle, id: string, build: () => vscode.TreeItem, children?: () => SectionNode[]): SectionNode {
  return { kind: 'section', folder, id, build, ...(children ? { children } : {}) };
}

function lastRunRow(folder: FolderLifecycle, _jf: JestFolder, last: LastRun): SectionNode {
  const failures = last.failures.slice(0, MAX_FAILURE_ROWS);
  return row(
    folder,
    'jest/status',
    () => {
      const collapsible = failures.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
      const where = last.projects.length > 0 ? ` (${last.projects.join(', ')})` : '';
      let item: vscode.TreeItem;
      if (last.error && last.error.kind !== 'cancelled') {
        item = new vscode.TreeItem(`Last run: ${errorTitle(last.error.kind)}`, collapsible);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.description = last.error.kind === 'not-installed' ? 'npm install --save-dev jest' : where.trim();
        item.tooltip = last.error.message;
      } else {
        const label = `Last run: ${last.passed} passed, ${last.failed} failed, ${(last.durationMs / 1000).toFixed(1)} s${where}`;
        item = new vscode.TreeItem(label, collapsible);
        item.iconPath = last.cancelled
          ? new vscode.ThemeIcon('circle-slash')
          : last.failed > 0
            ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
            : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
        item.description = [last.skipped ? `${last.skipped} skipped` : '', last.cancelled ? 'cancelled' : ''].filter(Boolean).join(' · ') || undefined;
        item.tooltip = `${label}${last.skipped ? `, ${last.skipped} skipped` : ''} — finished ${new Date(last.finishedAt).toLocaleTimeString()}`;
      }
      item.contextValue = 'jest.run';
      return item;
    },
    failures.length > 0 ? () => failures.map((f, i) => failureRow(folder, f, i)) : undefined,
  );
}

function failureRow(folder: FolderLifecycle, f: FailureRow, index: number): SectionNode {
  return row(folder, `jest/failure/${index}/${f.label}`, () => {
    const item = new vscode.TreeItem(f.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    item.description = `${vscode.workspace.asRelativePath(f.uri, false)}${f.line !== undefined ? `:${f.line + 1}` : ''} — ${f.message}`;
    item.tooltip = f.message;
    const options: vscode.TextDocumentShowOptions = f.line !== undefined ? { selection: new vscode.Range(f.line, 0, f.line, 0) } : {};
    // No resourceUri: the file's git decoration (U, M…) would colour the failure's label.
    item.command = { command: 'vscode.open', title: 'Open', arguments: [f.uri, options] };
    return item;
  });
}

function errorTitle(kind: string): string {
  switch (kind) {
    case 'not-installed':
      return 'Jest is not installed';
    case 'no-folder':
      return 'the project folder is gone';
    case 'config':
      return 'Jest config error';
    case 'untrusted':
      return 'needs a trusted workspace';
    case 'bad-report':
      return 'Jest printed no report';
    case 'timeout':
      return 'timed out';
    default:
      return 'Jest crashed';
  }
}
