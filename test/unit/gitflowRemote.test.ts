// Fetch before and push after a finish, against a local bare repository as the remote: the push carries
// the branches, the tag and the deletion of the finished branch; a remote that is gone fails the fetch
// with nothing changed; a remote that rejects (a pre-receive hook) leaves the local finish standing and
// says how to push again; a behind branch is fast-forwarded when fetching, a diverged one is refused.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { finishFlow, initFlow, startFlow } from '../../src/core/gitflow';
import { addBareRemote, commitFile, flowGit, git, head, newRepo, refs, removeTmpDirs, sha, tmpDir } from './gitflowTestRepo';

after(removeTmpDirs);

async function releaseWithRemote(): Promise<{ dir: string; bare: string }> {
  const dir = newRepo();
  await initFlow(flowGit(dir));
  await startFlow(flowGit(dir), { kind: 'release', name: '1.0' });
  commitFile(dir, 'VERSION', '1.0\n', 'bump');
  const bare = addBareRemote(dir);
  return { dir, bare };
}

const stateFile = (dir: string) => join(dir, '.git', 'devops-lifecycle', 'gitflow-finish.json');

describe('gitflow finish with a remote', () => {
  it('fetches, finishes, and pushes the branches, the tag and the deletion of the remote branch', async () => {
    const { dir, bare } = await releaseWithRemote();
    const r = await finishFlow(flowGit(dir), { fetch: true, push: true });
    assert.deepEqual(r.pushed, ['main', 'develop', '1.0', 'release/1.0 (deleted)']);
    assert.equal(git(bare, 'rev-parse', 'main'), sha(dir, 'main'));
    assert.equal(git(bare, 'rev-parse', 'develop'), sha(dir, 'develop'));
    assert.equal(git(bare, 'rev-parse', '1.0'), git(dir, 'rev-parse', '1.0'), 'the annotated tag object itself');
    assert.equal(git(bare, 'branch', '--list', 'release/*'), '');
  });

  it('a remote that is gone: the fetch fails and nothing changes', async () => {
    const { dir, bare } = await releaseWithRemote();
    fs.rmSync(bare, { recursive: true, force: true });
    const before = refs(dir, true);
    await assert.rejects(
      () => finishFlow(flowGit(dir), { fetch: true }),
      (e: Error & { code?: string }) => e.code === 'REMOTE' && /Could not fetch from origin: .*Nothing was changed\./.test(e.message),
    );
    assert.deepEqual(refs(dir, true), before);
    assert.equal(head(dir), 'release/1.0');
    assert.equal(fs.existsSync(stateFile(dir)), false);
  });

  it('a remote that is gone at push time: the finish stands locally, and the message says how to push', async () => {
    const { dir, bare } = await releaseWithRemote();
    fs.rmSync(bare, { recursive: true, force: true });
    await assert.rejects(
      () => finishFlow(flowGit(dir), { push: true }),
      (e: Error & { code?: string }) => e.code === 'REMOTE' && /Finished release\/1\.0 locally, but could not push to origin: .*Push later with: git push origin main develop 1\.0/.test(e.message),
    );
    assert.equal(git(dir, 'branch', '--list', 'release/*'), '');
    assert.ok(refs(dir)['refs/tags/1.0']);
    assert.equal(fs.existsSync(stateFile(dir)), false, 'the local finish is complete, not in progress');
  });

  it('a remote that rejects the push (pre-receive hook): the reason is shown, the local finish stands', async () => {
    const { dir, bare } = await releaseWithRemote();
    const hook = join(bare, 'hooks', 'pre-receive');
    fs.writeFileSync(hook, '#!/bin/sh\necho "main is protected: open a pull request" >&2\nexit 1\n');
    fs.chmodSync(hook, 0o755);
    const remoteBefore = git(bare, 'for-each-ref');
    await assert.rejects(
      () => finishFlow(flowGit(dir), { push: true }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'PUSH_REJECTED');
        assert.match(e.message, /Finished release\/1\.0 locally, but origin rejected the push: .*pre-receive hook declined/);
        assert.match(e.message, /remote says: main is protected: open a pull request/);
        assert.match(e.message, /then push with: git push origin main develop 1\.0/);
        return true;
      },
    );
    assert.equal(git(bare, 'for-each-ref'), remoteBefore, 'the remote took nothing');
    assert.equal(head(dir), 'develop');
    assert.ok(refs(dir)['refs/tags/1.0']);
  });

  it('no remote configured: fetch/push are refused before anything changes', async () => {
    const dir = newRepo();
    await initFlow(flowGit(dir));
    await startFlow(flowGit(dir), { kind: 'feature', name: 'f' });
    commitFile(dir, 'f.txt', 'f\n');
    const before = refs(dir);
    await assert.rejects(() => finishFlow(flowGit(dir), { push: true }), /There is no remote 'origin' \(gitflow\.origin\)/);
    assert.deepEqual(refs(dir), before);
  });

  it('fetch fast-forwards a develop that is behind its remote; a diverged develop is refused', async () => {
    const { dir, bare } = await releaseWithRemote();
    // Someone else pushes to develop.
    const other = tmpDir('clone-');
    git(other, 'clone', '-q', bare, '.');
    git(other, 'checkout', '-q', 'develop');
    commitFile(other, 'other.txt', 'from a colleague\n', 'colleague');
    git(other, 'push', '-q', 'origin', 'develop');
    const r = await finishFlow(flowGit(dir), { fetch: true });
    assert.deepEqual(r.mergedInto, ['main', 'develop']);
    assert.equal(git(dir, 'merge-base', '--is-ancestor', git(other, 'rev-parse', 'develop'), 'develop'), '', "the colleague's commit is in develop");

    // Diverged: local develop has the unpushed release merge, and the colleague pushes another commit.
    await startFlow(flowGit(dir), { kind: 'feature', name: 'g' });
    commitFile(dir, 'g.txt', 'g\n');
    commitFile(other, 'other2.txt', 'remote\n', 'remote only');
    git(other, 'push', '-q', 'origin', 'develop');
    const before = refs(dir);
    await assert.rejects(
      () => finishFlow(flowGit(dir), { fetch: true }),
      (e: Error & { code?: string }) => e.code === 'OUT_OF_SYNC' && /'develop' and 'origin\/develop' have diverged/.test(e.message),
    );
    assert.deepEqual(refs(dir), before);
  });
});
