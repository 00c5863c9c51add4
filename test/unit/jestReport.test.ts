// Jest's JSON report on literal strings (statuses, durations, failures with expected/actual and the
// failing line, suites that did not run, reports that are not Jest's), name patterns from titles, the
// matching of reported results to parsed blocks, run planning, the command line and coverage.
import * as assert from 'node:assert/strict';
import { parseCoverage } from '../../src/core/jest/coverage';
import { buildJestArgs, findLocalJest, JestNotInstalledError, resolveJestCommand, splitCommandLine } from '../../src/core/jest/jestCommand';
import { expectedReceived, JestReportError, parseFailure, parseJestReport, stripAnsi } from '../../src/core/jest/jestReport';
import type { JestProject } from '../../src/core/jest/model';
import { blockNamePattern, combinePatterns, findBlockForResult, titleMatches, titlePattern } from '../../src/core/jest/namePattern';
import { planRuns } from '../../src/core/jest/runPlan';
import { parseTestFile } from '../../src/core/jest/testFileParser';

const FILE = '/w/p/src/math.test.js';
const failureMessage = [
  'Error: \u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoBe\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m) // Object.is equality\u001b[22m',
  '',
  'Expected: \u001b[32m5\u001b[39m',
  'Received: \u001b[31m4\u001b[39m',
  '    at Object.toBe (/w/p/src/helpers.js:3:10)',
  `    at Object.<anonymous> (${FILE}:10:25)`,
  '    at Promise.finally.completed (/w/p/node_modules/jest-circus/build/jestAdapterInit.js:1834:28)',
].join('\n');

const REPORT = JSON.stringify({
  success: false,
  numPassedTests: 2,
  numFailedTests: 1,
  numPendingTests: 1,
  numTodoTests: 1,
  numRuntimeErrorTestSuites: 1,
  startTime: 1000,
  testResults: [
    {
      name: FILE,
      status: 'failed',
      message: '',
      startTime: 1000,
      endTime: 1250,
      assertionResults: [
        { ancestorTitles: ['math', 'add'], title: 'adds', fullName: 'math add adds', status: 'passed', duration: 3, location: { line: 5, column: 5 }, failureMessages: [], failureDetails: [] },
        {
          ancestorTitles: ['math', 'add'], title: 'is wrong', fullName: 'math add is wrong', status: 'failed', duration: 2, location: { line: 9, column: 5 },
          failureMessages: [failureMessage], failureDetails: [{ matcherResult: { actual: 4, expected: 5, pass: false } }],
        },
        { ancestorTitles: ['math'], title: 'adds 1 + 1 = 2', fullName: 'math adds 1 + 1 = 2', status: 'passed', duration: 1, location: null, failureMessages: [] },
        { ancestorTitles: ['math'], title: 'rounds', fullName: 'math rounds', status: 'pending', duration: null, failureMessages: [] },
        { ancestorTitles: [], title: 'multiplies', fullName: 'multiplies', status: 'todo', failureMessages: [] },
      ],
    },
    {
      name: '/w/p/src/broken.test.js',
      status: 'failed',
      message: '  ● Test suite failed to run\n\n    SyntaxError: /w/p/src/broken.test.js: Unexpected token (7:14)\n\n       5 |\n',
      assertionResults: [],
    },
  ],
});

