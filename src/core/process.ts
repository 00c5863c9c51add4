// The one process runner: argv arrays only (never a shell), cancellation through an AbortSignal,
// a timeout, the whole process group ended on cancel, and failures as a typed ProcessError.
import { spawn } from 'node:child_process';

export type ProcessErrorCode = 'NOT_FOUND' | 'EXIT' | 'TIMEOUT' | 'CANCELLED' | 'SPAWN';

export class ProcessError extends Error {
  constructor(
    message: string,
    readonly code: ProcessErrorCode,
    readonly command: string,
    readonly exitCode: number | null = null,
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'ProcessError';
  }
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Called with each chunk of stdout/stderr as it arrives (for live output). */
  readonly onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Exit codes that are not failures (default: only 0). */
  readonly okExitCodes?: readonly number[];
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly durationMs: number;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The environment every child gets: stable, parseable output and no pager or prompts. */
export function childEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', GIT_PAGER: 'cat', PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', ...extra };
}

export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const display = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ProcessError(`${command} was cancelled before it started`, 'CANCELLED', display));
      return;
    }
    // detached: the child leads its own process group, so cancel can end everything it started.
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    let ended: ProcessErrorCode | undefined;

    const killTree = () => {
      if (child.pid === undefined) return;
      try {
        if (process.platform === 'win32') child.kill();
        else process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      // A child that ignores SIGTERM is not allowed to keep a cancelled run alive.
      setTimeout(() => {
        try {
          if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 2000).unref();
    };
    const onAbort = () => {
      ended = 'CANCELLED';
      killTree();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            ended = 'TIMEOUT';
            killTree();
          }, options.timeoutMs)
        : undefined;

    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };

    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      options.onOutput?.(b.toString('utf8'), 'stdout');
    });
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      options.onOutput?.(b.toString('utf8'), 'stderr');
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          e.code === 'ENOENT'
            ? new ProcessError(`${command} was not found on PATH`, 'NOT_FOUND', display)
            : new ProcessError(`${command} could not be started: ${e.message}`, 'SPAWN', display),
        ),
      ),
    );
    child.on('close', (code, signal) =>
      finish(() => {
        const stdout = Buffer.concat(out).toString('utf8');
        const stderr = Buffer.concat(err).toString('utf8');
        if (ended === 'CANCELLED') return reject(new ProcessError(`${command} was cancelled`, 'CANCELLED', display, code, stderr));
        if (ended === 'TIMEOUT')
          return reject(new ProcessError(`${command} did not finish within ${options.timeoutMs} ms`, 'TIMEOUT', display, code, stderr));
        const exitCode = code ?? (signal ? 128 : 1);
        const ok = options.okExitCodes ?? [0];
        if (!ok.includes(exitCode)) {
          const reason = firstLine(stderr) || `exit code ${exitCode}`;
          return reject(new ProcessError(`${command} failed: ${reason}`, 'EXIT', display, exitCode, stderr));
        }
        resolve({ stdout, stderr, exitCode, durationMs: Date.now() - started });
      }),
    );
  });
}

/** A command line for the log, quoted the way a POSIX shell user would type it. Never run: processes get argv. */
export function commandLineForLog(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
}
