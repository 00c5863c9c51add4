// Discovery without running Jest: static config reading (JSON and the literal parts of JS/TS configs),
// Jest's test-file rule, projects in npm/yarn/pnpm workspaces, packages without Jest, .gitignore.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { discoverJestProjects } from '../../src/core/jest/projectDiscovery';
import { configFromJson, configFromSource } from '../../src/core/jest/staticConfig';
import { createTestFileMatcher } from '../../src/core/jest/testFileMatcher';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'jest');
const tmpDirs: string[] = [];
after(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** A folder in the temp dir with the given files (path → content). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'devops-lifecycle-jest-disc-'));
  tmpDirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const rel = (root: string, files: readonly string[]) => files.map((f) => relative(root, f).split('\\').join('/'));

describe('jest static config', () => {
  it('reads package.json / jest.config.json values and keeps only well-typed keys', () => {
    assert.deepEqual(configFromJson({ roots: ['<rootDir>/src'], testRegex: '\\.check\\.js$', testMatch: 'not-an-array', verbose: true }), {
      roots: ['<rootDir>/src'],
      testRegex: ['\\.check\\.js$'],
      dynamicKeys: ['testMatch'],
    });
  });

  it('reads module.exports, export default, defineConfig, a named const, satisfies and spreads', () => {
    assert.deepEqual(configFromSource("module.exports = { roots: ['<rootDir>/src'], testEnvironment: 'node' };", 'jest.config.js'), {
      roots: ['<rootDir>/src'],
      dynamicKeys: [],
    });
    const ts = [
      "import type { Config } from 'jest';",
      "const base = { testPathIgnorePatterns: ['/node_modules/', '/e2e/'] };",
      "const testMatch = ['**/*.check.ts'];",
      "const config = { ...base, testMatch, rootDir: `.` } satisfies Config;",
      'export default config;',
    ].join('\n');
    assert.deepEqual(configFromSource(ts, 'jest.config.ts'), {
      testPathIgnorePatterns: ['/node_modules/', '/e2e/'],
      testMatch: ['**/*.check.ts'],
      rootDir: '.',
      dynamicKeys: [],
    });
    assert.deepEqual(configFromSource("import { defineConfig } from 'x';\nexport default defineConfig({ testRegex: /\\.t\\.js$/ });", 'jest.config.mjs'), {
      testRegex: ['\\.t\\.js$'],
      dynamicKeys: [],
    });
    assert.deepEqual(configFromSource('module.exports = async () => ({ roots: ["lib"] });', 'jest.config.cjs'), { roots: ['lib'], dynamicKeys: [] });
  });

  it('says which keys it could not read instead of running the config', () => {
    const src = "const path = require('path');\nmodule.exports = { roots: [path.join(__dirname, 'src')], testMatch: process.env.CI ? ['a'] : ['b'], ...require('./base') };";
    assert.deepEqual(configFromSource(src, 'jest.config.js'), { dynamicKeys: ['roots', 'testMatch', '(spread)'] });
    assert.deepEqual(configFromSource('module.exports = makeConfig();', 'jest.config.js'), { dynamicKeys: ['(the exported config is computed)'] });
    assert.deepEqual(configFromSource('module.exports = {', 'jest.config.js').dynamicKeys.length > 0, true);
  });
});

describe('jest test-file rule', () => {
  it('applies Jest 30 defaults: __tests__, .test., .spec., all JS/TS extensions, not node_modules', () => {
    const m = createTestFileMatcher('/p', { dynamicKeys: [] });
    const yes = ['/p/a.test.js', '/p/src/a.spec.tsx', '/p/__tests__/x.mjs', '/p/src/__tests__/deep/y.cts', '/p/test.js'];
    const no = ['/p/a.js', '/p/a.test.json', '/p/node_modules/x/a.test.js', '/p/a.test.py', '/p/tests/a.js'];
    for (const f of yes) assert.equal(m(f), true, f);
    for (const f of no) assert.equal(m(f), false, f);
  });

  it('honours roots, testMatch with <rootDir> and negation, testRegex, ignore patterns and extensions', () => {
    const roots = createTestFileMatcher('/p', { roots: ['<rootDir>/src'], dynamicKeys: [] });
    assert.equal(roots('/p/src/a.test.js'), true);
    assert.equal(roots('/p/other/a.test.js'), false);
    const match = createTestFileMatcher('/p', { testMatch: ['<rootDir>/src/**/*.check.js', '!**/skip/**'], dynamicKeys: [] });
    assert.equal(match('/p/src/a.check.js'), true);
    assert.equal(match('/p/src/skip/a.check.js'), false);
    assert.equal(match('/p/src/a.test.js'), false);
    const regex = createTestFileMatcher('/p', { testRegex: ['/spec/.*\\.js$'], testPathIgnorePatterns: ['<rootDir>/spec/old/'], dynamicKeys: [] });
    assert.equal(regex('/p/spec/a.js'), true);
    assert.equal(regex('/p/spec/old/a.js'), false);
    const ext = createTestFileMatcher('/p', { moduleFileExtensions: ['js'], dynamicKeys: [] });
    assert.equal(ext('/p/a.test.ts'), false);
    assert.equal(ext('/p/a.test.js'), true);
  });
});

