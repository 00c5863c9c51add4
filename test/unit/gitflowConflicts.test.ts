// A finish that meets a merge conflict: it stops mid-merge with the conflicting files named and its plan
// recorded under .git/, refuses other gitflow work meanwhile, continues once the user resolved (staged or
// committed) the conflict, or aborts back to exactly the state before the finish — keeping every commit
// it made reachable. Also: a cancel between steps, and a step that fails for another reason.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import {
  abortFinish, ABORTED_REFS, finishFlow, GitflowConflictError, initFlow, readFlowStatus, startFlow,
} from '../../src/core/gitflow';
import { commitFile, flowGit, git, gitflowConfig, head, newRepo, refs, removeTmpDirs, sha, status, writeFile } from './gitflowTestRepo';

after(removeTmpDirs);

const stateFile = (dir: string) => join(dir, '.git', 'devops-lifecycle', 'gitflow-finish.json');

/**
 * A release/1.0 whose finish conflicts: on production (a hotfix-like change to app.txt) with `onProduction`,
 * on develop (a change made there after the release started) with `onDevelop`.
 */
async function conflictingRelease(where: { onProduction?: boolean; onDevelop?: boolean }): Promise<string> {
  const dir = newRepo();
  commitFile(dir, 'app.txt', 'line 1\nline 2\n', 'app');
  await initFlow(flowGit(dir));
  await startFlow(flowGit(dir), { kind: 'release', name: '1.0' });
  commitFile(dir, 'app.txt', 'line 1\nline 2 (release)\n', 'release edit');
  if (where.onProduction) {
    git(dir, 'checkout', '-q', 'main');
    commitFile(dir, 'app.txt', 'line 1\nline 2 (production)\n', 'production edit');
  }
  if (where.onDevelop) {
    git(dir, 'checkout', '-q', 'develop');
    commitFile(dir, 'app.txt', 'line 1\nline 2 (develop)\n', 'develop edit');
  }
  git(dir, 'checkout', '-q', 'release/1.0');
  return dir;
}

async function expectConflict(dir: string, into: string): Promise<GitflowConflictError> {
  let caught: GitflowConflictError | undefined;
  await assert.rejects(
    () => finishFlow(flowGit(dir), { tagMessage: 'Release 1.0' }),
    (e: Error) => {
      assert.ok(e instanceof GitflowConflictError, `expected a conflict, got ${e.message}`);
      caught = e;
      return true;
    },
  );
  assert.equal(caught!.into, into);
  assert.deepEqual(caught!.files, ['app.txt']);
  assert.match(caught!.message, new RegExp(`into ${into} stopped on conflicts in app\\.txt\\. Resolve them and stage the files \\(git add\\), then finish release/1\\.0 again; or abort`));
  return caught!;
}

