// The gitflow engine's pure parts on literal strings: git status/for-each-ref/config/push output, the
// AVH config reading, and branch-name rules checked against git's own `check-ref-format`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { flowConfigFrom, parseConfigZ, parsePushPorcelain, parseRefs, parseStatusV2 } from '../../src/core/gitflow/parsers';
import { branchNameProblem, flowNameProblem } from '../../src/core/gitflow/refName';
import { kindOf } from '../../src/core/gitflow/repoState';
import { gitReason } from '../../src/core/gitflow/git';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('gitflow parsers', () => {
  it('reads branch, upstream, ahead/behind, changes and conflicts from status v2 -z', () => {
    const text = [
      `# branch.oid ${A}`,
      '# branch.head develop',
      '# branch.upstream origin/develop',
      '# branch.ab +2 -1',
      `1 .M N... 100644 100644 100644 ${A} ${A} src/with space.ts`,
      `2 R. N... 100644 100644 100644 ${A} ${A} R100 new name.txt`,
      'old name.txt',
      `u UU N... 100644 100644 100644 100644 ${A} ${B} ${A} conflicted.txt`,
      '',
    ].join('\0');
    const s = parseStatusV2(text);
    assert.equal(s.branch, 'develop');
    assert.equal(s.oid, A);
    assert.equal(s.detached, false);
    assert.equal(s.upstream, 'origin/develop');
    assert.deepEqual([s.ahead, s.behind], [2, 1]);
    assert.deepEqual(s.changed, ['src/with space.ts', 'new name.txt', 'conflicted.txt']);
    assert.deepEqual(s.conflicted, ['conflicted.txt']);
  });

  it('knows a detached HEAD and a repository without commits', () => {
    assert.deepEqual(
      { ...parseStatusV2(`# branch.oid ${A}\0# branch.head (detached)\0`) },
      { branch: undefined, oid: A, detached: true, upstream: undefined, ahead: 0, behind: 0, changed: [], conflicted: [] },
    );
    const unborn = parseStatusV2('# branch.oid (initial)\0# branch.head main\0');
    assert.equal(unborn.oid, undefined);
    assert.equal(unborn.branch, 'main');
  });

  it('splits refs into heads, remote-tracking branches and peeled tags', () => {
    const text = [
      `${A}\t\trefs/heads/feature/a;b`,
      `${B}\t\trefs/remotes/origin/develop`,
      `${B}\t\trefs/remotes/origin/HEAD`,
      `${B}\t${A}\trefs/tags/1.0`,
      `${A}\t\trefs/tags/light`,
    ].join('\n');
    const r = parseRefs(text);
    assert.deepEqual([...r.heads], [['feature/a;b', A]]);
    assert.deepEqual([...r.remotes], [['origin/develop', B]]);
    assert.deepEqual([...r.tags], [['1.0', A], ['light', A]]);
  });

  it('reads AVH config: branches, prefixes (an empty versiontag too), bases and origin', () => {
    const config = parseConfigZ(
      [
        'gitflow.branch.master\nmain',
        'gitflow.branch.develop\ndevelop',
        'gitflow.prefix.feature\nfeat/',
        'gitflow.prefix.versiontag\n',
        'gitflow.branch.feature/Login.base\ndevelop',
        'gitflow.origin\nupstream',
        'remote.upstream.url\n/srv/repo.git',
        'gitflow.allowdirty',
        '',
      ].join('\0'),
    );
    assert.equal(config.get('gitflow.allowdirty'), 'true');
    const flow = flowConfigFrom(config);
    assert.equal(flow.production, 'main');
    assert.equal(flow.develop, 'develop');
    assert.equal(flow.prefixes.feature, 'feat/');
    assert.equal(flow.prefixes.versiontag, '');
    assert.equal(flow.prefixes.release, 'release/', 'a missing prefix takes AVH default');
    assert.equal(flow.hasPrefixes, true);
    assert.equal(flow.origin, 'upstream');
    assert.deepEqual([...flow.bases], [['feature/Login', 'develop']]);
    assert.equal(kindOf(flow, 'feat/x'), 'feature');
    assert.equal(kindOf(flow, 'feat/'), undefined, 'a bare prefix names no branch');
    assert.equal(kindOf(flow, 'main'), undefined);
    assert.equal(flowConfigFrom(new Map()).origin, 'origin');
  });

  it('reads push results, rejected refs included', () => {
    const out = [
      'To /tmp/remote.git',
      '=\trefs/heads/develop:refs/heads/develop\t[up to date]',
      '!\trefs/heads/main:refs/heads/main\t[remote rejected] (pre-receive hook declined)',
      '*\trefs/tags/1.0:refs/tags/1.0\t[new tag]',
      '-\t:refs/heads/release/1.0\t[deleted]',
      'Done',
    ].join('\n');
    const refs = parsePushPorcelain(out);
    assert.deepEqual(refs.map((r) => [r.flag, r.to, r.rejected]), [
      ['=', 'refs/heads/develop', false],
      ['!', 'refs/heads/main', true],
      ['*', 'refs/tags/1.0', false],
      ['-', 'refs/heads/release/1.0', false],
    ]);
    assert.equal(refs[1]!.summary, '[remote rejected] (pre-receive hook declined)');
  });

  it("picks git's reason out of stderr", () => {
    assert.equal(gitReason("hint: something\nfatal: '/gone' does not appear to be a git repository\nfatal: Could not read"), "'/gone' does not appear to be a git repository");
    assert.equal(gitReason('error: pathspec x did not match\n'), 'pathspec x did not match');
  });
});

