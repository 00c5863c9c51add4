// The one process runner: argv arrays only (never a shell), cancellation through an AbortSignal,
// a timeout, the whole process group ended on cancel, and failures as a typed ProcessError.
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

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
  /**
   * Keep at most this many bytes (the end) of each stream in the result; default all. For long builds and
   * test runs whose output is streamed through onOutput, so a chatty run cannot fill the extension host.
   */
  readonly retainBytes?: number;
}

/** How long a process that has exited may hold its pipes open (through a child of its own) before we stop reading. */
const PIPE_GRACE_MS = 1000;

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
    const out = new Retained(options.retainBytes);
    const err = new Retained(options.retainBytes);
    // Decoders keep a multi-byte character split across two chunks whole.
    const outText = new StringDecoder('utf8');
    const errText = new StringDecoder('utf8');
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
      // A process (or one it started) that ignores SIGTERM is not allowed to keep a cancelled run alive.
      setTimeout(() => {
        try {
          if (child.pid === undefined) return;
          if (process.platform === 'win32') child.kill('SIGKILL');
          else process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* the whole group is gone */
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
      if (options.onOutput) options.onOutput(outText.write(b), 'stdout');
    });
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      if (options.onOutput) options.onOutput(errText.write(b), 'stderr');
    });
    // 'close' waits for the pipes, which a background child of the process may hold open long after it
    // exited: past a short grace the run is over anyway.
    child.on('exit', () => {
      setTimeout(() => {
        if (settled) return;
        child.stdout.destroy();
        child.stderr.destroy();
        child.emit('close', child.exitCode, child.signalCode);
      }, PIPE_GRACE_MS).unref();
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
        const stdout = out.text();
        const stderr = err.text();
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

/** A stream's bytes, or only its last `limit` bytes when a limit is set. */
class Retained {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit?: number) {}

  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    // Trimmed in batches (at twice the limit), so a stream of small chunks is not copied on every one.
    if (this.limit !== undefined && this.size > 2 * this.limit) {
      const tail = Buffer.concat(this.chunks).subarray(-this.limit);
      this.chunks.length = 0;
      this.chunks.push(tail);
      this.size = tail.length;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return (this.limit !== undefined && all.length > this.limit ? all.subarray(-this.limit) : all).toString('utf8');
  }
}

/** A command line for the log, quoted the way a POSIX shell user would type it. Never run: processes get argv. */
export function commandLineForLog(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
}
