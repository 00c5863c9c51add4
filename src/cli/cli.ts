// Argument parsing and the command table of the CLI, kept apart from main.ts so tests can run it in-process.
import { FLOW_USAGE, flowCommand } from './flowCommand';
import { calmsCommand } from './calmsCommand';
import { scanCommand } from './scanCommand';

export interface CliIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly cwd: string;
}

/** Bad usage: exit code 2, with the usage text. */
export class UsageError extends Error {}

const USAGE = `Usage:
  devops-lifecycle scan [DIR] [--json]   the lifecycle stage map of DIR (default: the current folder)
  devops-lifecycle calms [DIR] [--json]  the CALMS scores of DIR: evidence plus the answers in .devops/calms.json
${FLOW_USAGE}
  devops-lifecycle --help                this text

Exit codes: 0 ok, 1 the operation failed, 2 bad usage.`;

/** A subcommand: its arguments after the name; resolves with the exit code, throws to fail (exit 1). */
export type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: scanCommand,
  calms: calmsCommand,
  flow: flowCommand,
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