describe('gitflow branch names', () => {
  const samples = [
    'feature/ok', 'feature/a b', 'feature/a..b', 'feature/a~1', 'feature/a:b', 'feature/a;b', 'feature/$(touch x)', 'feature/`x`',
    'feature/-x', 'feature/a|b', 'feature/a&b', 'feature/a>b', 'feature/a"b', "feature/a'b", 'feature/a!b', 'feature/.x',
    'feature/x.lock', 'feature/x.', 'feature/x/', 'feature//x', 'feature/a@{b', 'feature/@', 'feature/a^b', 'feature/a?b',
    'feature/a*b', 'feature/a[b', 'feature/a\\b', 'feature/é', 'HEAD', 'feature/a\tb', 'feature/a\nb', 'feature/{x}', '-x', 'x',
    'release/1.0.0', 'hotfix/1.0.1-rc.1', '/x', 'a/.b/c', 'a.lock/b',
  ];

  it('agrees with git check-ref-format --branch on every sample', () => {
    for (const name of samples) {
      const git = spawnSync('git', ['check-ref-format', '--branch', name], { encoding: 'utf8' }).status === 0;
      const ours = branchNameProblem(name) === undefined;
      assert.equal(ours, git, `${JSON.stringify(name)}: git says ${git ? 'valid' : 'invalid'}, we say ${branchNameProblem(name) ?? 'valid'}`);
    }
  });

  it('says why a name is refused, in words a user can act on', () => {
    assert.match(flowNameProblem('feature/', 'my login')!, /contains a space/);
    assert.match(flowNameProblem('feature/', 'a..b')!, /contains '\.\.'/);
    assert.match(flowNameProblem('feature/', 'a~b')!, /tilde/);
    assert.match(flowNameProblem('feature/', 'a:b')!, /colon/);
    assert.match(flowNameProblem('feature/', '-rf')!, /cannot start with '-'/);
    assert.match(flowNameProblem('', '-rf')!, /cannot start with '-'/);
    assert.match(flowNameProblem('feature/', '  ')!, /type a name/);
    assert.equal(flowNameProblem('feature/', 'a;b|c&d$(e)`f`'), undefined, 'shell metacharacters are plain characters to git: no shell is used');
  });
});
