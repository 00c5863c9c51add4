// Which Jest to run and with which arguments, as data: the project's own `node_modules/.bin/jest`
// (looked up from the project folder upwards, as Node resolves a hoisted monorepo install), or the
// command line in the `devopsLifecycle.jest.command` setting, split into argv (never given to a shell).
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface JestCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** How it was found, for the log: `node_modules/.bin/jest`, `setting`. */
  readonly source: string;
}

export class JestNotInstalledError extends Error {
  constructor(readonly projectDir: string) {
    super(`Jest is not installed in ${projectDir}: run \`npm install --save-dev jest\` there (or set devopsLifecycle.jest.command).`);
    this.name = 'JestNotInstalledError';
  }
}

/**
 * Splits a command line into argv the way a POSIX shell splits words — whitespace separates, single and
 * double quotes group, backslash escapes — and nothing else: no variables, globs or operators.
 */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`the command line has an unclosed ${quote} quote: ${line}`);
  if (inWord) out.push(cur);
  return out;
}

/** The nearest `node_modules/.bin/jest` from `dir` upwards, or undefined. */
export function findLocalJest(dir: string, exists: (p: string) => boolean = existsSync): string | undefined {
  let current = resolve(dir);
  for (;;) {
    const bin = process.platform === 'win32' ? join(current, 'node_modules', 'jest', 'bin', 'jest.js') : join(current, 'node_modules', '.bin', 'jest');
    if (exists(bin)) return bin;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The Jest to run for a project. `setting` is the user's command line (relative paths resolve against
 * `folderRoot`, the workspace folder); without it, the project's own Jest.
 */
export function resolveJestCommand(projectDir: string, folderRoot: string, setting?: string, exists?: (p: string) => boolean): JestCommand {
  const configured = setting?.trim();
  if (configured) {
    const [command, ...args] = splitCommandLine(configured);
    if (!command) throw new Error('devopsLifecycle.jest.command is empty');
    const resolved = !isAbsolute(command) && /[\\/]/.test(command) ? resolve(folderRoot, command) : command;
    return { command: resolved, args, source: 'devopsLifecycle.jest.command' };
  }
  const local = findLocalJest(projectDir, exists);
  if (!local) throw new JestNotInstalledError(projectDir);
  // Windows cannot start npm's .cmd shims without a shell: run Jest's own script with node instead.
  if (process.platform === 'win32') return { command: 'node', args: [local], source: local };
  return { command: local, args: [], source: local };
}

export interface JestArgsOptions {
  readonly outputFile: string;
  /** Absolute test file paths; none means every test of the project. */
  readonly files?: readonly string[];
  readonly testNamePattern?: string;
  /** Collect coverage as Istanbul JSON into this folder. */
  readonly coverageDirectory?: string;
}

/** The arguments every run adds: a JSON report with test locations, CI mode (no snapshot writes, no watch). */
export function buildJestArgs(o: JestArgsOptions): string[] {
  const args = ['--ci', '--json', `--outputFile=${o.outputFile}`, '--testLocationInResults', '--passWithNoTests', '--colors'];
  if (o.coverageDirectory) args.push('--coverage', '--coverageReporters=json', `--coverageDirectory=${o.coverageDirectory}`);
  if (o.testNamePattern) args.push(`--testNamePattern=${o.testNamePattern}`);
  // By path, not by regex: a path with regex characters in it must still select exactly that file.
  if (o.files && o.files.length > 0) args.push('--runTestsByPath', ...o.files);
  return args;
}