describe('jest report', () => {
  it('reads statuses, durations, locations (0-based) and the summary', () => {
    const r = parseJestReport(REPORT);
    assert.deepEqual(r.summary, { passed: 2, failed: 2, skipped: 2, durationMs: 250 });
    assert.equal(r.failedSuites, 1);
    const [math, broken] = r.files;
    assert.deepEqual(math!.assertions.map((a) => [a.fullName, a.status, a.durationMs, a.location]), [
      ['math add adds', 'passed', 3, { line: 4, column: 4 }],
      ['math add is wrong', 'failed', 2, { line: 8, column: 4 }],
      ['math adds 1 + 1 = 2', 'passed', 1, undefined],
      ['math rounds', 'skipped', undefined, undefined],
      ['multiplies', 'skipped', undefined, undefined],
    ]);
    assert.equal(math!.suiteError, undefined);
    assert.deepEqual(broken!.suiteError?.location, { file: '/w/p/src/broken.test.js', line: 6, column: 14 });
    assert.match(broken!.suiteError!.message, /^SyntaxError: .*Unexpected token/);
  });

  it('turns a failure into message, expected/actual and the line in the test file (not in a helper)', () => {
    const f = parseJestReport(REPORT).files[0]!.assertions[1]!.failures[0]!;
    assert.equal(f.message, 'expect(received).toBe(expected) // Object.is equality\n\nExpected: 5\nReceived: 4');
    assert.equal(f.expected, '5');
    assert.equal(f.actual, '4');
    assert.deepEqual(f.location, { file: FILE, line: 9, column: 24 });
  });

  it('falls back to Expected:/Received: lines without matcher details, and pretty-prints objects', () => {
    const f = parseFailure('Error: expect(received).toHaveLength(expected)\n\nExpected length: 3\nReceived length: 2\nReceived array:  [1, 2]\n    at x (/a.js:1:1)', '/t.js');
    assert.equal(f.expected, '3');
    assert.match(f.actual!, /^2/);
    assert.equal(f.location, undefined);
    assert.deepEqual(expectedReceived('Expected: "a"\nReceived: "b"'), { expected: '"a"', actual: '"b"' });
    assert.equal(expectedReceived('Error: boom'), undefined);
    const o = parseFailure('Error: deep', '/t.js', { matcherResult: { expected: { a: [1] }, actual: { a: [2] } } });
    assert.equal(o.expected, '{\n  "a": [\n    1\n  ]\n}');
    assert.equal(stripAnsi('\u001b[1m\u001b[31mred\u001b[39m\u001b[22m'), 'red');
  });

  it('rejects what is not Jest\'s report with a clear error', () => {
    assert.throws(() => parseJestReport('hello from not-jest'), JestReportError);
    assert.throws(() => parseJestReport('{"numTotalTests": 0}'), /no "testResults"/);
  });
});

describe('jest name patterns', () => {
  const src = [
    "describe('math (v2)', () => {",
    "  describe('add', () => {",
    "    test('adds 1+1', () => {});",
    "    test.each([[1, 2]])('adds %i + %i = $sum %%', () => {});",
    "    test(`computed ${name}`, () => {});",
    '  });',
    "  test('adds 1+1', () => {});",
    '});',
  ].join('\n');
  const blocks = parseTestFile(src, 'n.test.js').blocks;
  const math = blocks[0]!;
  const add = math.children[0]!;

  it('escapes literal titles and anchors a test; a describe selects what is under it', () => {
    assert.equal(blockNamePattern([math, add], add.children[0]!), '^math \\(v2\\) add adds 1\\+1$');
    assert.equal(blockNamePattern([math], add), '^math \\(v2\\) add( |$)');
    const re = new RegExp(blockNamePattern([math], add));
    assert.ok(re.test('math (v2) add adds 1+1'));
    assert.ok(!re.test('math (v2) addition x'));
  });

  it('turns .each placeholders and computed parts into wildcards', () => {
    assert.equal(titlePattern(add.children[1]!.nameParts), 'adds .* \\+ .* = .* %');
    assert.ok(titleMatches(add.children[1]!.nameParts, 'adds 1 + 2 = 3 %'));
    assert.ok(titleMatches(add.children[2]!.nameParts, 'computed anything'));
    assert.ok(!titleMatches(add.children[0]!.nameParts, 'adds 1+1 '));
    assert.equal(combinePatterns(['^a$', '^b( |$)', '^a$']), '(?:^a$)|(?:^b( |$))');
  });

  it('matches reported results to blocks: by describe path, template rows, and the reported line among twins', () => {
    assert.equal(findBlockForResult(blocks, ['math (v2)', 'add'], 'adds 1+1')?.block, add.children[0]);
    assert.equal(findBlockForResult(blocks, ['math (v2)'], 'adds 1+1')?.block, math.children[1]);
    assert.equal(findBlockForResult(blocks, ['math (v2)', 'add'], 'adds 3 + 4 = 7 %')?.block, add.children[1]);
    assert.equal(findBlockForResult(blocks, ['math (v2)', 'add'], 'nothing like it'), undefined);
    const twins = parseTestFile("test('same', () => {});\ntest('same', () => {});", 't.js').blocks;
    assert.equal(findBlockForResult(twins, [], 'same', 1)?.block, twins[1]);
  });
});

