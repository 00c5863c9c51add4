// Evidence evaluation on real folders: the fixture workspaces (test/fixtures/calms) copied to temp
// folders and made git repositories, scanned by the real scanner, with git history at chosen dates for
// branch ages and change sizes; plus the git output parsers on literal strings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { type EvidenceStatus, checkBranchAges, checkChangeSizes, evaluateEvidence, type ItemEvaluation, medianOf } from '../../src/core/calms/evaluate';
import { gatherFacts, parseForEachRef, parseGitflowNames, parseShortstatLog, readGitFacts } from '../../src/core/calms/facts';
import { evaluateFolder } from '../../src/core/calms/report';
import { CATALOGUE } from '../../src/core/calms/catalogue';
import { scanFolder } from '../../src/core/lifecycle/scanner';
import { commitLines, copyFixture, daysAgo, git, initRepo, removeTmpDirs, tmpDir } from './calmsTestRepo';

async function evaluate(dir: string, runGit = true, now = new Date()): Promise<Map<string, ItemEvaluation>> {
  const scan = await scanFolder(dir, { useGit: runGit });
  return evaluateFolder(dir, scan, { useGit: runGit, runGit }, now);
}

function statusOf(e: Map<string, ItemEvaluation>, id: string): EvidenceStatus {
  const r = e.get(id);
  assert.ok(r, `no evaluation for ${id}`);
  return r.status;
}

const paths = (e: Map<string, ItemEvaluation>, id: string) => (e.get(id)?.evidence ?? []).flatMap((l) => (l.path ? [l.path] : []));

after(removeTmpDirs);