describe('jest project discovery', () => {
  it('finds the basic fixture: one project from jest.config.js, test files under its roots', async () => {
    const root = join(FIXTURES, 'basic');
    const d = await discoverJestProjects(root);
    assert.deepEqual(d.projects.map((p) => [p.id, p.name, p.reason]), [['.', 'jest-basic', 'jest.config.js']]);
    assert.deepEqual(rel(root, d.projects[0]!.testFiles), ['src/math.test.js', 'src/strings.test.ts']);
  });

  it('finds npm workspace packages with Jest, skips a package without it and a negated glob', async () => {
    const root = join(FIXTURES, 'monorepo');
    const d = await discoverJestProjects(root);
    assert.deepEqual(d.projects.map((p) => [p.id, p.name, p.reason, rel(root, p.testFiles)]), [
      ['packages/api', '@mono/api', 'package.json "jest"', ['packages/api/src/routes.spec.js']],
      ['packages/web', '@mono/web', 'jest.config.json', ['packages/web/__tests__/render.js']],
    ]);
    assert.deepEqual(d.skipped, [{ dir: 'packages/docs', reason: 'no jest dependency, jest config or jest test script' }]);
  });

  it('reads pnpm-workspace.yaml and yarn\'s {packages} form; a root that only hoists jest is not a project', async () => {
    const root = tree({
      'package.json': JSON.stringify({ name: 'r', devDependencies: { jest: '30' } }),
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'libs/**'\n",
      'apps/one/package.json': JSON.stringify({ name: 'one', scripts: { test: 'jest --ci' } }),
      'apps/one/one.test.ts': "test('one', () => {});",
      'libs/deep/two/package.json': JSON.stringify({ name: 'two', devDependencies: { jest: '30' } }),
      'libs/deep/two/__tests__/two.js': "test('two', () => {});",
    });
    const d = await discoverJestProjects(root);
    assert.deepEqual(d.projects.map((p) => [p.id, p.reason, rel(root, p.testFiles)]), [
      ['apps/one', 'test script runs jest', ['apps/one/one.test.ts']],
      ['libs/deep/two', 'jest dependency', ['libs/deep/two/__tests__/two.js']],
    ]);
    const yarn = tree({
      'package.json': JSON.stringify({ workspaces: { packages: ['pkgs/*'] } }),
      'pkgs/a/package.json': JSON.stringify({ name: 'a', jest: { testMatch: ['**/*.t.js'] } }),
      'pkgs/a/x.t.js': '',
      'pkgs/a/x.test.js': '',
    });
    const y = await discoverJestProjects(yarn);
    assert.deepEqual(y.projects.map((p) => [p.name, rel(yarn, p.testFiles)]), [['a', ['pkgs/a/x.t.js']]]);
  });

  it('gives a package\'s files to the package, the rest to the root; honours .gitignore and node_modules', async () => {
    const root = tree({
      'package.json': JSON.stringify({ name: 'r', workspaces: ['packages/*'], devDependencies: { jest: '30' } }),
      '.gitignore': 'build/\n*.generated.test.js\n',
      'scripts/check.test.js': '',
      'build/copy.test.js': '',
      'src/x.generated.test.js': '',
      'node_modules/dep/index.test.js': '',
      'packages/p/package.json': JSON.stringify({ name: 'p', devDependencies: { jest: '30' } }),
      'packages/p/.gitignore': 'out/\n',
      'packages/p/a.test.js': '',
      'packages/p/out/a.test.js': '',
    });
    const d = await discoverJestProjects(root);
    assert.deepEqual(d.projects.map((p) => [p.id, rel(root, p.testFiles)]), [
      ['.', ['scripts/check.test.js']],
      ['packages/p', ['packages/p/a.test.js']],
    ]);
  });

  it('a folder with no tests: the project is found with no test files; a folder without Jest has no project', async () => {
    const noTests = await discoverJestProjects(join(FIXTURES, 'faults', 'no-tests'));
    assert.deepEqual(noTests.projects.map((p) => [p.name, p.testFiles.length]), [['jest-no-tests', 0]]);
    const plain = tree({ 'package.json': JSON.stringify({ name: 'x', scripts: { test: 'mocha' } }), 'a.test.js': '' });
    const none = await discoverJestProjects(plain);
    assert.deepEqual(none.projects, []);
    const empty = await discoverJestProjects(tree({ 'README.md': 'hi' }));
    assert.deepEqual(empty.projects, []);
  });

  it('notes a config it can only read in part, and a broken package.json, without failing', async () => {
    const root = tree({
      'package.json': '{ "name": "broken", ',
      'jest.config.js': "module.exports = { roots: [require('path').join(__dirname, 'lib')] };",
      'lib/a.test.js': '',
    });
    const d = await discoverJestProjects(root);
    assert.equal(d.projects.length, 1);
    assert.deepEqual(rel(root, d.projects[0]!.testFiles), ['lib/a.test.js']);
    assert.ok(d.notes.some((n) => /package\.json is not valid JSON/.test(n)), d.notes.join('\n'));
    assert.ok(d.notes.some((n) => /jest\.config\.js: roots could not be read/.test(n)), d.notes.join('\n'));
  });

  it('follows a root config\'s `projects` globs with each folder\'s own config', async () => {
    const root = tree({
      'package.json': JSON.stringify({ name: 'multi', devDependencies: { jest: '30' } }),
      'jest.config.js': "module.exports = { projects: ['<rootDir>/modules/*'] };",
      'modules/a/jest.config.js': "module.exports = { testMatch: ['**/*.unit.js'] };",
      'modules/a/x.unit.js': '',
      'modules/a/x.test.js': '',
      'modules/b/y.test.js': '',
      'other/z.test.js': '',
    });
    const d = await discoverJestProjects(root);
    assert.deepEqual(d.projects.map((p) => [p.id, rel(root, p.testFiles)]), [['.', ['modules/a/x.unit.js', 'modules/b/y.test.js']]]);
  });
});
