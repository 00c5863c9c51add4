// Runs a project's Jest once through the process runner and returns its parsed report. Every way a run
// can go wrong becomes a JestRunError whose message says what happened and what to do: Jest missing,
// a config Jest rejects, Jest crashing or printing something that is not its report, a cancel.
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, commandLineForLog, ProcessError, runProcess, type Logger } from '../process';
import { buildJestArgs, type JestCommand } from './jestCommand';
import { JestReportError, parseJestReport, stripAnsi } from './jestReport';
import type { JestReport } from './model';

export type JestRunErrorKind = 'not-installed' | 'no-folder' | 'config' | 'crashed' | 'bad-report' | 'cancelled' | 'timeout';

export class JestRunError extends Error {
  constructor(
    readonly kind: JestRunErrorKind,
    message: string,
    /** What Jest printed on stderr (for the log and the test run's output). */
    readonly details = '',
  ) {
    super(message);
    this.name = 'JestRunError';
  }
}

export interface JestRunRequest {
  readonly cwd: string;
  readonly command: JestCommand;
  readonly files?: readonly string[];
  readonly testNamePattern?: string;
  readonly coverage?: boolean;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Jest's live output (its human-readable progress on stderr), as it arrives. */
  readonly onOutput?: (chunk: string) => void;
  readonly log?: Logger;
  readonly env?: NodeJS.ProcessEnv;
}

export interface JestRunOutcome {
  readonly report: JestReport;
  readonly exitCode: number;
  /** Wall-clock time of the Jest process. */
  readonly durationMs: number;
  /** Istanbul's coverage-final.json, when coverage was asked for. */
  readonly coverageJson?: string;
  readonly argv: readonly string[];
}

export async function runJest(req: JestRunRequest): Promise<JestRunOutcome> {
  // A folder deleted since discovery (a checkout, a move) makes the start fail like a missing program:
  // say which of the two it is.
  if (!(await fs.stat(req.cwd).then((st) => st.isDirectory(), () => false))) {
    throw new JestRunError('no-folder', `The Jest project folder ${req.cwd} does not exist any more: refresh the tests ("Test: Refresh Tests") and run again.`);
  }
  const work = await fs.mkdtemp(join(tmpdir(), 'devops-lifecycle-jest-'));
  try {
    const outputFile = join(work, 'report.json');
    const coverageDirectory = req.coverage ? join(work, 'coverage') : undefined;
    const argv = [...req.command.args, ...buildJestArgs({ outputFile, files: req.files, testNamePattern: req.testNamePattern, coverageDirectory })];
    req.log?.info(`[jest] ${req.cwd}: ${commandLineForLog(req.command.command, argv)}`);
    let result;
    try {
      result = await runProcess(req.command.command, argv, {
        cwd: req.cwd,
        // CI=true: no interactive prompts, no watch mode, snapshots are never written by a run from the editor.
        env: childEnv({ CI: 'true', FORCE_COLOR: '1', ...req.env }),
        signal: req.signal,
        timeoutMs: req.timeoutMs,
        okExitCodes: [0, 1],
        // The results come from the report file; the output is streamed to the test run and only its end is
        // kept, for the message when Jest fails to start.
        retainBytes: 256 * 1024,
        onOutput: req.onOutput && ((chunk) => req.onOutput!(chunk)),
      });
    } catch (e) {
      throw fromProcessError(e, req);
    }
    let text: string;
    try {
      text = await fs.readFile(outputFile, 'utf8');
    } catch {
      // Jest exits before writing its report when it cannot start the run: most often a config it rejects.
      const said = stripAnsi(result.stderr || result.stdout).trim();
      if (/Validation Error|Error: Cannot find module|could not find a config|Could not locate module|Multiple configurations found|SyntaxError|Error while loading config/i.test(said)) {
        throw new JestRunError('config', `Jest could not start the run in ${req.cwd}: ${summarise(said)} Fix the Jest config and run again.`, said);
      }
      throw new JestRunError('crashed', `Jest exited (code ${result.exitCode}) without writing its report in ${req.cwd}: ${summarise(said) || 'it printed nothing'}`, said);
    }
    let report: JestReport;
    try {
      report = parseJestReport(text);
    } catch (e) {
      const detail = e instanceof JestReportError ? e.message : String(e);
      throw new JestRunError('bad-report', `${detail}. Is devopsLifecycle.jest.command really Jest? It must accept --json --outputFile.`, text.slice(0, 2000));
    }
    const coverageJson = coverageDirectory ? await fs.readFile(join(coverageDirectory, 'coverage-final.json'), 'utf8').catch(() => undefined) : undefined;
    return { report, exitCode: result.exitCode, durationMs: result.durationMs, coverageJson, argv };
  } finally {
    await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

function fromProcessError(e: unknown, req: JestRunRequest): Error {
  if (!(e instanceof ProcessError)) return e as Error;
  const said = stripAnsi(e.stderr).trim();
  switch (e.code) {
    case 'CANCELLED':
      return new JestRunError('cancelled', 'The Jest run was cancelled.', said);
    case 'TIMEOUT':
      return new JestRunError('timeout', `Jest did not finish within ${Math.round((req.timeoutMs ?? 0) / 1000)} s and was stopped.`, said);
    case 'NOT_FOUND':
      return new JestRunError(
        'not-installed',
        req.command.source === 'devopsLifecycle.jest.command'
          ? `The Jest command "${req.command.command}" from devopsLifecycle.jest.command was not found: fix the setting, or clear it to use the project's node_modules/.bin/jest.`
          : `Jest is not installed in ${req.cwd}: run \`npm install --save-dev jest\` there (or set devopsLifecycle.jest.command).`,
      );
    case 'EXIT':
      return new JestRunError('crashed', `Jest crashed (exit code ${e.exitCode}) in ${req.cwd}: ${summarise(said) || 'it printed nothing on stderr'}`, said);
    default:
      return new JestRunError('crashed', `Jest could not be started in ${req.cwd}: ${e.message}`, said);
  }
}

/** The first few meaningful lines of what Jest printed, as one line for a message. */
function summarise(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(Configuration Documentation:|https?:\/\/)/.test(l) && !/^at /.test(l));
  const joined = lines.slice(0, 3).join(' ').replace(/^●\s*/, '');
  return joined.length > 300 ? `${joined.slice(0, 297)}…` : joined;
}
