// The gitflow engine on real git repositories in temp folders: init (empty repository and with history),
// start of every kind from the right base with the base recorded as AVH does, and finish with AVH's
// merge structure for features, bugfixes, releases and hotfixes.
import * as assert from 'node:assert/strict';
import { finishFlow, initFlow, startFlow } from '../../src/core/gitflow';
import {
  commitFile, flowGit, flowRepo, git, gitflowConfig, head, newRepo, refs, removeTmpDirs, sha, shape, status, writeFile,
} from './gitflowTestRepo';

after(removeTmpDirs);


describe('gitflow engine: init', () => {
  it('initialises an empty repository: first commit on the production branch, develop from it, AVH keys', async () => {
    const dir = newRepo({ commit: false });
    writeFile(dir, 'staged.txt', 'keep me staged\n');
    git(dir, 'add', 'staged.txt');
    const r = await initFlow(flowGit(dir));
    assert.deepEqual(
      { production: r.production, develop: r.develop, createdInitialCommit: r.createdInitialCommit, createdDevelop: r.createdDevelop },
      { production: 'main', develop: 'develop', createdInitialCommit: true, createdDevelop: true },
    );
    assert.deepEqual(gitflowConfig(dir), {
      'gitflow.branch.master': 'main',
      'gitflow.branch.develop': 'develop',
      'gitflow.prefix.feature': 'feature/',
      'gitflow.prefix.bugfix': 'bugfix/',
      'gitflow.prefix.release': 'release/',
      'gitflow.prefix.hotfix': 'hotfix/',
      'gitflow.prefix.support': 'support/',
      'gitflow.prefix.versiontag': '',
    });
    assert.equal(head(dir), 'develop');
    assert.equal(sha(dir, 'main'), sha(dir, 'develop'));
    assert.equal(git(dir, 'log', '--format=%s', 'main'), 'Initial commit');
    assert.equal(git(dir, 'ls-tree', 'main'), '', 'the first commit is empty');
    assert.equal(status(dir), 'A  staged.txt', 'what was staged stays staged, uncommitted');
  });

  it('guesses main (or master, production) in a repository with history, and creates develop', async () => {
    for (const production of ['main', 'master', 'production']) {
      const dir = newRepo({ branch: production });
      const r = await initFlow(flowGit(dir));
      assert.equal(r.production, production);
      assert.equal(r.develop, 'develop');
      assert.equal(r.createdDevelop, true);
      assert.equal(head(dir), 'develop');
    }
  });

  it('takes names and prefixes as arguments, uses an existing develop, and a second init changes nothing', async () => {
    const dir = newRepo({ branch: 'trunk' });
    git(dir, 'branch', 'next');
    const before = sha(dir, 'next');
    const r = await initFlow(flowGit(dir), { production: 'trunk', develop: 'next', prefixes: { feature: 'feat/', versiontag: 'v' } });
    assert.equal(r.createdDevelop, false);
    assert.equal(sha(dir, 'next'), before);
    assert.equal(head(dir), 'trunk', 'nothing was created, so HEAD stays');
    const config = gitflowConfig(dir);
    assert.equal(config['gitflow.prefix.feature'], 'feat/');
    assert.equal(config['gitflow.prefix.versiontag'], 'v');
    assert.equal(config['gitflow.prefix.bugfix'], 'bugfix/');
    const again = await initFlow(flowGit(dir));
    assert.equal(again.alreadyInitialised, true);
    assert.equal(again.develop, 'next');
  });
});

