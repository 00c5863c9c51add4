// `npm run bench:jest`: the Jest capability against its floors, measured in the same run.
//
// 1. Run overhead. A generated suite (40 files × 10 tests = 400 tests, describes, test.each) is run
//    alternately by raw `npx jest --json` (what a user types), by the bare binary `node_modules/.bin/jest
//    --json` (the strictest floor), and by our whole run path: resolve the command, run Jest with our
//    arguments through the process runner, read and map its report onto the statically parsed blocks.
//    Median of N rounds after a warm-up; pass when ours ≤ 1.10 × raw.
// 2. Discovery. A generated npm-workspaces monorepo of 120 packages: our static discovery (projects, test
//    files, every file parsed into blocks) against `jest --listTests` run in each package, the way
//    per-package listing works. Pass when ours < 5 s.
//
// Env: BENCH_JEST_ROUNDS (default 7), BENCH_JEST_PACKAGES (default 120),
//      BENCH_JEST_LIST_SAMPLE (run --listTests in only this many packages and extrapolate; default all).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.BENCH_JEST_ROUNDS ?? 7);
const packages = Number(process.env.BENCH_JEST_PACKAGES ?? 120);
const listSample = Number(process.env.BENCH_JEST_LIST_SAMPLE ?? packages);

const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repo, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const require = createRequire(import.meta.url);
const { runJest } = require(join(repo, 'out/src/core/jest/jestRunner.js'));
const { resolveJestCommand } = require(join(repo, 'out/src/core/jest/jestCommand.js'));
const { discoverJestProjects } = require(join(repo, 'out/src/core/jest/projectDiscovery.js'));
const { parseTestFile } = require(join(repo, 'out/src/core/jest/testFileParser.js'));
const { findBlockForResult } = require(join(repo, 'out/src/core/jest/namePattern.js'));