describe('CALMS evidence on fixture workspaces', () => {
  let mature: Map<string, ItemEvaluation>;
  let bare: Map<string, ItemEvaluation>;

  before(async () => {
    const m = copyFixture('mature');
    initRepo(m);
    mature = await evaluate(m);
    const b = copyFixture('bare');
    initRepo(b);
    bare = await evaluate(b);
  });

  it('evaluates every evidence item, and only those', () => {
    const evidenceIds = CATALOGUE.filter((i) => i.evidence).map((i) => i.id).sort();
    assert.deepEqual([...mature.keys()].sort(), evidenceIds);
  });

  it('finds each file-based practice of a mature workspace, with the file as evidence', () => {
    const expected: Record<string, string[]> = {
      'culture.codeowners': ['.github/CODEOWNERS'],
      'culture.postmortems': ['docs/postmortem-template.md'],
      'culture.agreements': ['CODE_OF_CONDUCT.md'],
      'automation.dependencies': ['.github/dependabot.yml'],
      'sharing.readme': ['README.md'],
      'sharing.contributing': ['CONTRIBUTING.md'],
      'sharing.adrs': ['docs/adr/0001-record-architecture-decisions.md'],
      'sharing.runbooks': ['runbooks/high-error-rate.md'],
      'sharing.templates': ['.github/ISSUE_TEMPLATE/bug_report.md', '.github/pull_request_template.md'],
      'measurement.logging': ['monitoring/fluent-bit.conf'],
    };
    for (const [id, files] of Object.entries(expected)) {
      assert.equal(statusOf(mature, id), 'met', `${id}: ${mature.get(id)?.reason}`);
      assert.deepEqual(paths(mature, id), files, id);
    }
  });

  it('takes tool evidence from the lifecycle scan, with lines where the scan has them', () => {
    assert.equal(statusOf(mature, 'automation.ci'), 'met');
    assert.deepEqual(paths(mature, 'automation.ci'), ['.github/workflows/ci.yml']);
    assert.equal(statusOf(mature, 'automation.iac'), 'met');
    assert.ok(paths(mature, 'automation.iac').includes('infra/main.tf'));
    assert.equal(statusOf(mature, 'automation.tests'), 'met');
    assert.equal(statusOf(mature, 'measurement.monitoring'), 'met');
    assert.ok(paths(mature, 'measurement.monitoring').includes('monitoring/prometheus.yml'));
    const ci = mature.get('automation.ci')!.evidence[0]!;
    assert.equal(typeof ci.line, 'number');
    assert.match(ci.detail ?? '', /GitHub Actions/);
  });

  it('reads content where a name is not proof: alert rules, coverage settings, a deploying CI job, SLOs', () => {
    const alerts = mature.get('measurement.alerts')!;
    assert.equal(alerts.status, 'met');
    assert.deepEqual(alerts.evidence.map((l) => [l.path, l.line]), [['monitoring/rules/alerts.yml', 4]]);
    assert.match(alerts.evidence[0]!.detail!, /alert: HighErrorRate/);
    assert.deepEqual(paths(mature, 'measurement.coverage'), ['jest.config.js']);
    assert.deepEqual(paths(mature, 'automation.deploy'), ['.github/workflows/ci.yml']);
    assert.deepEqual(paths(mature, 'measurement.slos'), ['monitoring/slo.yaml']);
  });

  it('leaves unproven items open, saying what it looked for', () => {
    assert.equal(statusOf(mature, 'automation.release'), 'unmet');
    assert.equal(statusOf(mature, 'measurement.dashboards'), 'unmet');
    for (const [id, e] of bare) {
      if (id.startsWith('lean.small') || id.startsWith('lean.short')) continue;
      assert.notEqual(e.status, 'met', `${id} is met in the bare workspace by ${JSON.stringify(e.evidence)}`);
      assert.match(e.reason ?? '', /^Not found: .+\.$/, id);
    }
    assert.match(bare.get('culture.codeowners')!.reason!, /CODEOWNERS/);
  });

  it('never takes vendored files as evidence', () => {
    assert.equal(statusOf(bare, 'sharing.adrs'), 'unmet');
    assert.equal(statusOf(bare, 'sharing.contributing'), 'unmet');
  });

  it('a file added to the workspace is found on the next evaluation', async () => {
    const dir = copyFixture('bare');
    initRepo(dir);
    assert.equal(statusOf(await evaluate(dir), 'culture.codeowners'), 'unmet');
    fs.writeFileSync(join(dir, 'CODEOWNERS'), '* @team\n'); // untracked but not ignored: git lists it
    const after = await evaluate(dir);
    assert.equal(statusOf(after, 'culture.codeowners'), 'met');
    assert.deepEqual(paths(after, 'culture.codeowners'), ['CODEOWNERS']);
  });

  it('in Restricted Mode (no git) keeps file evidence and reports the git checks as unknown', async () => {
    const dir = copyFixture('mature');
    initRepo(dir);
    const e = await evaluate(dir, false);
    assert.equal(statusOf(e, 'culture.codeowners'), 'met');
    for (const id of ['lean.short-branches', 'lean.small-changes']) {
      assert.equal(statusOf(e, id), 'unknown');
      assert.match(e.get(id)!.reason!, /trusted workspace/);
    }
  });

  it('without a .git folder, reports the git checks as unknown with the reason', async () => {
    const dir = copyFixture('bare');
    const e = await evaluate(dir, true);
    assert.equal(statusOf(e, 'lean.short-branches'), 'unknown');
    assert.match(e.get('lean.short-branches')!.reason!, /not a git repository/);
  });
});

