// The CALMS checklist's commands. `devopsLifecycle.calms.open {folder, preserveFocus}` opens the folder's
// checklist and returns its report: the same JSON as `devops-lifecycle calms --json`, plus `folder`.
import type { CalmsReport } from '../../core/calms/report';
import type { CommandTable, Services } from '../services';

export const CALMS_COMMANDS: CommandTable = {
  'devopsLifecycle.calms.open': open,
};

async function open(s: Services, args: Record<string, unknown>): Promise<CalmsReport & { folder: string }> {
  const folderArg = typeof args.folder === 'string' ? args.folder : undefined;
  const folder = s.model.resolve(folderArg);
  const report = await s.calms.open(folder, { preserveFocus: args.preserveFocus === true });
  return { folder: folder.folder.uri.fsPath, ...report };
}
