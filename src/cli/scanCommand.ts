// `devops-lifecycle scan [DIR] [--json]`
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { scanFolder } from '../core/lifecycle/scanner';
import { type CliIo, UsageError } from './cli';
import { formatScan } from './formatScan';

export async function scanCommand(args: string[], io: CliIo): Promise<number> {
  let json = false;
  const positional: string[] = [];
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UsageError(`scan: unknown option '${a}'`);
    else positional.push(a);
  }
  if (positional.length > 1) throw new UsageError('scan takes one folder');
  const dir = resolve(io.cwd, positional[0] ?? '.');
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st) throw new Error(`${dir} does not exist`);
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder`);
  const result = await scanFolder(dir);
  io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatScan(result));
  return 0;
}