describe('CALMS git checks against real git', () => {
  const now = new Date();

  it('short-lived branches: an unmerged branch idle for weeks fails it, long-lived branches do not count', async () => {
    const dir = tmpDir();
    fs.writeFileSync(join(dir, 'README.md'), '# x\n');
    initRepo(dir, daysAgo(60, now));
    git(dir, ['branch', 'develop'], daysAgo(60, now));
    git(dir, ['checkout', '-q', '-b', 'feature/old'], daysAgo(40, now));
    commitLines(dir, 'old.txt', 3, daysAgo(40, now));
    git(dir, ['checkout', '-q', 'develop'], daysAgo(40, now));
    commitLines(dir, 'dev.txt', 3, daysAgo(30, now)); // develop: old and unmerged, but long-lived by design
    git(dir, ['checkout', '-q', '-b', 'feature/new', 'main'], daysAgo(2, now));
    commitLines(dir, 'new.txt', 3, daysAgo(2, now));
    git(dir, ['checkout', '-q', 'main']);

    let e = await evaluate(dir, true, now);
    const branches = e.get('lean.short-branches')!;
    assert.equal(branches.status, 'unmet');
    assert.match(branches.reason!, /1 unmerged branch has had no commit for more than 14 days: feature\/old \(40 days\)/);
    assert.doesNotMatch(branches.reason!, /develop|feature\/new/);

    git(dir, ['merge', '-q', '--no-ff', '-m', 'Merge feature/old', 'feature/old'], daysAgo(1, now));
    e = await evaluate(dir, true, now);
    assert.equal(e.get('lean.short-branches')!.status, 'met');
    assert.match(e.get('lean.short-branches')!.evidence[0]!.detail!, /1 unmerged branch, each with a commit in the last 14 days/);
  });

  it('honours gitflow’s configured branch names as long-lived', async () => {
    const dir = tmpDir();
    initRepo(dir, daysAgo(90, now));
    git(dir, ['checkout', '-q', '-b', 'integration'], daysAgo(50, now));
    commitLines(dir, 'a.txt', 1, daysAgo(50, now));
    git(dir, ['checkout', '-q', 'main']);
    assert.equal((await evaluate(dir, true, now)).get('lean.short-branches')!.status, 'unmet');
    git(dir, ['config', 'gitflow.branch.master', 'main']);
    git(dir, ['config', 'gitflow.branch.develop', 'integration']);
    assert.equal((await evaluate(dir, true, now)).get('lean.short-branches')!.status, 'met');
  });

  it('small changes: the median of recent commits decides; too few commits is unknown', async () => {
    const dir = tmpDir();
    initRepo(dir, daysAgo(20, now)); // an empty commit: it changes nothing in the folder, so it does not count
    commitLines(dir, 'a.txt', 10, daysAgo(19, now));
    commitLines(dir, 'b.txt', 20, daysAgo(18, now));
    let e = await evaluate(dir, true, now);
    assert.equal(e.get('lean.small-changes')!.status, 'unknown');
    assert.match(e.get('lean.small-changes')!.reason!, /Only 2 commits so far/);

    commitLines(dir, 'c.txt', 30, daysAgo(17, now));
    commitLines(dir, 'd.txt', 5000, daysAgo(16, now)); // one big import does not move the median much
    commitLines(dir, 'e.txt', 40, daysAgo(15, now));
    e = await evaluate(dir, true, now);
    assert.equal(e.get('lean.small-changes')!.status, 'met');
    assert.match(e.get('lean.small-changes')!.evidence[0]!.detail!, /median commit changes 30 lines over the last 5 commits/);

    for (let i = 0; i < 8; i++) commitLines(dir, `big${i}.txt`, 400, daysAgo(10 - i, now));
    e = await evaluate(dir, true, now);
    assert.equal(e.get('lean.small-changes')!.status, 'unmet');
    assert.match(e.get('lean.small-changes')!.reason!, /median commit changes 400 lines.*aim for 200 or fewer/);
  });

  it('reuses the change sizes of an earlier evaluation while HEAD has not moved', async () => {
    const dir = tmpDir();
    initRepo(dir, daysAgo(5, now));
    for (let i = 0; i < 5; i++) commitLines(dir, `f${i}.txt`, 10, daysAgo(4 - i, now));
    const first = await readGitFacts(dir);
    assert.ok(first.head && first.changeSizes.ok);
    assert.deepEqual(first.changeSizes.ok && first.changeSizes.value, [10, 10, 10, 10, 10]);
    // A marker value proves the earlier facts were taken as they are, without running git log again.
    const marked = { ...first, changeSizes: { ok: true as const, value: [1, 2, 3] } };
    const same = await readGitFacts(dir, undefined, marked);
    assert.deepEqual(same.changeSizes.ok && same.changeSizes.value, [1, 2, 3]);
    commitLines(dir, 'g.txt', 7, now);
    const moved = await readGitFacts(dir, undefined, marked);
    assert.notEqual(moved.head, first.head);
    assert.deepEqual(moved.changeSizes.ok && moved.changeSizes.value, [7, 10, 10, 10, 10, 10]);
  });

  it('a repository without commits is unknown, not a failure', async () => {
    const dir = tmpDir();
    git(dir, ['init', '-q', '-b', 'main']);
    const e = await evaluate(dir, true, now);
    for (const id of ['lean.short-branches', 'lean.small-changes']) {
      assert.equal(e.get(id)!.status, 'unknown');
      assert.match(e.get(id)!.reason!, /no commits yet/);
    }
  });

  it('gathers at most what content rules need: small files only', async () => {
    const dir = copyFixture('bare');
    fs.mkdirSync(join(dir, 'monitoring'));
    fs.writeFileSync(join(dir, 'monitoring', 'alerts.yml'), `${'# padding\n'.repeat(40_000)}- alert: Late\n`);
    const facts = await gatherFacts(dir, await scanFolder(dir, { useGit: false }), { useGit: false, runGit: false });
    assert.equal(facts.texts.has('monitoring/alerts.yml'), false, 'a 400 KB file is not read');
    assert.equal(evaluateEvidence(facts).get('measurement.alerts')!.status, 'unmet');
  });
});

