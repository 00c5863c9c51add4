// The Jest command: `devopsLifecycle.jest.run {folder, project, file, testName}` → {passed, failed,
// skipped, durationMs}. From the Lifecycle tree the row's node says which folder (and project) to run.
import * as vscode from 'vscode';
import type { RunSummary } from '../../core/jest/model';
import type { CommandTable, Services } from '../services';
import type { RunArgs } from './jestTesting';

export const JEST_COMMANDS: CommandTable = {
  'devopsLifecycle.jest.run': runJestTests,
};

async function runJestTests(s: Services, args: Record<string, unknown>): Promise<RunSummary> {
  const node = args.node as { folder?: { folder?: vscode.WorkspaceFolder }; jestProject?: string } | undefined;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const runArgs: RunArgs = {
    folder: str(args.folder) ?? node?.folder?.folder?.uri.fsPath,
    project: str(args.project) ?? node?.jestProject,
    file: str(args.file),
    testName: str(args.testName),
    coverage: args.coverage === true,
  };
  const what = runArgs.testName ?? runArgs.file ?? runArgs.project ?? 'all tests';
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Jest: running ${what}`, cancellable: true },
    (_progress, token) => s.jest.runFromCommand(runArgs, token),
  );
}
