// `devops-lifecycle calms [DIR] [--json]` as a user runs it: node dist/cli.js in a child process on
// temp copies of the fixture workspaces, its JSON, the human form, and exit codes 0/1/2.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import type { CalmsReport } from '../../src/core/calms/report';
import { copyFixture, initRepo, removeTmpDirs } from './calmsTestRepo';

const CLI = resolve(__dirname, '../../../dist/cli.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(removeTmpDirs);

describe('CLI: devops-lifecycle calms', () => {
  let mature: string;

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: build it first (node esbuild.config.mjs)`);
    mature = copyFixture('mature');
    initRepo(mature);
  });

  it('--json prints the report: five pillars with items, scores and the file status', () => {
    const r = cli(['calms', '--json'], mature);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as CalmsReport;
    assert.equal(report.root, mature);
    assert.deepEqual(report.file, { path: '.devops/calms.json', status: 'missing' });
    assert.deepEqual(report.pillars.map((p) => p.id), ['culture', 'automation', 'lean', 'measurement', 'sharing']);
    const ci = report.pillars[1]!.items.find((i) => i.id === 'automation.ci')!;
    assert.equal(ci.kind, 'evidence');
    assert.equal(ci.done, true);
    assert.equal(ci.source, 'evidence');
    assert.equal(ci.evidence?.links[0]?.path, '.github/workflows/ci.yml');
    const retro = report.pillars[0]!.items.find((i) => i.id === 'culture.retrospectives')!;
    assert.deepEqual([retro.kind, retro.done, retro.source], ['manual', false, null]);
    assert.ok(report.overall > 0 && report.overall < 100);
    assert.deepEqual(report.history, []);
  });

  it('counts the team’s answers from .devops/calms.json, and prints a readable summary', () => {
    const before = (JSON.parse(cli(['calms', mature, '--json'], '/').stdout) as CalmsReport).pillars[0]!.score;
    fs.mkdirSync(join(mature, '.devops'), { recursive: true });
    fs.writeFileSync(join(mature, '.devops', 'calms.json'), JSON.stringify({
      version: 1,
      answers: { 'culture.retrospectives': { done: true, by: 'Ada', at: '2025-05-06T10:00:00Z' } },
      history: [{ date: '2025-05-06', overall: 50, pillars: { culture: 57 } }],
    }));
    try {
      const report = JSON.parse(cli(['calms', mature, '--json'], '/').stdout) as CalmsReport;
      assert.ok(report.pillars[0]!.score > before);
      assert.equal(report.file.status, 'ok');
      assert.equal(report.history.length, 1);
      const text = cli(['calms', mature], '/');
      assert.equal(text.status, 0);
      assert.match(text.stdout, /^CALMS /);
      assert.match(text.stdout, /Overall \d+%/);
      assert.match(text.stdout, /Culture +\d+% +\d+\/7/);
      assert.match(text.stdout, /\[x\] +Regular retrospectives lead to changes/);
      assert.match(text.stdout, /\[auto\] CI builds and tests every change — \.github\/workflows\/ci\.yml/);
      assert.match(text.stdout, /History: 1 snapshot\(s\), the last 2025-05-06 at 50%/);
    } finally {
      fs.rmSync(join(mature, '.devops'), { recursive: true, force: true });
    }
  });

  it('fails (exit 1) on a corrupt or future-version file, and leaves it as it is', () => {
    const dir = copyFixture('bare');
    fs.mkdirSync(join(dir, '.devops'));
    const path = join(dir, '.devops', 'calms.json');
    fs.writeFileSync(path, '{"version": 1,');
    let r = cli(['calms', dir], '/');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^devops-lifecycle: \.devops\/calms\.json cannot be used: it is not valid JSON/);
    assert.equal(fs.readFileSync(path, 'utf8'), '{"version": 1,');
    fs.writeFileSync(path, '{"version": 3}');
    r = cli(['calms', dir], '/');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /newer DevOps Lifecycle/);
  });

  it('exit 2 on bad usage, 1 on a missing folder', () => {
    assert.equal(cli(['calms', '--yaml'], mature).status, 2);
    assert.equal(cli(['calms', 'a', 'b'], mature).status, 2);
    const missing = cli(['calms', join(mature, 'nope')], mature);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /does not exist/);
  });
});