const work = mkdtempSync(join(tmpdir(), 'devops-lifecycle-bench-jest-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function write(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** A test file: 2 describes × 4 tests + a 2-row test.each = 10 tests. */
function testFile(i) {
  return `const { add } = require('../lib/add');

describe('file ${i}', () => {
  describe('add', () => {
${[0, 1, 2, 3].map((j) => `    test('adds ${j} to ${i}', () => {\n      expect(add(${i}, ${j})).toBe(${i + j});\n    });`).join('\n')}
  });
  describe('identity', () => {
${[0, 1, 2, 3].map((j) => `    it('keeps ${j}', () => {\n      expect(add(${j}, 0)).toBe(${j});\n    });`).join('\n')}
  });
  test.each([[1, 1, 2], [2, 2, 4]])('adds %i + %i = %i', (a, b, c) => {
    expect(add(a, b)).toBe(c);
  });
});
`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

function timed(command, args, cwd) {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

// ---- 1. run overhead -------------------------------------------------------------------------------
const suite = join(work, 'suite');
const FILES = 40;
write(join(suite, 'package.json'), JSON.stringify({ name: 'bench-suite', private: true, devDependencies: { jest: '^30.0.0' } }));
write(join(suite, 'jest.config.js'), "module.exports = { testEnvironment: 'node', roots: ['<rootDir>/test'] };\n");
write(join(suite, 'lib', 'add.js'), 'exports.add = (a, b) => a + b;\n');
for (let i = 0; i < FILES; i++) write(join(suite, 'test', `f${i}.test.js`), testFile(i));
symlinkSync(join(repo, 'node_modules'), join(suite, 'node_modules'), 'dir');

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const bin = join(suite, 'node_modules', '.bin', 'jest');
const ours = async () => {
  const started = performance.now();
  const discovery = await discoverJestProjects(suite);
  const project = discovery.projects[0];
  const parsed = new Map(project.testFiles.map((f) => [f, parseTestFile(readFileSync(f, 'utf8'), f)]));
  const outcome = await runJest({ cwd: project.dir, command: resolveJestCommand(project.dir, suite) });
  let mapped = 0;
  for (const file of outcome.report.files) {
    const blocks = parsed.get(file.file)?.blocks ?? [];
    for (const a of file.assertions) if (findBlockForResult(blocks, a.ancestorTitles, a.title, a.location?.line)) mapped++;
  }
  return { ms: performance.now() - started, tests: outcome.report.summary.passed, mapped };
};

console.log(`\nJest run overhead — ${FILES} files, ${FILES * 10} tests, ${rounds} rounds (after a warm-up), median:`);
timed(npx, ['jest', '--json'], suite);
await ours();
const raw = [];
const bare = [];
const ourRuns = [];
let check;
for (let r = 0; r < rounds; r++) {
  raw.push(timed(npx, ['jest', '--json', `--outputFile=${join(work, 'raw.json')}`], suite));
  bare.push(timed(bin, ['--json', `--outputFile=${join(work, 'bare.json')}`], suite));
  check = await ours();
  ourRuns.push(check.ms);
}
if (check.tests !== FILES * 10 || check.mapped !== FILES * 10) throw new Error(`our run saw ${check.tests} passed and mapped ${check.mapped} of ${FILES * 10}`);
const rawMs = median(raw);
const bareMs = median(bare);
const ourMs = median(ourRuns);
const overRaw = ourMs / rawMs;
const overBare = ourMs / bareMs;
console.log(`  raw npx jest --json           ${fmt(rawMs)}`);
console.log(`  node_modules/.bin/jest --json ${fmt(bareMs)}`);
console.log(`  ours (discover, parse, run, map ${check.mapped} results) ${fmt(ourMs)}`);
console.log(`  ours / raw npx = ${overRaw.toFixed(3)}  (limit 1.10)   ours / bare binary = ${overBare.toFixed(3)}`);

// ---- 2. discovery on a 120-package monorepo --------------------------------------------------------
const mono = join(work, 'monorepo');
write(join(mono, 'package.json'), JSON.stringify({ name: 'bench-mono', private: true, workspaces: ['packages/*'] }));
write(join(mono, '.gitignore'), 'node_modules/\ncoverage/\n');
for (let p = 0; p < packages; p++) {
  const dir = join(mono, 'packages', `pkg-${p}`);
  const kind = p % 3;
  write(join(dir, 'package.json'), JSON.stringify({
    name: `@bench/pkg-${p}`,
    scripts: { test: 'jest' },
    devDependencies: { jest: '^30.0.0' },
    ...(kind === 2 ? { jest: { testEnvironment: 'node', testMatch: ['<rootDir>/spec/**/*.spec.js'] } } : {}),
  }));
  if (kind === 0) write(join(dir, 'jest.config.js'), "module.exports = { testEnvironment: 'node', roots: ['<rootDir>/src'] };\n");
  if (kind === 1) write(join(dir, 'jest.config.json'), JSON.stringify({ testEnvironment: 'node' }));
  write(join(dir, 'src', 'index.js'), 'module.exports = {};\n');
  for (let f = 0; f < 3; f++) {
    const path = kind === 2 ? join(dir, 'spec', `m${f}.spec.js`) : kind === 1 ? join(dir, '__tests__', `m${f}.js`) : join(dir, 'src', `m${f}.test.js`);
    write(path, testFile(f).replace("'../lib/add'", "'../src/index'"));
  }
}
symlinkSync(join(repo, 'node_modules'), join(mono, 'node_modules'), 'dir');

console.log(`\nDiscovery — npm workspaces monorepo of ${packages} packages (${packages * 3} test files):`);
const discoveryRuns = [];
let found;
for (let r = 0; r < 3; r++) {
  const started = performance.now();
  const d = await discoverJestProjects(mono);
  let blocks = 0;
  for (const p of d.projects) for (const f of p.testFiles) blocks += parseTestFile(readFileSync(f, 'utf8'), f).blocks.length;
  discoveryRuns.push(performance.now() - started);
  found = { projects: d.projects.length, files: d.projects.reduce((n, p) => n + p.testFiles.length, 0), blocks };
}
if (found.projects !== packages || found.files !== packages * 3) throw new Error(`discovery found ${JSON.stringify(found)}`);
const discoveryMs = median(discoveryRuns);

const listStarted = performance.now();
let listed = 0;
for (let p = 0; p < Math.min(listSample, packages); p++) {
  const dir = join(mono, 'packages', `pkg-${p}`);
  const r = spawnSync(bin, ['--listTests'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`jest --listTests in pkg-${p} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  listed += r.stdout.split('\n').filter((l) => l.trim()).length;
}
const listMs = ((performance.now() - listStarted) / Math.min(listSample, packages)) * packages;
if (listSample >= packages && listed !== packages * 3) throw new Error(`--listTests listed ${listed} files, discovery ${found.files}`);
console.log(`  ours: ${found.projects} projects, ${found.files} files, ${found.blocks} top-level blocks parsed in ${fmt(discoveryMs)} (limit 5 s)`);
console.log(`  jest --listTests per package: ${fmt(listMs)}${listSample < packages ? ` (extrapolated from ${listSample})` : ''}, listing ${listed} files`);
console.log(`  ours is ${(listMs / discoveryMs).toFixed(0)}× faster`);

const ok = overRaw <= 1.1 && discoveryMs < 5000;
console.log(`\n${JSON.stringify({ rawMs: Math.round(rawMs), bareMs: Math.round(bareMs), ourMs: Math.round(ourMs), overRaw: +overRaw.toFixed(3), overBare: +overBare.toFixed(3), discoveryMs: Math.round(discoveryMs), listTestsMs: Math.round(listMs), packages })}`);
console.log(ok ? 'bench:jest: within limits' : 'bench:jest: OVER A LIMIT');
process.exit(ok ? 0 : 1);
