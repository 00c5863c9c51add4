// Argument parsing and the command table of the CLI, kept apart from main.ts so tests can run it in-process.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { scanFolder } from '../core/lifecycle/scanner';
import { formatScan } from './formatScan';

export interface CliIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly cwd: string;
}

export class UsageError extends Error {}

const USAGE = `Usage:
  devops-lifecycle scan [DIR] [--json]   the lifecycle stage map of DIR (default: the current folder)
  devops-lifecycle --help                this text

Exit codes: 0 ok, 1 the operation failed, 2 bad usage.`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: scanCommand,
};

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`devops-lifecycle: unknown command '${name}'\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`devops-lifecycle: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`devops-lifecycle: ${(e as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

async function scanCommand(args: string[], io: CliIo): Promise<number> {
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
