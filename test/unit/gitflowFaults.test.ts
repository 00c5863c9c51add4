// Bad input and faults, each on a real repository: the engine refuses with a code and a message that
// says what to do, and the repository is exactly as it was (same refs, same HEAD, same files).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { finishFlow, type GitflowErrorCode, initFlow, startFlow } from '../../src/core/gitflow';
import {
  commitFile, flowGit, flowRepo, git, gitflowConfig, head, newRepo, refs, removeTmpDirs, sha, status, tmpDir, writeFile,
} from './gitflowTestRepo';

after(removeTmpDirs);


/** HEAD as a branch ref, or a commit when detached. */
function headRef(dir: string): string {
  try {
    return git(dir, 'symbolic-ref', '-q', 'HEAD');
  } catch {
    return git(dir, 'rev-parse', 'HEAD');
  }
}

/** Runs `action`, expects a GitflowError with `code` whose message matches `message`, and nothing changed in `dir`. */
async function refuses(dir: string, action: () => Promise<unknown>, code: GitflowErrorCode, message: RegExp): Promise<void> {
  const before = { refs: refs(dir), head: headRef(dir), status: status(dir), config: gitflowConfig(dir) };
  await assert.rejects(action, (e: Error & { code?: string }) => {
    assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    assert.match(e.message, message);
    return true;
  });
  assert.deepEqual(refs(dir), before.refs, 'refs changed');
  assert.equal(headRef(dir), before.head, 'HEAD moved');
  assert.equal(status(dir), before.status, 'the work tree changed');
  assert.deepEqual(gitflowConfig(dir), before.config, 'gitflow config changed');
  assert.equal(fs.existsSync(join(dir, '.git', 'devops-lifecycle', 'gitflow-finish.json')), false, 'a finish was left recorded');
}

