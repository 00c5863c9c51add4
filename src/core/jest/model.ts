// The Jest capability's data: projects found in a folder, the test blocks parsed from a test file, and a
// run's results as read from Jest's JSON report. Plain data, shared by the engine, the editor and the CLI.

/** A 0-based position (VS Code's convention; Jest's 1-based lines are converted where they are read). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** How a block was declared: `test.skip`, `describe.only`, `it.each`, `xit` (= skip), `fdescribe` (= only)… */
export type BlockModifier = 'skip' | 'only' | 'todo' | 'each' | 'concurrent' | 'failing';

/**
 * One part of a test name as written. `literal` text is exact; a `template` is an `.each` title whose
 * `%s`/`$name` placeholders Jest fills per row; `dynamic` is anything computed (`describe(Foo.name, …)`,
 * a template literal with `${…}`), known only when Jest runs.
 */
export interface NamePart {
  readonly kind: 'literal' | 'template' | 'dynamic';
  readonly text: string;
}

export interface TestBlock {
  readonly kind: 'describe' | 'test';
  /** The title as shown: the literal, the `.each` template, or the source text of a computed title. */
  readonly name: string;
  /** The title split into literal, template and dynamic parts, for building a `--testNamePattern`. */
  readonly nameParts: readonly NamePart[];
  readonly modifiers: readonly BlockModifier[];
  readonly range: Range;
  readonly children: readonly TestBlock[];
}

export interface ParseProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface ParsedTestFile {
  readonly blocks: readonly TestBlock[];
  /** Set when the file does not parse; `blocks` then holds what could be recovered. */
  readonly error?: ParseProblem;
}

/** The parts of a Jest config that decide which files are tests, where they could be read without running code. */
export interface StaticJestConfig {
  readonly rootDir?: string;
  readonly roots?: readonly string[];
  readonly testMatch?: readonly string[];
  readonly testRegex?: readonly string[];
  readonly testPathIgnorePatterns?: readonly string[];
  readonly moduleFileExtensions?: readonly string[];
  /** `projects` entries that are paths or globs (multi-project configs). */
  readonly projects?: readonly string[];
  /** Keys that are set but could not be read statically (computed values): Jest's defaults are used for them. */
  readonly dynamicKeys: readonly string[];
}

export interface JestProject {
  /** Folder path relative to the workspace folder, `.` for the folder itself. Unique within the folder. */
  readonly id: string;
  /** The package name, or the folder name. */
  readonly name: string;
  /** Absolute folder path (Jest's rootDir unless the config says otherwise). */
  readonly dir: string;
  /** The file the config was read from: `jest.config.js`, `package.json`… relative to `dir`. */
  readonly configFile?: string;
  readonly config: StaticJestConfig;
  /** What made this a Jest project: `jest dependency`, `jest.config.ts`, `package.json "jest"`. */
  readonly reason: string;
}

export interface DiscoveredProject extends JestProject {
  /** Absolute paths of the project's test files, sorted. */
  readonly testFiles: readonly string[];
}

export interface Discovery {
  readonly root: string;
  readonly projects: readonly DiscoveredProject[];
  /** Packages of the workspace that were looked at and are not Jest projects (with why), for the log and the CLI. */
  readonly skipped: readonly { readonly dir: string; readonly reason: string }[];
  /** Things a user may want to know (a config that could only be read in part…). */
  readonly notes: readonly string[];
  readonly durationMs: number;
}

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface FailureLocation {
  readonly file: string;
  readonly line: number; // 0-based
  readonly column: number; // 0-based
}

export interface TestFailure {
  /** The message as Jest printed it, without colour codes. */
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  /** Where in the test file the assertion failed, from the stack. */
  readonly location?: FailureLocation;
}

export interface AssertionResult {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly fullName: string;
  readonly status: TestStatus;
  /** Jest's raw status: `pending`, `todo`, `disabled`… map to `skipped`. */
  readonly jestStatus: string;
  readonly durationMs?: number;
  /** Where the test was declared (0-based), when Jest reported it (`--testLocationInResults`). */
  readonly location?: Position;
  readonly failures: readonly TestFailure[];
}

export interface FileResult {
  readonly file: string;
  /** `failed` with no failing assertion means the file did not run (syntax error, a throw at load time). */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Set when the whole file failed to run: what Jest said, without colour codes. */
  readonly suiteError?: TestFailure;
  readonly durationMs?: number;
  readonly assertions: readonly AssertionResult[];
}

export interface RunSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly durationMs: number;
}

export interface JestReport {
  readonly success: boolean;
  readonly files: readonly FileResult[];
  readonly summary: RunSummary;
  /** Files that failed to run as a whole (counted as failures in the summary). */
  readonly failedSuites: number;
  readonly wasInterrupted: boolean;
}
