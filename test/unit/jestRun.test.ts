// Real Jest 30 (this repository's devDependency, found by walking up from the fixtures exactly as a
// hoisted monorepo install is found) on the fixture projects: results, failures with expected/actual
// at the failing line, runs of one file / one test / one .each template, coverage, and every fault —
// Jest missing, a config error, a syntax error, no tests, Jest crashing or printing non-JSON, a hanging
// test that is cancelled with its whole process tree.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCoverage } from '../../src/core/jest/coverage';
import { JestNotInstalledError, resolveJestCommand } from '../../src/core/jest/jestCommand';
import { JestRunError, runJest } from '../../src/core/jest/jestRunner';
import type { JestReport } from '../../src/core/jest/model';
import { blockNamePattern } from '../../src/core/jest/namePattern';
import { parseTestFile } from '../../src/core/jest/testFileParser';

const REPO = join(__dirname, '..', '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'jest');
const BASIC = join(FIXTURES, 'basic');
const FAULTS = join(FIXTURES, 'faults');

function jestFor(dir: string) {
  return resolveJestCommand(dir, dir);
}

function statuses(report: JestReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of report.files) for (const a of f.assertions) out[a.fullName] = a.status;
  return out;
}

describe('jest runs (real jest 30)', function () {
  this.timeout(60_000);

  before(() => {
    // The fixtures resolve this repository's jest; it is a devDependency, so `npm ci` installs it.
    assert.ok(existsSync(join(REPO, 'node_modules', 'jest', 'package.json')), 'jest is not installed: run npm ci');
    const version = (JSON.parse(readFileSync(join(REPO, 'node_modules', 'jest', 'package.json'), 'utf8')) as { version: string }).version;
    assert.match(version, /^30\./);
  });

  it('runs the basic fixture: passed, failed and skipped tests in JS and TS, with durations', async () => {
    const { report, exitCode } = await runJest({ cwd: BASIC, command: jestFor(BASIC) });
    assert.equal(exitCode, 1, 'failing tests make Jest exit 1, which is not an error');
    assert.deepEqual({ ...report.summary, durationMs: 0 }, { passed: 10, failed: 2, skipped: 3, durationMs: 0 });
    const s = statuses(report);
    assert.equal(s['math add adds two numbers'], 'passed');
    assert.equal(s['math add is wrong on purpose'], 'failed');
    assert.equal(s['math add adds 10 + -4 = 6'], 'passed');
    assert.equal(s['math divide rounds (not yet)'], 'skipped');
    assert.equal(s['math multiplies'], 'skipped');
    assert.equal(s['strings greet greets Linus with ?'], 'passed');
    assert.equal(s['strings words keeps punctuation (fails on purpose)'], 'failed');
    assert.equal(s['strings unicode splits on no-break space'], 'skipped');
    const passed = report.files.flatMap((f) => f.assertions).filter((a) => a.status === 'passed');
    assert.ok(passed.every((a) => typeof a.durationMs === 'number'));
  });

  it('reports failures with expected/actual and the failing line of the test file (TS through a transform too)', async () => {
    const { report } = await runJest({ cwd: BASIC, command: jestFor(BASIC) });
    const failed = report.files.flatMap((f) => f.assertions).filter((a) => a.status === 'failed');
    const toBe = failed.find((a) => a.title === 'is wrong on purpose')!.failures[0]!;
    assert.deepEqual([toBe.expected, toBe.actual], ['5', '4']);
    assert.deepEqual(toBe.location, { file: join(BASIC, 'src', 'math.test.js'), line: 9, column: 24 });
    const toEqual = failed.find((a) => a.title.startsWith('keeps punctuation'))!.failures[0]!;
    assert.equal(toEqual.location?.line, 24);
    assert.match(toEqual.message, /toEqual/);
    assert.equal(toEqual.expected, JSON.stringify(['hi', 'there'], null, 2));
  });

  it('runs one test by a pattern built from its describe path, and a whole .each template', async () => {
    const file = join(BASIC, 'src', 'math.test.js');
    const blocks = parseTestFile(readFileSync(file, 'utf8'), file).blocks;
    const math = blocks[0]!;
    const add = math.children[0]!;
    const one = await runJest({ cwd: BASIC, command: jestFor(BASIC), files: [file], testNamePattern: blockNamePattern([math, add], add.children[0]!) });
    const ran = one.report.files.flatMap((f) => f.assertions).filter((a) => a.status !== 'skipped').map((a) => a.fullName);
    assert.deepEqual(ran, ['math add adds two numbers']);
    const each = await runJest({ cwd: BASIC, command: jestFor(BASIC), files: [file], testNamePattern: blockNamePattern([math, add], add.children[2]!) });
    const rows = each.report.files.flatMap((f) => f.assertions).filter((a) => a.status !== 'skipped').map((a) => a.fullName);
    assert.deepEqual(rows, ['math add adds 1 + 1 = 2', 'math add adds 2 + 3 = 5', 'math add adds 10 + -4 = 6']);
  });

  it('runs one monorepo package with its own config, from the package folder', async () => {
    const api = join(FIXTURES, 'monorepo', 'packages', 'api');
    const { report } = await runJest({ cwd: api, command: jestFor(api) });
    assert.deepEqual(statuses(report), { 'routes lists /health': 'passed' });
  });

  it('collects coverage as Istanbul JSON', async () => {
    const { coverageJson } = await runJest({ cwd: BASIC, command: jestFor(BASIC), coverage: true });
    assert.ok(coverageJson, 'no coverage-final.json');
    const files = parseCoverage(coverageJson).map((c) => c.file.slice(BASIC.length + 1));
    assert.deepEqual(files.sort(), ['src/math.js', 'src/strings.ts']);
    assert.ok(!existsSync(join(BASIC, 'coverage')), 'coverage must not be written into the project');
  });

  it('fault: Jest not installed — a message that says how to install it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devops-lifecycle-nojest-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"devDependencies":{"jest":"^30.0.0"}}');
      assert.throws(() => jestFor(dir), (e: unknown) => e instanceof JestNotInstalledError && /npm install --save-dev jest/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fault: a Jest config error — what Jest said, and what to do', async () => {
    const dir = join(FAULTS, 'config-error');
    await assert.rejects(runJest({ cwd: dir, command: jestFor(dir) }), (e: unknown) => {
      assert.ok(e instanceof JestRunError);
      assert.equal(e.kind, 'config');
      assert.match(e.message, /a-preset-that-does-not-exist/);
      assert.match(e.message, /Fix the Jest config/);
      return true;
    });
  });

  it('fault: a test file with a syntax error fails as a suite, at its line; the other file still runs', async () => {
    const dir = join(FAULTS, 'syntax-error');
    const { report } = await runJest({ cwd: dir, command: jestFor(dir) });
    const broken = report.files.find((f) => f.file.endsWith('broken.test.js'))!;
    assert.equal(broken.status, 'failed');
    assert.ok(broken.suiteError, 'the broken file has a suite error');
    assert.match(broken.suiteError.message, /SyntaxError/);
    assert.equal(broken.suiteError.location?.line, 6);
    assert.deepEqual(statuses(report), { 'still runs': 'passed' });
    assert.equal(report.summary.failed, 1);
  });

  it('fault: a folder with no tests is an empty, successful run', async () => {
    const dir = join(FAULTS, 'no-tests');
    const { report, exitCode } = await runJest({ cwd: dir, command: jestFor(dir) });
    assert.equal(exitCode, 0);
    assert.deepEqual({ ...report.summary, durationMs: 0 }, { passed: 0, failed: 0, skipped: 0, durationMs: 0 });
  });

  it('fault: Jest crashing, printing non-JSON, or exiting without a report', async () => {
    const dir = join(FAULTS, 'not-jest');
    const fake = (mode: string) => ({ command: process.execPath, args: [join(dir, 'fake-jest.js'), mode], source: 'devopsLifecycle.jest.command' });
    // Each says what happened, where, with what the program said, and (where there is one) what to change.
    const fails = (kind: string, ...says: RegExp[]) => (e: unknown) => {
      assert.ok(e instanceof JestRunError, String(e));
      assert.equal(e.kind, kind, e.message);
      for (const re of says) assert.match(e.message, re);
      return true;
    };
    await assert.rejects(runJest({ cwd: dir, command: fake('garbage') }), fails('bad-report', /not JSON/, /Is devopsLifecycle\.jest\.command really Jest\? It must accept --json --outputFile\./));
    await assert.rejects(runJest({ cwd: dir, command: fake('crash') }), fails('crashed', new RegExp(`^Jest crashed \\(exit code 134\\) in ${dir.replace(/[/.]/g, '\\$&')}: `), /heap out of memory/));
    await assert.rejects(runJest({ cwd: dir, command: fake('silent') }), fails('crashed', /without writing its report/, /silent exit without a report/));
    const missing = { command: '/nonexistent/jest', args: [], source: 'devopsLifecycle.jest.command' };
    await assert.rejects(runJest({ cwd: dir, command: missing }), fails('not-installed', /"\/nonexistent\/jest" from devopsLifecycle\.jest\.command was not found: fix the setting, or clear it to use the project's node_modules\/\.bin\/jest/));
    // A project folder deleted since discovery: Jest is there, the folder is not — said as such, not as "install Jest".
    const gone = join(dir, 'gone');
    await assert.rejects(runJest({ cwd: gone, command: jestFor(BASIC) }), fails('no-folder', new RegExp(`^The Jest project folder ${gone.replace(/[/.]/g, '\\$&')} does not exist any more: refresh the tests`)));
  });

  it('fault: a hanging test is cancelled and the whole Jest process tree ends', async () => {
    if (process.platform !== 'linux') return; // the check below reads /proc
    const dir = join(FAULTS, 'hanging');
    const abort = new AbortController();
    let output = '';
    const run = runJest({ cwd: dir, command: jestFor(dir), signal: abort.signal, onOutput: (c) => (output += c) });
    // Wait until Jest is really inside the test (it has printed its RUNS line or a second has passed).
    const started = Date.now();
    while (processesIn(dir).length === 0 && Date.now() - started < 10_000) await sleep(100);
    assert.ok(processesIn(dir).length > 0, 'Jest did not start');
    await sleep(1500);
    abort.abort();
    await assert.rejects(run, (e: unknown) => e instanceof JestRunError && e.kind === 'cancelled');
    const deadline = Date.now() + 5000;
    while (processesIn(dir).length > 0 && Date.now() < deadline) await sleep(100);
    assert.deepEqual(processesIn(dir), [], `processes still running in ${dir}; output: ${output.slice(0, 300)}`);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Pids whose working directory is `dir` (Jest and any worker it started there). */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === dir) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}
