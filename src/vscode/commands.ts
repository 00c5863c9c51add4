// Registers every capability's command table. Handlers take their answers as an argument object (for
// tests and keybindings), return their result, and reject with a message a user can act on; the wrapper
// shows that message once and logs the details.
import * as vscode from 'vscode';
import type { ScanResult } from '../core/lifecycle/model';
import { isRecord } from '../core/values';
import type { FolderLifecycle } from './folderLifecycle';
import type { CommandTable, Services } from './services';

/** The lifecycle's own commands. */
export const LIFECYCLE_COMMANDS: CommandTable = {
  'devopsLifecycle.refresh': refresh,
  'devopsLifecycle.showLog': (s) => s.log.show(true),
};

async function refresh(s: Services, args: Record<string, unknown>): Promise<ScanResult> {
  const folder = typeof args.folder === 'string' ? args.folder : undefined;
  if (folder) return s.model.resolve(folder).rescan();
  // The inline action of a folder row (multi-root) rescans that folder.
  const row = args.node as { kind?: unknown; folder?: FolderLifecycle } | undefined;
  if (row?.kind === 'folder' && row.folder) return row.folder.rescan();
  // From the title bar or the palette with no folder: rescan every folder, return the active one's result.
  const results = await vscode.window.withProgress(
    { location: { viewId: 'devopsLifecycle.stages' }, title: 'Scanning the lifecycle…' },
    () => s.model.rescanAll(),
  );
  const active = s.model.resolve();
  return results.find((r) => r.root === active.folder.uri.fsPath) ?? results[0]!;
}

export function registerCommands(services: Services, tables: readonly CommandTable[]): vscode.Disposable[] {
  return tables.flatMap((table) =>
    Object.entries(table).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        // Tree rows pass their node, which handlers may read (`args.node`); tests, scripts and keybindings
        // pass an argument object; the palette passes nothing.
        const fromTree = isTreeNode(arg);
        const args = fromTree ? { node: arg } : isRecord(arg) ? arg : {};
        try {
          return await handler(services, args);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          services.log.error(`${id}: ${message}`);
          // `reported`: the handler already showed the user this error with its own actions (e.g. a gitflow
          // conflict offering to open Source Control or abort), so it is only logged here.
          if (!(e instanceof vscode.CancellationError) && (e as { reported?: boolean }).reported !== true) {
            void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => pick && services.log.show());
          }
          // A caller that passed an argument object gets the rejection to act on. From the palette or a tree
          // row the notification above is the answer: rejecting would make the palette add a modal dialog
          // repeating it.
          if (fromTree || arg === undefined) return undefined;
          throw e;
        }
      }),
    ),
  );
}

function isTreeNode(arg: unknown): boolean {
  return isRecord(arg) && typeof arg.kind === 'string' && 'folder' in arg && typeof arg.folder === 'object';
}
