// Interoperability with the real git-flow AVH (Debian's git-flow, 1.12.3): a repository initialised by
// `git flow init -d` is driven by our start/finish; one initialised by us is driven by `git flow`; a branch
// started by one is finished by the other; and for the same history our finish and AVH's leave the very
// same refs — identity and dates are pinned, so equal commit and tag ids mean equal branches, merge
// structure, messages and tags.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { type FlowKind, finishFlow, initFlow, startFlow } from '../../src/core/gitflow';
import {
  avh, avhRepo, commitFile, flowGit, git, gitflowConfig, head, newRepo, refs, removeTmpDirs, requireAvh, sha, shape, tmpDir,
} from './gitflowTestRepo';

before(requireAvh);
after(removeTmpDirs);

describe('gitflow and git-flow AVH', () => {
  it('a repository initialised by `git flow init -d` is driven by our start and finish', async () => {
    const dir = avhRepo();
    const config = gitflowConfig(dir);
    assert.equal(config['gitflow.branch.master'], 'main', 'AVH guessed main');
    await startFlow(flowGit(dir), { kind: 'feature', name: 'ours' });
    commitFile(dir, 'ours.txt', 'ours\n');
    assert.deepEqual((await finishFlow(flowGit(dir))).mergedInto, ['develop']);
    await startFlow(flowGit(dir), { kind: 'release', name: '1.0' });
    commitFile(dir, 'VERSION', '1.0\n');
    const r = await finishFlow(flowGit(dir), { tagMessage: 'Release 1.0' });
    assert.deepEqual([r.mergedInto, r.tag], [['main', 'develop'], '1.0']);
    await startFlow(flowGit(dir), { kind: 'hotfix', name: '1.0.1' });
    commitFile(dir, 'fix.txt', 'fix\n');
    assert.deepEqual((await finishFlow(flowGit(dir))).mergedInto, ['main', 'develop']);
    // AVH still sees a healthy gitflow repository afterwards.
    avh(dir, 'feature', 'start', 'after');
    assert.equal(head(dir), 'feature/after');
  });

  it('a repository initialised by us is driven by `git flow feature|release|hotfix start/finish`', async () => {
    const dir = newRepo();
    await initFlow(flowGit(dir));
    avh(dir, 'init', '-d'); // AVH finds it initialised and changes nothing
    assert.equal(gitflowConfig(dir)['gitflow.path.hooks'], undefined, 'AVH did not re-initialise');
    avh(dir, 'feature', 'start', 'theirs');
    commitFile(dir, 'theirs.txt', 'theirs\n');
    avh(dir, 'feature', 'finish', 'theirs');
    avh(dir, 'release', 'start', '2.0');
    commitFile(dir, 'VERSION', '2.0\n');
    avh(dir, 'release', 'finish', '-m', 'Release 2.0', '2.0');
    avh(dir, 'hotfix', 'start', '2.0.1');
    commitFile(dir, 'fix.txt', 'fix\n');
    avh(dir, 'hotfix', 'finish', '-m', 'Hotfix 2.0.1', '2.0.1');
    assert.deepEqual(git(dir, 'tag', '-l').split('\n'), ['2.0', '2.0.1']);
    assert.equal(git(dir, 'branch', '--format=%(refname:short)'), 'develop\nmain');
  });

  it('a branch started by AVH is finished by us into its recorded base, and the other way round', async () => {
    const dir = avhRepo();
    git(dir, 'checkout', '-q', '-b', 'integration', 'develop');
    avh(dir, 'feature', 'start', 'by-avh', 'integration');
    commitFile(dir, 'a.txt', 'a\n');
    commitFile(dir, 'a.txt', 'aa\n');
    const r = await finishFlow(flowGit(dir));
    assert.deepEqual(r.mergedInto, ['integration'], 'the base AVH recorded (gitflow.branch.feature/by-avh.base)');
    await startFlow(flowGit(dir), { kind: 'feature', name: 'by-us', base: 'integration' });
    commitFile(dir, 'b.txt', 'b\n');
    commitFile(dir, 'b.txt', 'bb\n');
    avh(dir, 'feature', 'finish', 'by-us');
    assert.equal(head(dir), 'integration', 'AVH read the base we recorded');
    assert.equal(git(dir, 'log', '-1', '--format=%s'), "Merge branch 'feature/by-us' into integration");
  });

  /** The gitflow config without gitflow.path.hooks, which AVH's init writes as an absolute path. */
  function withoutHooksPath(dir: string): Record<string, string> {
    const config = gitflowConfig(dir);
    delete config['gitflow.path.hooks'];
    return config;
  }

  /** Builds the same history in two repositories, finishes one with AVH and one with us. */
  async function twin(kind: FlowKind, name: string, commits: number, avhFinish: string[], ours: Parameters<typeof finishFlow>[1]) {
    const make = () => {
      const dir = avhRepo();
      commitFile(dir, 'dev.txt', 'on develop\n', 'develop work');
      avh(dir, kind, 'start', name);
      for (let i = 1; i <= commits; i++) commitFile(dir, `${kind}.txt`, `${i}\n`, `${kind} ${i}`);
      return dir;
    };
    const theirs = make();
    const mine = make();
    assert.deepEqual(refs(mine), refs(theirs), 'the two repositories start identical');
    avh(theirs, kind, 'finish', ...avhFinish, name);
    await finishFlow(flowGit(mine), ours);
    return { theirs, mine };
  }

  // AVH's -m appends the version to the message (gitflow-avh issue #351); its -f (a message file) does not.
  const messageFile = (text: string) => {
    const file = join(tmpDir('msg-'), 'message');
    fs.writeFileSync(file, `${text}\n`);
    return file;
  };

  for (const [kind, name, commits, avhArgs, ours] of [
    ['release', '1.0', 2, ['-f', messageFile('Release 1.0')], { tagMessage: 'Release 1.0' }],
    ['hotfix', '0.0.1', 1, ['-f', messageFile('Hotfix 0.0.1')], { tagMessage: 'Hotfix 0.0.1' }],
    ['feature', 'one-commit', 1, [], {}],
    ['feature', 'three-commits', 3, [], {}],
    ['bugfix', 'b', 2, [], {}],
  ] as const) {
    it(`the same ${kind} finish (${commits} commit${commits === 1 ? '' : 's'}) leaves the same branches, merges and tags as AVH`, async () => {
      const { theirs, mine } = await twin(kind, name, commits, [...avhArgs], ours);
      assert.deepEqual(shape(mine), shape(theirs), 'merge structure');
      assert.deepEqual(refs(mine), refs(theirs), 'identical commit and tag ids');
      assert.equal(head(mine), head(theirs), 'the same branch checked out');
      assert.deepEqual(withoutHooksPath(mine), withoutHooksPath(theirs), 'the same gitflow config');
      if (kind === 'release' || kind === 'hotfix') {
        assert.equal(git(mine, 'cat-file', '-p', name), git(theirs, 'cat-file', '-p', name), 'the same annotated tag');
      }
    });
  }

  it("with AVH's -m the tag message differs (AVH appends the version), and nothing else does", async () => {
    const { theirs, mine } = await twin('release', '3.0', 1, ['-m', 'Release 3.0'], { tagMessage: 'Release 3.0' });
    assert.equal(git(theirs, 'tag', '-l', '--format=%(contents:subject)', '3.0'), 'Release 3.0 3.0');
    assert.equal(git(mine, 'tag', '-l', '--format=%(contents:subject)', '3.0'), 'Release 3.0');
    assert.equal(sha(mine, 'main'), sha(theirs, 'main'), 'the same production merge');
    assert.equal(sha(mine, '3.0'), sha(theirs, '3.0'), 'the tag on the same commit');
    assert.deepEqual(shape(mine), shape(theirs), 'the same merge structure');
    assert.equal(head(mine), head(theirs));
  });
});