describe('jest run planning and command line', () => {
  const p = (dir: string): JestProject => ({ id: dir, name: dir, dir: `/w/${dir}`, config: { dynamicKeys: [] }, reason: 'test' });
  const a = p('a');
  const b = p('b');
  const blocks = parseTestFile("describe('d', () => { test('t', () => {}); test('u', () => {}); });", 'x.test.js').blocks;
  const d = blocks[0]!;

  it('one run per project; whole files and named tests in separate runs; a project swallows the rest', () => {
    assert.deepEqual(planRuns([{ kind: 'project', project: a }, { kind: 'file', project: a, file: '/w/a/x.test.js' }]), [{ project: a }]);
    assert.deepEqual(
      planRuns([
        { kind: 'file', project: a, file: '/w/a/x.test.js' },
        { kind: 'block', project: a, file: '/w/a/y.test.js', path: [d], block: d.children[0]! },
        { kind: 'block', project: a, file: '/w/a/y.test.js', path: [d], block: d.children[1]! },
        { kind: 'block', project: a, file: '/w/a/x.test.js', path: [d], block: d.children[1]! },
        { kind: 'file', project: b, file: '/w/b/z.test.js' },
      ]),
      [
        { project: a, files: ['/w/a/x.test.js'] },
        { project: a, files: ['/w/a/y.test.js'], testNamePattern: '(?:^d t$)|(?:^d u$)' },
        { project: b, files: ['/w/b/z.test.js'] },
      ],
    );
  });

  it('builds Jest\'s arguments: JSON report with locations, CI mode, pattern with =, files by path', () => {
    assert.deepEqual(buildJestArgs({ outputFile: '/tmp/r.json', files: ['/w/a (1)/x.test.js'], testNamePattern: '-starts with a dash', coverageDirectory: '/tmp/c' }), [
      '--ci', '--json', '--outputFile=/tmp/r.json', '--testLocationInResults', '--passWithNoTests', '--colors',
      '--coverage', '--coverageReporters=json', '--coverageDirectory=/tmp/c',
      '--testNamePattern=-starts with a dash',
      '--runTestsByPath', '/w/a (1)/x.test.js',
    ]);
  });

  it('splits the command setting like a shell would, without being one', () => {
    assert.deepEqual(splitCommandLine(`npx jest --config "my config.js" -t 'a b' x\\ y $HOME;rm`), ['npx', 'jest', '--config', 'my config.js', '-t', 'a b', 'x y', '$HOME;rm']);
    assert.throws(() => splitCommandLine('jest "open'), /unclosed " quote/);
  });

  it('finds the project\'s Jest upwards (hoisted monorepos), else says how to install it', () => {
    const exists = (f: string) => f === '/repo/node_modules/.bin/jest';
    if (process.platform !== 'win32') {
      assert.equal(findLocalJest('/repo/packages/a', exists), '/repo/node_modules/.bin/jest');
      assert.deepEqual(resolveJestCommand('/repo/packages/a', '/repo', '', exists), { command: '/repo/node_modules/.bin/jest', args: [], source: '/repo/node_modules/.bin/jest' });
    }
    assert.throws(() => resolveJestCommand('/elsewhere/p', '/elsewhere', undefined, () => false), (e: unknown) => {
      assert.ok(e instanceof JestNotInstalledError);
      assert.match(e.message, /npm install --save-dev jest/);
      return true;
    });
    assert.deepEqual(resolveJestCommand('/w/p', '/w', 'tools/jest.sh --silent'), { command: '/w/tools/jest.sh', args: ['--silent'], source: 'devopsLifecycle.jest.command' });
    assert.deepEqual(resolveJestCommand('/w/p', '/w', 'npx jest').command, 'npx');
  });

  it('reads Istanbul coverage into totals and 0-based ranges', () => {
    const json = JSON.stringify({
      '/w/p/src/math.js': {
        path: '/w/p/src/math.js',
        statementMap: { 0: { start: { line: 2, column: 2 }, end: { line: 2, column: 15 } }, 1: { start: { line: 6, column: 2 }, end: { line: 6, column: null } } },
        s: { 0: 3, 1: 0 },
        fnMap: { 0: { name: 'add', decl: { start: { line: 1, column: 9 }, end: { line: 1, column: 12 } }, loc: { start: { line: 1, column: 0 }, end: { line: 3, column: 1 } } } },
        f: { 0: 3 },
        branchMap: { 0: { locations: [{ start: { line: 6, column: 2 }, end: { line: 6, column: 20 } }, { start: { line: 6, column: 2 }, end: { line: 6, column: 20 } }] } },
        b: { 0: [0, 2] },
      },
    });
    const [c] = parseCoverage(json);
    assert.deepEqual([c!.statements, c!.functions, c!.branches], [{ covered: 1, total: 2 }, { covered: 1, total: 1 }, { covered: 1, total: 2 }]);
    assert.deepEqual(c!.statementDetails[0], { range: { start: { line: 1, column: 2 }, end: { line: 1, column: 15 } }, count: 3 });
    assert.equal(c!.functionDetails[0]!.name, 'add');
  });
});
