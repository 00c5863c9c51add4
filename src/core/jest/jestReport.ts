// Reads the report Jest writes with `--json --testLocationInResults --outputFile`: per file, per test,
// status, duration, location, and failures with the expected/actual values and the failing line (taken
// from the stack frame in the test file). Pure functions over the report's text.
import type { AssertionResult, FailureLocation, FileResult, JestReport, Position, TestFailure, TestStatus } from './model';

export class JestReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JestReportError';
  }
}

// The fields of Jest's JSON report that are read here (Jest's own type: @jest/test-result FormattedTestResults).
interface RawAssertion {
  ancestorTitles?: unknown;
  title?: unknown;
  fullName?: unknown;
  status?: unknown;
  duration?: unknown;
  location?: { line?: unknown; column?: unknown } | null;
  failureMessages?: unknown;
  failureDetails?: unknown;
}
interface RawFile {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  startTime?: unknown;
  endTime?: unknown;
  assertionResults?: unknown;
  testExecError?: { message?: unknown; stack?: unknown } | null;
}
interface RawReport {
  success?: unknown;
  numPassedTests?: unknown;
  numFailedTests?: unknown;
  numPendingTests?: unknown;
  numTodoTests?: unknown;
  numRuntimeErrorTestSuites?: unknown;
  startTime?: unknown;
  wasInterrupted?: unknown;
  testResults?: unknown;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** ANSI colour and cursor codes (Jest colours messages when it thinks it writes to a terminal). */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function parseJestReport(text: string): JestReport {
  let raw: RawReport;
  try {
    raw = JSON.parse(text) as RawReport;
  } catch (e) {
    throw new JestReportError(`Jest's report is not JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray(raw.testResults)) {
    throw new JestReportError('Jest\'s report has no "testResults": it was not written by Jest --json');
  }
  const files = (raw.testResults as RawFile[]).filter((f) => typeof f === 'object' && f !== null).map(fileResult);
  const runtimeErrors = num(raw.numRuntimeErrorTestSuites);
  const ends = files.map((f) => f.durationMs ?? 0);
  return {
    success: raw.success === true,
    files,
    failedSuites: runtimeErrors,
    wasInterrupted: raw.wasInterrupted === true,
    summary: {
      passed: num(raw.numPassedTests),
      failed: num(raw.numFailedTests) + runtimeErrors,
      skipped: num(raw.numPendingTests) + num(raw.numTodoTests),
      durationMs: ends.length > 0 ? Math.max(...ends) : 0,
    },
  };
}

function fileResult(f: RawFile): FileResult {
  const file = str(f.name);
  const assertions = (Array.isArray(f.assertionResults) ? (f.assertionResults as RawAssertion[]) : []).map((a) => assertion(a, file));
  const status = f.status === 'failed' ? 'failed' : f.status === 'passed' ? 'passed' : 'skipped';
  const failedAssertions = assertions.some((a) => a.status === 'failed');
  const message = stripAnsi(str(f.message) || str(f.testExecError?.message)).trim();
  const suiteError =
    status === 'failed' && !failedAssertions && message
      ? { message: dedent(message.replace(/^● Test suite failed to run\s*/, '')), location: suiteErrorLocation(message, file) }
      : undefined;
  const start = num(f.startTime);
  const end = num(f.endTime);
  return { file, status, suiteError, durationMs: end > start && start > 0 ? end - start : undefined, assertions };
}

export function jestStatus(status: string): TestStatus {
  if (status === 'passed') return 'passed';
  if (status === 'failed') return 'failed';
  return 'skipped'; // pending, todo, skipped, disabled, focused (another test was .only)
}

function assertion(a: RawAssertion, file: string): AssertionResult {
  const jest = str(a.status);
  const messages = Array.isArray(a.failureMessages) ? (a.failureMessages as unknown[]).map(str) : [];
  const details = Array.isArray(a.failureDetails) ? (a.failureDetails as unknown[]) : [];
  const line = num(a.location?.line);
  const location: Position | undefined = line > 0 ? { line: line - 1, column: Math.max(0, num(a.location?.column) - 1) } : undefined;
  return {
    ancestorTitles: Array.isArray(a.ancestorTitles) ? (a.ancestorTitles as unknown[]).map(str) : [],
    title: str(a.title),
    fullName: str(a.fullName),
    status: jestStatus(jest),
    jestStatus: jest,
    durationMs: typeof a.duration === 'number' ? a.duration : undefined,
    location,
    failures: messages.map((m, i) => parseFailure(m, file, details[i])),
  };
}

/**
 * One failure message: the text without the stack, the expected/actual values (from the matcher's
 * result when Jest gives it, else from "Expected:"/"Received:" lines), and the line in the test file.
 */
export function parseFailure(rawMessage: string, testFile: string, detail?: unknown): TestFailure {
  const text = stripAnsi(rawMessage);
  const lines = text.split('\n');
  const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
  const body = (firstFrame >= 0 ? lines.slice(0, firstFrame) : lines).join('\n').replace(/^Error: /, '').trimEnd();
  const location = frameIn(firstFrame >= 0 ? lines.slice(firstFrame) : [], testFile);
  const fromMatcher = matcherValues(detail);
  const values = fromMatcher ?? expectedReceived(body);
  return { message: body, ...(values ?? {}), ...(location ? { location } : {}) };
}

function matcherValues(detail: unknown): { expected: string; actual: string } | undefined {
  const m = (detail as { matcherResult?: { expected?: unknown; actual?: unknown } } | undefined)?.matcherResult;
  if (!m || !('expected' in m) || !('actual' in m)) return undefined;
  return { expected: show(m.expected), actual: show(m.actual) };
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'undefined';
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `Expected: 5` / `Received: 4` (toBe, toHaveLength…), possibly multi-line values. */
export function expectedReceived(message: string): { expected: string; actual: string } | undefined {
  const e = /^\s*Expected(?: [\w ]+)?: ([\s\S]*?)\n\s*Received(?: [\w ]+)?: ([\s\S]*?)(?:\n\s*\n|$)/m.exec(message);
  if (!e) return undefined;
  return { expected: e[1]!.trim(), actual: e[2]!.trim() };
}

const FRAME = /\(?((?:[A-Za-z]:)?[^():\s][^():]*):(\d+):(\d+)\)?\s*$/;

/** The first stack frame that points into the test file. */
export function frameIn(stack: readonly string[], testFile: string): FailureLocation | undefined {
  const want = norm(testFile);
  for (const l of stack) {
    const m = FRAME.exec(l.trim().replace(/^at\s+/, '').replace(/^.*? \(/, '('));
    if (m && norm(m[1]!) === want) return { file: testFile, line: Number(m[2]) - 1, column: Math.max(0, Number(m[3]) - 1) };
  }
  return undefined;
}

const norm = (p: string) => p.replace(/^file:\/\//, '').split('\\').join('/');

/** Where a file that failed to run broke: a Babel/TS "(line:column)" after the path, or the stack. */
function suiteErrorLocation(message: string, testFile: string): FailureLocation | undefined {
  const esc = norm(testFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const syntax = new RegExp(`${esc}: [^\\n]*?\\((\\d+):(\\d+)\\)`).exec(norm(message));
  if (syntax) return { file: testFile, line: Number(syntax[1]) - 1, column: Number(syntax[2]) };
  return frameIn(message.split('\n'), testFile);
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}