describe('gitflow finish: conflicts, continue and abort', () => {
  it('stops on a conflict into production, says so everywhere, and continues after the user resolves and stages', async () => {
    const dir = await conflictingRelease({ onProduction: true });
    await expectConflict(dir, 'main');
    assert.ok(fs.existsSync(join(dir, '.git', 'MERGE_HEAD')), 'the merge is left for the user to resolve');
    assert.ok(fs.existsSync(stateFile(dir)), 'the finish is recorded under .git/');
    const s = await readFlowStatus(flowGit(dir));
    assert.deepEqual(s.finish, { branch: 'release/1.0', kind: 'release', conflicted: ['app.txt'], into: 'main' });
    // Meanwhile: no other gitflow work, and finishing again without resolving names the files again.
    await assert.rejects(() => startFlow(flowGit(dir), { kind: 'feature', name: 'x' }), /A git merge is in progress|still in progress/);
    await assert.rejects(() => finishFlow(flowGit(dir), { branch: 'develop' }), /Finishing release\/1\.0 is still in progress/);
    await assert.rejects(() => finishFlow(flowGit(dir)), GitflowConflictError);

    writeFile(dir, 'app.txt', 'line 1\nline 2 (release + production)\n');
    git(dir, 'add', 'app.txt');
    const r = await finishFlow(flowGit(dir));
    assert.equal(r.resumed, true);
    assert.deepEqual(r.mergedInto, ['main', 'develop']);
    assert.equal(r.tag, '1.0');
    assert.equal(git(dir, 'tag', '-l', '--format=%(contents:subject)', '1.0'), 'Release 1.0', 'the message given before the conflict is kept');
    assert.equal(fs.existsSync(stateFile(dir)), false);
    assert.equal(head(dir), 'develop');
    assert.equal(fs.readFileSync(join(dir, 'app.txt'), 'utf8'), 'line 1\nline 2 (release + production)\n');
    assert.equal(git(dir, 'log', '-1', '--format=%s%n%P', 'main').split('\n')[0], "Merge branch 'release/1.0'");
    assert.equal(git(dir, 'branch', '--list', 'release/*'), '');
  });

  it('continues when the user committed the merge themselves', async () => {
    const dir = await conflictingRelease({ onProduction: true });
    await expectConflict(dir, 'main');
    writeFile(dir, 'app.txt', 'resolved\n');
    git(dir, 'commit', '-q', '-a', '--no-edit');
    const r = await finishFlow(flowGit(dir));
    assert.deepEqual(r.mergedInto, ['main', 'develop']);
    assert.equal(r.resumed, true);
  });

  it('aborts back to the state before the finish, from a conflict on the second merge (after merge and tag)', async () => {
    const dir = await conflictingRelease({ onDevelop: true });
    const before = refs(dir);
    const configBefore = gitflowConfig(dir);
    const mainBefore = sha(dir, 'main');
    await expectConflict(dir, 'develop');
    assert.notEqual(sha(dir, 'main'), mainBefore, 'production had been merged');
    const mergeOnMain = sha(dir, 'main');
    assert.ok(refs(dir)['refs/tags/1.0'], 'and tagged');

    const r = await abortFinish(flowGit(dir));
    assert.equal(r.branch, 'release/1.0');
    assert.deepEqual(r.restored.sort(), ['main']);
    assert.equal(r.deletedTag, '1.0');
    assert.equal(r.current, 'release/1.0');
    assert.deepEqual(refs(dir), before, 'every branch and tag as before');
    assert.deepEqual(gitflowConfig(dir), configBefore);
    assert.equal(head(dir), 'release/1.0');
    assert.equal(status(dir), '');
    assert.equal(fs.existsSync(join(dir, '.git', 'MERGE_HEAD')), false);
    assert.equal(fs.existsSync(stateFile(dir)), false);
    // The merge commit the finish made is still reachable.
    assert.equal(r.kept.length, 1);
    assert.ok(r.kept[0]!.startsWith(`${ABORTED_REFS}/`));
    assert.equal(git(dir, 'rev-parse', r.kept[0]!), mergeOnMain);
    await assert.rejects(() => abortFinish(flowGit(dir)), /No gitflow finish is in progress/);
    // And the release can be finished later, once develop's change is reconciled.
    commitFile(dir, 'app.txt', 'line 1\nline 2 (develop)\n', 'take develop');
    const done = await finishFlow(flowGit(dir));
    assert.deepEqual(done.mergedInto, ['main', 'develop']);
  });

  it('aborts a feature finish stopped on its only merge', async () => {
    const dir = newRepo();
    await initFlow(flowGit(dir));
    await startFlow(flowGit(dir), { kind: 'feature', name: 'f' });
    commitFile(dir, 'README.md', 'feature\n', 'f1');
    commitFile(dir, 'README.md', 'feature 2\n', 'f2');
    git(dir, 'checkout', '-q', 'develop');
    commitFile(dir, 'README.md', 'develop\n', 'd1');
    const before = refs(dir);
    await assert.rejects(() => finishFlow(flowGit(dir), { branch: 'feature/f' }), GitflowConflictError);
    const r = await abortFinish(flowGit(dir));
    assert.deepEqual(r.restored, []);
    assert.deepEqual(r.kept, []);
    assert.deepEqual(refs(dir), before);
    assert.equal(head(dir), 'develop', 'back on the branch the finish started from');
    assert.equal(status(dir), '');
  });

  it('refuses to abort over uncommitted changes made after the conflict was resolved', async () => {
    const dir = await conflictingRelease({ onProduction: true });
    await expectConflict(dir, 'main');
    writeFile(dir, 'app.txt', 'resolved\n');
    git(dir, 'commit', '-q', '-a', '--no-edit');
    writeFile(dir, 'README.md', 'unsaved work\n');
    await assert.rejects(() => abortFinish(flowGit(dir)), /uncommitted changes in README\.md: commit or stash them, then abort/);
    assert.equal(fs.readFileSync(join(dir, 'README.md'), 'utf8'), 'unsaved work\n');
    assert.ok(fs.existsSync(stateFile(dir)));
  });

  it('a cancel between steps leaves a recorded finish that continues later', async () => {
    const dir = newRepo();
    await initFlow(flowGit(dir));
    await startFlow(flowGit(dir), { kind: 'release', name: '1.0' });
    commitFile(dir, 'VERSION', '1.0\n');
    const controller = new AbortController();
    let steps = 0;
    await assert.rejects(
      () => finishFlow(flowGit(dir, controller.signal), {}, () => {
        if (++steps === 2) controller.abort(); // while tagging: the tag step completes, the next does not start
      }),
      (e: Error & { code?: string }) => e.code === 'CANCELLED' && /Finish it again to continue, or abort it/.test(e.message),
    );
    assert.ok(fs.existsSync(stateFile(dir)));
    assert.equal((await readFlowStatus(flowGit(dir))).finish?.branch, 'release/1.0');
    const r = await finishFlow(flowGit(dir));
    assert.equal(r.resumed, true);
    assert.deepEqual(r.mergedInto, ['main', 'develop']);
  });

  it('a later step that fails for another reason says what it did, stays recorded, and continues or aborts', async () => {
    // A repository rule (a pre-merge-commit hook) refuses merge commits on develop: the release is merged
    // into main and tagged, then the merge into develop is refused.
    const make = async () => {
      const dir = newRepo();
      await initFlow(flowGit(dir));
      await startFlow(flowGit(dir), { kind: 'release', name: '1.0' });
      commitFile(dir, 'VERSION', '1.0\n');
      const hook = join(dir, '.git', 'hooks', 'pre-merge-commit');
      fs.writeFileSync(hook, '#!/bin/sh\n[ "$(git symbolic-ref --short HEAD)" = develop ] || exit 0\necho "develop is frozen" >&2\nexit 1\n');
      fs.chmodSync(hook, 0o755);
      return { dir, hook, before: refs(dir) };
    };
    const { dir, hook } = await make();
    await assert.rejects(() => finishFlow(flowGit(dir), { tagMessage: 'Release 1.0' }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'GIT');
      assert.match(e.message, /develop is frozen/, "git's reason");
      assert.match(e.message, /Finishing release\/1\.0 stopped after it moved main and created tag 1\.0: fix the cause and finish again to continue, or abort the finish/);
      return true;
    });
    assert.ok(fs.existsSync(stateFile(dir)), 'the finish stays recorded');
    assert.equal((await readFlowStatus(flowGit(dir))).finish?.branch, 'release/1.0', 'and the status says a finish is in progress');
    await assert.rejects(() => startFlow(flowGit(dir), { kind: 'feature', name: 'x' }), /in progress/);
    fs.rmSync(hook);
    const done = await finishFlow(flowGit(dir));
    assert.deepEqual([done.resumed, done.mergedInto, done.tag], [true, ['main', 'develop'], '1.0']);
    assert.equal(git(dir, 'tag', '-l', '--format=%(contents:subject)', '1.0'), 'Release 1.0');
    assert.equal(fs.existsSync(stateFile(dir)), false);

    // The other way on: abort puts every branch and tag back, and keeps the merge made on main reachable.
    const other = await make();
    await assert.rejects(() => finishFlow(flowGit(other.dir)), /stopped after it moved main and created tag 1\.0/);
    const mergeOnMain = sha(other.dir, 'main');
    const r = await abortFinish(flowGit(other.dir));
    assert.deepEqual([r.restored, r.deletedTag], [['main'], '1.0']);
    assert.deepEqual(refs(other.dir), other.before);
    assert.equal(head(other.dir), 'release/1.0');
    assert.equal(status(other.dir), '');
    assert.equal(git(other.dir, 'rev-parse', r.kept[0]!), mergeOnMain);
    assert.equal(fs.existsSync(stateFile(other.dir)), false);
  });

  it('changes stashed for a finish that then stops on a conflict: every message and result after says where they are', async () => {
    const stash = 'devops-lifecycle: before finishing release/1.0';
    const note = /\(Your changes are stashed: "devops-lifecycle: before finishing release\/1\.0"\.\)/;
    const stopOnConflict = async () => {
      const dir = await conflictingRelease({ onProduction: true });
      writeFile(dir, 'README.md', 'work in progress\n');
      await assert.rejects(() => finishFlow(flowGit(dir), { stash: true }), (e: Error) => {
        assert.ok(e instanceof GitflowConflictError);
        assert.match(e.message, /stopped on conflicts in app\.txt/);
        assert.match(e.message, note);
        assert.equal(e.stashed, stash);
        return true;
      });
      assert.match(git(dir, 'stash', 'list'), /devops-lifecycle: before finishing release\/1\.0/, 'nothing lost');
      return dir;
    };
    // Finishing again before resolving: still said. Resolved and finished: the result says it.
    const dir = await stopOnConflict();
    await assert.rejects(() => finishFlow(flowGit(dir)), note);
    writeFile(dir, 'app.txt', 'resolved\n');
    git(dir, 'add', 'app.txt');
    const done = await finishFlow(flowGit(dir));
    assert.deepEqual([done.resumed, done.stashed], [true, stash]);

    // Aborted instead: the result says it, and the stash gives the work back.
    const other = await stopOnConflict();
    const aborted = await abortFinish(flowGit(other));
    assert.equal(aborted.stashed, stash);
    assert.equal(fs.readFileSync(join(other, 'README.md'), 'utf8'), '# demo\n');
    git(other, 'stash', 'pop', '-q');
    assert.equal(fs.readFileSync(join(other, 'README.md'), 'utf8'), 'work in progress\n');
  });

  it('a first step that fails for another reason changes nothing and says so', async () => {
    const dir = newRepo();
    await initFlow(flowGit(dir));
    await startFlow(flowGit(dir), { kind: 'feature', name: 'f' });
    commitFile(dir, 'new.txt', 'tracked on the feature\n', 'f1');
    commitFile(dir, 'new2.txt', 'more\n', 'f2');
    git(dir, 'checkout', '-q', 'develop');
    writeFile(dir, 'new.txt', 'untracked here, would be overwritten\n');
    const before = refs(dir);
    await assert.rejects(() => finishFlow(flowGit(dir), { branch: 'feature/f' }), (e: Error) => /untracked working tree files would be overwritten.*Nothing was changed\./s.test(e.message));
    assert.deepEqual(refs(dir), before);
    assert.equal(head(dir), 'develop');
    assert.equal(fs.existsSync(stateFile(dir)), false);
    assert.equal(fs.readFileSync(join(dir, 'new.txt'), 'utf8'), 'untracked here, would be overwritten\n');
  });
});