describe('CALMS git output parsers', () => {
  it('parses for-each-ref output, leaving out symbolic refs', () => {
    const text = [
      'refs/heads/feature/login\t1700000000\t',
      'refs/remotes/origin/HEAD\t1700000000\trefs/remotes/origin/main',
      'refs/remotes/origin/feature/pay\t1690000000\t',
      'refs/tags/v1\t1690000000\t',
      '',
    ].join('\n');
    assert.deepEqual(parseForEachRef(text), [
      { ref: 'refs/heads/feature/login', name: 'feature/login', display: 'feature/login', committedAt: 1700000000 },
      { ref: 'refs/remotes/origin/feature/pay', name: 'feature/pay', display: 'origin/feature/pay', committedAt: 1690000000 },
    ]);
  });

  it('parses --shortstat log output, counting commits that change no lines as 0', () => {
    const text = '\x1eaaa\n\n 2 files changed, 10 insertions(+), 3 deletions(-)\n\x1ebbb\n\n 1 file changed, 1 insertion(+)\n\x1eccc\n\x1eddd\n\n 1 file changed, 7 deletions(-)\n';
    assert.deepEqual(parseShortstatLog(text), [13, 1, 0, 7]);
    assert.deepEqual(parseShortstatLog(''), []);
  });

  it('parses gitflow branch names and the support prefix', () => {
    assert.deepEqual(parseGitflowNames('gitflow.branch.master main\ngitflow.branch.develop dev\ngitflow.prefix.feature feature/\ngitflow.prefix.support sup/\n'), {
      branches: ['main', 'dev'],
      supportPrefix: 'sup/',
    });
    assert.deepEqual(parseGitflowNames(''), { branches: [], supportPrefix: undefined });
  });

  it('checks branch ages and change sizes as pure functions', () => {
    const now = new Date('2025-03-01T00:00:00Z');
    const at = (days: number) => now.getTime() / 1000 - days * 86400;
    const b = (name: string, days: number) => ({ ref: `refs/heads/${name}`, name, display: name, committedAt: at(days) });
    assert.equal(checkBranchAges([b('a', 3), b('support/1.x', 300), b('main', 100)], ['main'], ['support/'], now).met, true);
    const r = checkBranchAges([b('a', 15), b('b', 20)], [], [], now);
    assert.equal(r.met, false);
    assert.match(r.detail, /2 unmerged branches have had no commit for more than 14 days: b \(20 days\), a \(15 days\)/);
    assert.equal(checkChangeSizes([1, 2, 3, 4]).met, undefined);
    assert.equal(checkChangeSizes([100, 200, 300, 50, 10]).met, true);
    assert.equal(medianOf([1, 2, 3, 4]), 3);
    assert.equal(medianOf([5, 1, 3]), 3);
  });
});