describe('gitflow engine: start', () => {
  it('starts feature, bugfix and release from develop, hotfix from production; records the base like AVH', async () => {
    const dir = await flowRepo();
    commitFile(dir, 'dev.txt', 'develop only\n');
    for (const [kind, name, base] of [['feature', 'login', 'develop'], ['bugfix', 'crash', 'develop'], ['release', '1.0.0', 'develop'], ['hotfix', '0.9.1', 'main']] as const) {
      git(dir, 'checkout', '-q', 'develop');
      const r = await startFlow(flowGit(dir), { kind, name });
      assert.deepEqual(r, { branch: `${kind}/${name}`, kind, base });
      assert.equal(head(dir), `${kind}/${name}`);
      assert.equal(sha(dir, 'HEAD'), sha(dir, base));
      assert.equal(gitflowConfig(dir)[`gitflow.branch.${kind}/${name}.base`], base);
    }
  });

  it('starts a feature from another branch when asked, and a support branch from a tag on production', async () => {
    const dir = await flowRepo();
    git(dir, 'checkout', '-q', '-b', 'feature/base');
    commitFile(dir, 'a.txt', 'a\n');
    const r = await startFlow(flowGit(dir), { kind: 'feature', name: 'child', base: 'feature/base' });
    assert.equal(r.base, 'feature/base');
    assert.equal(sha(dir, 'feature/child'), sha(dir, 'feature/base'));
    git(dir, 'tag', '-a', '-m', 'one', '1.0', 'main');
    const s = await startFlow(flowGit(dir), { kind: 'support', name: '1.x', base: '1.0' });
    assert.equal(s.branch, 'support/1.x');
    assert.equal(sha(dir, 'support/1.x'), sha(dir, 'main'));
    assert.equal(gitflowConfig(dir)['gitflow.branch.support/1.x.base'], undefined, 'AVH records no base for support branches');
  });

  it('takes names git accepts although a shell would not: no shell ever sees them', async () => {
    const dir = await flowRepo();
    const name = 'a;b|c&d$(touch${IFS}pwned)`touch${IFS}pwned2`';
    const r = await startFlow(flowGit(dir), { kind: 'feature', name });
    assert.equal(r.branch, `feature/${name}`);
    assert.equal(head(dir), `feature/${name}`);
    assert.equal(status(dir), '', 'no file was created by a shell');
    commitFile(dir, 'x.txt', 'x\n');
    await finishFlow(flowGit(dir));
    assert.equal(git(dir, 'branch', '--list', 'feature/*'), '');
  });
});

