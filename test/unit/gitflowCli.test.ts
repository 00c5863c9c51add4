// `devops-lifecycle flow …` as a user runs it (node dist/cli.js in a child process): the same engine as
// the extension, a one-line summary or --json, and exit codes 0 ok / 1 failed (one line on stderr) / 2 usage.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { commitFile, git, gitEnv, head, newRepo, removeTmpDirs, tmpDir } from './gitflowTestRepo';

const CLI = join(resolve(__dirname, '../../..'), 'dist', 'cli.js');

function flow(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'flow', ...args], { cwd, encoding: 'utf8', env: gitEnv(), timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(removeTmpDirs);

describe('CLI: devops-lifecycle flow', () => {
  before(() => assert.ok(fs.existsSync(CLI), `${CLI} is missing: build it first (node esbuild.config.mjs)`));

  it('init, start, finish and status with -C, as one-line summaries', () => {
    const dir = newRepo();
    const elsewhere = tmpDir('cwd-');
    let r = flow(elsewhere, '-C', dir, 'init');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'gitflow initialised: production main, development develop (created develop)\n');
    r = flow(elsewhere, '-C', dir, 'start', 'feature', 'cli');
    assert.equal(r.stdout, 'started feature/cli from develop\n');
    commitFile(dir, 'cli.txt', 'cli\n');
    r = flow(dir, 'status');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^on feature\/cli\ngitflow: production main, development develop\n {2}\* feature {2}feature\/cli \(from develop\)\n$/);
    r = flow(dir, 'finish');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'finished feature/cli: merged into develop, branch deleted; on develop\n');
    assert.equal(r.stderr, '');
  });

  it('--json prints the result objects of the product sheet', () => {
    const dir = newRepo();
    const init = JSON.parse(flow(dir, 'init', '--develop', 'dev', '--prefix', 'versiontag=v', '--json').stdout);
    assert.equal(init.develop, 'dev');
    assert.equal(init.prefixes.versiontag, 'v');
    const start = JSON.parse(flow(dir, 'start', 'release', '1.0', '--json').stdout);
    assert.deepEqual(start, { branch: 'release/1.0', kind: 'release', base: 'dev' });
    commitFile(dir, 'VERSION', '1.0\n');
    const finish = JSON.parse(flow(dir, 'finish', 'release/1.0', '--message', 'Release one', '--json').stdout);
    assert.deepEqual(finish, { branch: 'release/1.0', kind: 'release', mergedInto: ['main', 'dev'], tag: 'v1.0', deleted: true, resumed: false, current: 'dev' });
    assert.equal(git(dir, 'tag', '-l', '--format=%(contents:subject)', 'v1.0'), 'Release one');
  });

  it('exit 1 with one line on stderr when the operation fails', () => {
    const plain = tmpDir('plain-');
    let r = flow(plain, 'start', 'feature', 'x');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^devops-lifecycle: .* is not in a git repository.*\n$/);
    r = flow(plain, '-C', 'missing', 'status');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^devops-lifecycle: .*missing does not exist or is not a folder\.\n$/);
    const dir = newRepo();
    flow(dir, 'init');
    r = flow(dir, 'start', 'feature', '-rf');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, "devops-lifecycle: Cannot start feature '-rf': a name cannot start with '-'.\n");
    r = flow(dir, 'start', 'feature', 'a..b');
    assert.equal(r.status, 1);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
  });

  it('a conflict: exit 1 saying how to continue or abort; --abort puts everything back', () => {
    const dir = newRepo();
    flow(dir, 'init');
    flow(dir, 'start', 'feature', 'c');
    commitFile(dir, 'README.md', 'feature\n');
    commitFile(dir, 'README.md', 'feature 2\n');
    git(dir, 'checkout', '-q', 'develop');
    const before = commitFile(dir, 'README.md', 'develop\n');
    let r = flow(dir, 'finish', 'c');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^devops-lifecycle: merging into develop stopped on conflicts in README\.md: resolve them, git add them, then run "devops-lifecycle flow finish" again, or "devops-lifecycle flow finish --abort"\n$/);
    r = flow(dir, 'status');
    assert.match(r.stdout, /finish of feature\/c in progress: conflicts in README\.md/);
    r = flow(dir, 'finish', '--abort');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'aborted the finish of feature/c; on develop\n');
    assert.equal(git(dir, 'rev-parse', 'develop'), before);
    assert.equal(head(dir), 'develop');
  });

  it('--stash: every summary and failure line after says where the changes are', () => {
    const dir = newRepo();
    flow(dir, 'init');
    fs.writeFileSync(join(dir, 'README.md'), 'work in progress\n');
    let r = flow(dir, 'start', 'feature', 's');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /uncommitted changes in README\.md: commit or stash them/);
    r = flow(dir, 'start', 'feature', 's', '--stash');
    assert.equal(r.stdout, 'started feature/s from develop (your changes are stashed: "devops-lifecycle: before starting feature/s")\n');
    commitFile(dir, 'README.md', 'feature\n');
    commitFile(dir, 'README.md', 'feature 2\n');
    git(dir, 'checkout', '-q', 'develop');
    commitFile(dir, 'README.md', 'develop\n');
    fs.writeFileSync(join(dir, 'notes.txt'), 'more work\n');
    git(dir, 'add', 'notes.txt');
    r = flow(dir, 'finish', 's', '--stash');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /stopped on conflicts in README\.md: .*flow finish --abort" \(your changes are stashed: "devops-lifecycle: before finishing feature\/s"\)\n$/);
    r = flow(dir, 'finish', '--abort');
    assert.equal(r.stdout, 'aborted the finish of feature/s; on develop (your changes are stashed: "devops-lifecycle: before finishing feature/s")\n');
    git(dir, 'stash', 'pop', '-q');
    assert.equal(fs.readFileSync(join(dir, 'notes.txt'), 'utf8'), 'more work\n', 'nothing lost');

    // A finish that goes through says it too.
    git(dir, 'commit', '-q', '-m', 'notes');
    r = flow(dir, 'start', 'feature', 't');
    commitFile(dir, 't.txt', 't\n');
    fs.writeFileSync(join(dir, 'notes.txt'), 'even more\n');
    r = flow(dir, 'finish', '--stash');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'finished feature/t: merged into develop, branch deleted; on develop (your changes are stashed: "devops-lifecycle: before finishing feature/t")\n');
  });

  it('exit 2 with the usage on bad usage', () => {
    const dir = newRepo();
    for (const args of [[], ['nope'], ['-C'], ['start'], ['start', 'epic', 'x'], ['start', 'feature'], ['start', 'feature', 'a', 'b'], ['finish', '--bogus'], ['init', '--prefix', 'bogus=x'], ['finish', '--abort', '--push']]) {
      const r = flow(dir, ...args);
      assert.equal(r.status, 2, `flow ${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Usage:/);
    }
  });
});