describe('gitflow faults', () => {
  it('not a git repository: every action says so', async () => {
    const dir = tmpDir('plain-');
    fs.writeFileSync(join(dir, 'file.txt'), 'x');
    for (const action of [() => initFlow(flowGit(dir)), () => startFlow(flowGit(dir), { kind: 'feature', name: 'x' }), () => finishFlow(flowGit(dir))]) {
      await assert.rejects(action, (e: Error & { code?: string }) => e.code === 'NOT_A_REPO' && /is not in a git repository .*: open a folder that is one, or create it with "git init"/.test(e.message));
    }
    assert.equal(fs.existsSync(join(dir, '.git')), false, 'no repository was created');
  });

  it('a repository without commits: start and finish point to init', async () => {
    const dir = newRepo({ commit: false });
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'feature', name: 'x' }), 'NO_COMMITS', /no commits yet: run Initialize Gitflow/);
    await refuses(dir, () => finishFlow(flowGit(dir)), 'NO_COMMITS', /no commits yet/);
  });

  it('gitflow not initialised, or its develop / production branch missing', async () => {
    const plain = newRepo();
    await refuses(plain, () => startFlow(flowGit(plain), { kind: 'feature', name: 'x' }), 'NOT_INITIALISED', /not initialised .*Initialize Gitflow/);
    const dir = await flowRepo();
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'branch', '-D', 'develop');
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'feature', name: 'x' }), 'MISSING_BRANCH', /development branch 'develop' \(gitflow\.branch\.develop\) does not exist/);
    const other = await flowRepo();
    git(other, 'branch', '-m', 'main', 'old-main');
    await refuses(other, () => startFlow(flowGit(other), { kind: 'hotfix', name: '1.0.1' }), 'MISSING_BRANCH', /production branch 'main' \(gitflow\.branch\.master\) does not exist/);
    await refuses(other, () => initFlow(flowGit(other), { production: 'nope' }), 'MISSING_BRANCH', /production branch 'nope' does not exist/);
  });

  it('detached HEAD: finish needs a branch name; moving away from commits on no branch is refused', async () => {
    const dir = await flowRepo();
    await startFlow(flowGit(dir), { kind: 'feature', name: 'f' });
    commitFile(dir, 'f.txt', 'f\n');
    git(dir, 'checkout', '-q', '--detach');
    await refuses(dir, () => finishFlow(flowGit(dir)), 'DETACHED', /HEAD is detached.*name the branch/);
    // On a commit a branch holds, naming the branch is enough.
    const r = await finishFlow(flowGit(dir), { branch: 'feature/f' });
    assert.deepEqual(r.mergedInto, ['develop']);
    git(dir, 'checkout', '-q', '--detach');
    commitFile(dir, 'lost.txt', 'only here\n', 'on no branch');
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'feature', name: 'g' }), 'DETACHED', /commits no branch holds: keep them on a branch first/);
  });

  it('uncommitted changes: refused with the files named, or stashed when asked, never carried along', async () => {
    const dir = await flowRepo();
    writeFile(dir, 'README.md', 'changed\n');
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'feature', name: 'x' }), 'DIRTY', /uncommitted changes in README\.md: commit or stash them/);
    const r = await startFlow(flowGit(dir), { kind: 'feature', name: 'x', stash: true });
    assert.equal(r.stashed, 'devops-lifecycle: before starting feature/x');
    assert.equal(status(dir), '', 'the new branch starts clean');
    assert.match(git(dir, 'stash', 'list'), /devops-lifecycle: before starting feature\/x/);
    commitFile(dir, 'x.txt', 'x\n');
    writeFile(dir, 'x.txt', 'dirty\n');
    await refuses(dir, () => finishFlow(flowGit(dir)), 'DIRTY', /uncommitted changes in x\.txt/);
    const f = await finishFlow(flowGit(dir), { stash: true });
    assert.equal(f.stashed, 'devops-lifecycle: before finishing feature/x');
    assert.equal(git(dir, 'stash', 'list').split('\n').length, 2);
    assert.equal(fs.readFileSync(join(dir, 'x.txt'), 'utf8'), 'x\n');
  });

  it('a branch that already exists, locally or on the remote', async () => {
    const dir = await flowRepo();
    git(dir, 'branch', 'feature/taken', 'develop');
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'feature', name: 'taken' }), 'BRANCH_EXISTS', /'feature\/taken' already exists: pick another name/);
    git(dir, 'update-ref', 'refs/remotes/origin/feature/remote', sha(dir, 'develop'));
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'feature', name: 'remote' }), 'BRANCH_EXISTS', /'feature\/remote' already exists on origin: pick another name, or check it out/);
  });

  it('bad names: spaces, .., ~, :, a leading -, and the other git ref rules', async () => {
    const dir = await flowRepo();
    const cases: [string, RegExp][] = [
      ['my feature', /contains a space/],
      ['a..b', /contains '\.\.'/],
      ['a~1', /tilde/],
      ['a:b', /colon/],
      ['-rf', /cannot start with '-'/],
      ['--help', /cannot start with '-'/],
      ['x.lock', /ends with '\.lock'/],
      ['a\nb', /control character/],
      ['', /type a name/],
    ];
    for (const [name, why] of cases) await refuses(dir, () => startFlow(flowGit(dir), { kind: 'feature', name }), 'BAD_NAME', why);
    await refuses(dir, () => initFlow(flowGit(dir), { production: 'main', develop: 'dev elop' }), 'BAD_NAME', /cannot be the development branch: it contains a space/);
    await refuses(dir, () => initFlow(flowGit(dir), { prefixes: { feature: 'feat ' } }), 'BAD_NAME', /feature prefix/);
    await refuses(dir, () => initFlow(flowGit(dir), { production: 'main', develop: 'main' }), 'BAD_ARGUMENT', /must differ/);
  });

  it('a version tag that already exists: release/hotfix start refuse, and so does finish', async () => {
    const dir = await flowRepo();
    git(dir, 'tag', '1.0', 'main');
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'release', name: '1.0' }), 'TAG_EXISTS', /tag '1\.0' already exists: that version was released; pick another version/);
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'hotfix', name: '1.0' }), 'TAG_EXISTS', /tag '1\.0' already exists: that version was released; pick another version/);
    await startFlow(flowGit(dir), { kind: 'release', name: '2.0' });
    commitFile(dir, 'VERSION', '2.0\n');
    git(dir, 'tag', '2.0', 'develop');
    await refuses(dir, () => finishFlow(flowGit(dir)), 'TAG_EXISTS', /tag '2\.0' already exists and is not the finish of release\/2\.0: delete the tag, or release under another version/);
  });

  it('one release and one hotfix at a time, as git-flow', async () => {
    const dir = await flowRepo();
    await startFlow(flowGit(dir), { kind: 'release', name: '1.0' });
    git(dir, 'checkout', '-q', 'develop');
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'release', name: '1.1' }), 'ONE_AT_A_TIME', /already an open release branch 'release\/1\.0': finish it first/);
  });

  it('finish of something that is not a finishable gitflow branch', async () => {
    const dir = await flowRepo();
    await refuses(dir, () => finishFlow(flowGit(dir)), 'NOT_FLOW_BRANCH', /'develop' is not a gitflow branch/);
    await refuses(dir, () => finishFlow(flowGit(dir), { branch: 'nope' }), 'MISSING_BRANCH', /'nope' does not exist/);
    git(dir, 'tag', '-a', '-m', '1', '1.0', 'main');
    await startFlow(flowGit(dir), { kind: 'support', name: '1.x', base: '1.0' });
    await refuses(dir, () => finishFlow(flowGit(dir)), 'NOT_FLOW_BRANCH', /support branches are long-lived/);
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'support', name: '2.x', base: 'develop-only' }), 'MISSING_BRANCH', /not a branch, tag or commit/);
    git(dir, 'checkout', '-q', 'develop');
    commitFile(dir, 'd.txt', 'd\n');
    await refuses(dir, () => startFlow(flowGit(dir), { kind: 'support', name: '2.x', base: 'develop' }), 'BAD_ARGUMENT', /not on the production branch/);
  });

  it('a git operation of the user in progress (a conflicted merge) is never stepped on', async () => {
    const dir = await flowRepo();
    git(dir, 'checkout', '-q', '-b', 'side');
    commitFile(dir, 'README.md', 'side\n');
    git(dir, 'checkout', '-q', 'develop');
    commitFile(dir, 'README.md', 'develop\n');
    assert.throws(() => git(dir, 'merge', 'side'));
    await assert.rejects(() => startFlow(flowGit(dir), { kind: 'feature', name: 'x' }), /A git merge is in progress: commit it, or abort it/);
    await assert.rejects(() => finishFlow(flowGit(dir), { branch: 'side' }), /A git merge is in progress/);
    assert.ok(fs.existsSync(join(dir, '.git', 'MERGE_HEAD')));
    assert.equal(head(dir), 'develop');
  });
});
