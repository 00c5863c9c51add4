// The command table: every command id and its handler in one place. Handlers take their answers as an
// argument object (for tests and keybindings), return their result, and reject with a message a user
// can act on; the wrapper shows that message once and logs the details.
import * as vscode from 'vscode';
import type { ScanResult } from '../core/lifecycle/model';
import type { Logger } from '../core/process';
import type { WorkspaceLifecycle } from './workspaceLifecycle';

export interface CommandContext {
  readonly model: WorkspaceLifecycle;
  readonly log: vscode.LogOutputChannel & Logger;
}

type Handler = (ctx: CommandContext, args: Record<string, unknown>) => Promise<unknown> | unknown;

export const COMMANDS: Record<string, Handler> = {
  'devopsLifecycle.refresh': refresh,
  'devopsLifecycle.showLog': (ctx) => ctx.log.show(true),
};

async function refresh(ctx: CommandContext, args: Record<string, unknown>): Promise<ScanResult> {
  const folder = typeof args.folder === 'string' ? args.folder : undefined;
  if (folder) return ctx.model.resolve(folder).rescan();
  // From the title bar or the palette with no folder: rescan every folder, return the active one's result.
  const results = await vscode.window.withProgress(
    { location: { viewId: 'devopsLifecycle.stages' }, title: 'Scanning the lifecycle…' },
    () => ctx.model.rescanAll(),
  );
  const active = ctx.model.resolve();
  return results.find((r) => r.root === active.folder.uri.fsPath) ?? results[0]!;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      // Tree rows pass their node; the palette passes nothing; tests and keybindings pass an object.
      const args = isArgs(arg) ? arg : {};
      try {
        return await handler(ctx, args);
      } catch (e) {
        const message = (e as Error).message;
        ctx.log.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => pick && ctx.log.show());
        throw e;
      }
    }),
  );
}

function isArgs(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && !('kind' in arg && 'folder' in arg);
}