describe('gitflow engine: finish', () => {
  it('finishes a one-commit feature by fast-forward and a longer one with --no-ff, deleting branch and config', async () => {
    const dir = await flowRepo();
    await startFlow(flowGit(dir), { kind: 'feature', name: 'one' });
    const only = commitFile(dir, 'one.txt', '1\n', 'one commit');
    const r = await finishFlow(flowGit(dir));
    assert.deepEqual(r, { branch: 'feature/one', kind: 'feature', mergedInto: ['develop'], deleted: true, resumed: false, current: 'develop' });
    assert.equal(sha(dir, 'develop'), only, 'fast-forward');
    assert.equal(gitflowConfig(dir)['gitflow.branch.feature/one.base'], undefined);

    await startFlow(flowGit(dir), { kind: 'feature', name: 'two' });
    commitFile(dir, 'two.txt', '2\n', 'two a');
    commitFile(dir, 'two.txt', '22\n', 'two b');
    await finishFlow(flowGit(dir), { branch: 'two' });
    assert.deepEqual(shape(dir, 'develop').slice(0, 3), [
      "Merge branch 'feature/two' into develop <- [one commit | two b]",
      'two b <- [two a]',
      'two a <- [one commit]',
    ]);
    assert.equal(head(dir), 'develop');
  });

  it('finishes a bugfix into its recorded base, and keeps the branch when asked', async () => {
    const dir = await flowRepo();
    git(dir, 'checkout', '-q', '-b', 'support-line', 'main');
    await startFlow(flowGit(dir), { kind: 'bugfix', name: 'nul', base: 'support-line' });
    commitFile(dir, 'fix.txt', 'fixed\n', 'fix a');
    commitFile(dir, 'fix.txt', 'fixed twice\n', 'fix b');
    const r = await finishFlow(flowGit(dir), { keepBranch: true });
    assert.deepEqual(r.mergedInto, ['support-line']);
    assert.equal(r.deleted, false);
    assert.ok(git(dir, 'branch', '--list', 'bugfix/nul'));
    assert.equal(gitflowConfig(dir)['gitflow.branch.bugfix/nul.base'], 'support-line', 'a kept branch keeps its base');
    assert.equal(sha(dir, 'develop'), sha(dir, 'main'), 'develop was not touched');
  });

  it('finishes a release: --no-ff into production, annotated tag, tag merged into develop, ends on develop', async () => {
    const dir = await flowRepo();
    await startFlow(flowGit(dir), { kind: 'release', name: '1.2.0' });
    commitFile(dir, 'VERSION', '1.2.0\n', 'bump 1.2.0');
    const r = await finishFlow(flowGit(dir), { tagMessage: 'Release 1.2.0: logins' });
    assert.deepEqual(r, { branch: 'release/1.2.0', kind: 'release', mergedInto: ['main', 'develop'], tag: '1.2.0', deleted: true, resumed: false, current: 'develop' });
    assert.equal(git(dir, 'cat-file', '-t', '1.2.0'), 'tag', 'annotated');
    assert.equal(git(dir, 'tag', '-l', '--format=%(contents:subject)', '1.2.0'), 'Release 1.2.0: logins');
    assert.equal(sha(dir, '1.2.0'), sha(dir, 'main'));
    assert.deepEqual(shape(dir, 'develop'), [
      "Merge tag '1.2.0' into develop <- [Initial content | Merge branch 'release/1.2.0']",
      "Merge branch 'release/1.2.0' <- [Initial content | bump 1.2.0]",
      'bump 1.2.0 <- [Initial content]',
      'Initial content <- []',
    ]);
    assert.equal(git(dir, 'branch', '--list', 'release/*'), '');
  });

  it('tags with the versiontag prefix and a default message', async () => {
    const dir = newRepo();
    await initFlow(flowGit(dir), { prefixes: { versiontag: 'v' } });
    await startFlow(flowGit(dir), { kind: 'release', name: '2.0' });
    commitFile(dir, 'VERSION', '2.0\n');
    const r = await finishFlow(flowGit(dir));
    assert.equal(r.tag, 'v2.0');
    assert.equal(git(dir, 'tag', '-l', '--format=%(contents:subject)', 'v2.0'), 'Release 2.0');
  });

  it('finishes a hotfix into production and develop, or into the open release branch', async () => {
    const dir = await flowRepo();
    await startFlow(flowGit(dir), { kind: 'hotfix', name: '1.0.1' });
    commitFile(dir, 'fix.txt', 'hot\n', 'hot fix');
    const r = await finishFlow(flowGit(dir), { tagMessage: 'Hotfix 1.0.1' });
    assert.deepEqual(r.mergedInto, ['main', 'develop']);
    assert.equal(r.tag, '1.0.1');
    assert.equal(head(dir), 'develop');
    assert.equal(git(dir, 'merge-base', '--is-ancestor', '1.0.1', 'develop'), '');

    await startFlow(flowGit(dir), { kind: 'release', name: '1.1.0' });
    commitFile(dir, 'VERSION', '1.1.0\n', 'bump 1.1.0');
    const developBefore = sha(dir, 'develop');
    await startFlow(flowGit(dir), { kind: 'hotfix', name: '1.0.2' });
    commitFile(dir, 'fix2.txt', 'hot 2\n', 'hot fix 2');
    const h = await finishFlow(flowGit(dir));
    assert.deepEqual(h.mergedInto, ['main', 'release/1.1.0'], 'the open release carries the fix to develop');
    assert.equal(h.current, 'release/1.1.0');
    assert.equal(sha(dir, 'develop'), developBefore);
    const rel = await finishFlow(flowGit(dir), { branch: 'release/1.1.0' });
    assert.deepEqual(rel.mergedInto, ['main', 'develop']);
    assert.equal(git(dir, 'merge-base', '--is-ancestor', '1.0.2', 'develop'), '');
  });

  it('leaves refs exactly as planned: nothing but the finished branch, the merges and the tag change', async () => {
    const dir = await flowRepo();
    git(dir, 'branch', 'unrelated');
    await startFlow(flowGit(dir), { kind: 'release', name: '3.0' });
    commitFile(dir, 'VERSION', '3\n');
    const before = refs(dir);
    await finishFlow(flowGit(dir));
    const after = refs(dir);
    assert.equal(after['refs/heads/unrelated'], before['refs/heads/unrelated']);
    assert.deepEqual(Object.keys(after).sort(), ['refs/heads/develop', 'refs/heads/main', 'refs/heads/unrelated', 'refs/tags/3.0']);
  });
});
