// `devops-lifecycle calms [DIR] [--json]`: the CALMS scores of DIR (default: the current folder), from
// the same evidence rules and .devops/calms.json as the checklist in VS Code. A terminal is trusted, so
// git runs (branch ages, change sizes). A corrupt or future-version calms.json fails the command (exit 1)
// rather than report a score without the team's answers.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { CALMS_FILE } from '../core/calms/document';
import { buildReport, type CalmsReport, evaluateFolder } from '../core/calms/report';
import { CalmsStore } from '../core/calms/store';
import { scanFolder } from '../core/lifecycle/scanner';
import { type CliIo, UsageError } from './cli';

export async function calmsCommand(args: string[], io: CliIo): Promise<number> {
  let json = false;
  const positional: string[] = [];
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UsageError(`calms: unknown option '${a}'`);
    else positional.push(a);
  }
  if (positional.length > 1) throw new UsageError('calms takes one folder');
  const dir = resolve(io.cwd, positional[0] ?? '.');
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st) throw new Error(`${dir} does not exist`);
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder`);
  const [state, scan] = await Promise.all([new CalmsStore(dir).load(), scanFolder(dir)]);
  if (state.status === 'invalid' || state.status === 'future') {
    throw new Error(`${CALMS_FILE} cannot be used: ${state.message}`);
  }
  const evaluations = await evaluateFolder(dir, scan, { useGit: true, runGit: true });
  const report = buildReport(dir, evaluations, state);
  io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatCalms(report));
  return 0;
}

export function formatCalms(r: CalmsReport): string {
  const lines: string[] = [`CALMS ${r.root}`, `Overall ${r.overall}%`, ''];
  for (const p of r.pillars) {
    lines.push(`${p.name.padEnd(12)} ${String(p.score).padStart(3)}%  ${p.done}/${p.total}`);
    for (const i of p.items) {
      const mark = i.done ? (i.source === 'evidence' ? '[auto]' : '[x]   ') : '[ ]   ';
      const proof = i.source === 'evidence' ? i.evidence?.links.find((l) => l.path)?.path ?? i.evidence?.links[0]?.detail : undefined;
      lines.push(`  ${mark} ${i.title}${proof ? ` — ${proof}` : ''}`);
    }
  }
  const last = r.history[r.history.length - 1];
  lines.push('', r.file.status === 'missing' ? `No ${CALMS_FILE} yet: manual items are unanswered.` : `History: ${r.history.length} snapshot(s)${last ? `, the last ${last.date} at ${last.overall}%` : ''}.`);
  return `${lines.join('\n')}\n`;
}
