// `npm run bench:gitflow [-- --runs N]`: our gitflow against git-flow AVH (`git flow`, the floor), in the
// same run, on identical copies of one repository. Each run times a feature start+finish and a release
// start+finish with each contender (the commit in between is made outside the timing), alternating who
// goes first, and prints the medians, the ratio AVH ÷ ours, and how many git processes each one starts.
// Contenders: AVH; our engine in-process (as the extension runs it); our CLI (node start-up included).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;

execFileSync(process.execPath, [join(root, 'esbuild.config.mjs')], { cwd: root, stdio: 'inherit' });
const { Git, startFlow, finishFlow } = await import(pathToFileURL(join(root, 'out', 'src', 'core', 'gitflow', 'index.js')).href);
const cli = join(root, 'dist', 'cli.js');

// The machine's git config must not change the outcome; identity and dates are pinned.
const ENV = {
  ...process.env,
  LC_ALL: 'C',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.test',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.test',
};

function run(cmd, argv, cwd, env = ENV) {
  const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', input: '' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed in ${cwd}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}
const git = (cwd, ...a) => run('git', a, cwd);

const avhVersion = spawnSync('git', ['flow', 'version'], { encoding: 'utf8' });
if (avhVersion.status !== 0) {
  console.error('git-flow AVH is not installed (Debian package git-flow): run scripts/install-system-deps.sh');
  process.exit(1);
}

// A template repository with some history: 300 files over 30 commits, initialised by `git flow init -d`.
const work = mkdtempSync(join(tmpdir(), 'devops-lifecycle-bench-gitflow-'));
const template = join(work, 'template');
mkdirSync(template);
git(template, 'init', '-q', '-b', 'main');
for (let c = 0; c < 30; c++) {
  for (let f = 0; f < 10; f++) {
    const file = join(template, `src/module-${f}/file-${c}.txt`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `module ${f}, change ${c}\n`.repeat(20));
  }
  git(template, 'add', '-A');
  git(template, 'commit', '-q', '-m', `change ${c}`);
}
run('git', ['flow', 'init', '-d'], template);

function copy(name) {
  const dir = join(work, name);
  cpSync(template, dir, { recursive: true });
  return dir;
}

function commit(dir, file, text) {
  writeFileSync(join(dir, file), text);
  git(dir, 'add', file);
  git(dir, 'commit', '-q', '-m', `edit ${file}`);
}

/** Runs `step` and returns its wall time in ms. */
async function time(step) {
  const t0 = performance.now();
  await step();
  return performance.now() - t0;
}

const contenders = {
  avh: {
    label: 'git flow (AVH 1.12.3)',
    start: (dir, kind, name) => run('git', ['flow', kind, 'start', name], dir),
    finish: (dir, kind, name) => run('git', ['flow', kind, 'finish', ...(kind === 'release' ? ['-m', `Release ${name}`] : []), name], dir),
  },
  engine: {
    label: 'ours, in-process (the extension)',
    start: (dir, kind, name) => startFlow(new Git(dir, { env: ENV }), { kind, name }),
    finish: (dir, kind, name) => finishFlow(new Git(dir, { env: ENV }), { branch: `${kind}/${name}`, tagMessage: `Release ${name}` }),
  },
  cli: {
    label: 'ours, CLI (node start-up included)',
    start: (dir, kind, name) => run(process.execPath, [cli, 'flow', 'start', kind, name], dir),
    finish: (dir, kind, name) => run(process.execPath, [cli, 'flow', 'finish', `${kind}/${name}`, ...(kind === 'release' ? ['--message', `Release ${name}`] : [])], dir),
  },
};

/** One feature start+finish and one release start+finish; returns the two timings. */
async function scenario(contender, dir, i) {
  const c = contenders[contender];
  const feature =
    (await time(() => c.start(dir, 'feature', `f${i}`))) +
    (commit(dir, `feature-${i}.txt`, 'a\n'), commit(dir, `feature-${i}.txt`, 'b\n'), await time(() => c.finish(dir, 'feature', `f${i}`)));
  const release =
    (await time(() => c.start(dir, 'release', `1.${i}.0`))) +
    (commit(dir, 'VERSION', `1.${i}.0\n`), await time(() => c.finish(dir, 'release', `1.${i}.0`)));
  return { feature, release };
}

const names = Object.keys(contenders);
const samples = Object.fromEntries(names.map((n) => [n, { feature: [], release: [] }]));
const results = {};
for (let i = 0; i < runs; i++) {
  // Rotate the order so no contender always runs on a warm or a cold cache.
  const order = names.map((_, k) => names[(k + i) % names.length]);
  for (const name of order) {
    const dir = copy(`${name}-${i}`);
    const t = await scenario(name, dir, i);
    samples[name].feature.push(t.feature);
    samples[name].release.push(t.release);
    results[name] = dir;
  }
}

// The same scenario once more per contender with GIT_TRACE on, to count the git processes it starts.
function countGit(name) {
  const dir = copy(`${name}-trace`);
  const trace = join(work, `${name}.trace`);
  process.env.GIT_TRACE = trace;
  ENV.GIT_TRACE = trace;
  return scenario(name, dir, 99).then(() => {
    delete process.env.GIT_TRACE;
    delete ENV.GIT_TRACE;
    // Our own commits in between are traced too: subtract them (2 per feature commit pair + 1 release commit, 2 git calls each).
    const lines = readFileSync(trace, 'utf8').split('\n').filter((l) => / trace: built-in: git /.test(l)).length;
    return lines - 3 * 2;
  });
}
const gitProcesses = {};
for (const name of names) gitProcesses[name] = await countGit(name);

// Sanity: every contender left the same branches and tags (AVH's -m appends the version to the tag message,
// so tag and develop ids may differ; the names and production's tree must not).
const shape = (dir) => git(dir, 'for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags');
const first = shape(results.avh);
for (const name of names) if (shape(results[name]) !== first) throw new Error(`${name} left different refs:\n${shape(results[name])}\nvs\n${first}`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1).padStart(7)} ms`;
console.log(`\ngitflow benchmark — ${runs} runs, medians (feature: start + finish of a 2-commit feature; release: start + finish with tag)`);
console.log(`${'contender'.padEnd(36)} ${'feature'.padStart(10)} ${'release'.padStart(10)}   git processes`);
for (const name of names) {
  const s = samples[name];
  console.log(`${contenders[name].label.padEnd(36)} ${fmt(median(s.feature))} ${fmt(median(s.release))}   ${gitProcesses[name]}`);
}
const ratio = (name, what) => median(samples.avh[what]) / median(samples[name][what]);
console.log('');
for (const name of names.filter((n) => n !== 'avh')) {
  console.log(`AVH ÷ ${contenders[name].label}: feature ${ratio(name, 'feature').toFixed(1)}×, release ${ratio(name, 'release').toFixed(1)}× faster`);
}
rmSync(work, { recursive: true, force: true });
