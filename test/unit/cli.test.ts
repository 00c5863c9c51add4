// The headless CLI as a user runs it: `node dist/cli.js …` in a child process (argv arrays, never a
// shell), its JSON shape as the product sheet writes it, the human form, and the exit codes 0/1/2.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { copyFixture, tmpDir } from './scanFixtures';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');

const STAGES: [string, string][] = [
  ['plan', 'Plan'], ['code', 'Code'], ['build', 'Build'], ['test', 'Test'],
  ['release', 'Release'], ['deploy', 'Deploy'], ['operate', 'Operate'], ['monitor', 'Monitor'],
];


interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: string[], cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const keys = (v: object) => Object.keys(v).sort();

describe('CLI: devops-lifecycle scan', () => {
  let allTools: string;

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: build it first (node esbuild.config.mjs)`);
    allTools = copyFixture('all-tools');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: allTools });
    execFileSync('git', ['config', 'gitflow.branch.master', 'main'], { cwd: allTools });
    execFileSync('git', ['config', 'gitflow.branch.develop', 'develop'], { cwd: allTools });
  });

  it('scan DIR --json: exit 0, nothing on stderr, the JSON of the product sheet', () => {
    const r = cli(['scan', allTools, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const json = JSON.parse(r.stdout) as Record<string, unknown>;

    // {"root", "stages":[{"id","name","tools":[{"id","name","evidence":[paths…]}]}], "problems":[{"path","message"}], "stats":{"files","durationMs"}}
    assert.deepEqual(keys(json), ['problems', 'root', 'stages', 'stats']);
    assert.equal(json.root, allTools);
    const stages = json.stages as Record<string, unknown>[];
    assert.deepEqual(stages.map((s) => [s.id, s.name]), STAGES);
    for (const stage of stages) {
      assert.deepEqual(keys(stage), ['id', 'name', 'tools']);
      for (const t of stage.tools as Record<string, unknown>[]) {
        // `locations` adds lines and notes to the sheet's `evidence` paths (see docs/detection.md).
        assert.deepEqual(keys(t), ['evidence', 'id', 'locations', 'name']);
        assert.ok(isString(t.id) && isString(t.name));
        const evidence = t.evidence as unknown[];
        assert.ok(Array.isArray(evidence) && evidence.length > 0 && evidence.every(isString), `${String(t.id)}: evidence is a list of paths`);
        assert.deepEqual(evidence, [...new Set(evidence)].sort(), `${String(t.id)}: unique and sorted`);
        for (const p of evidence as string[]) assert.ok(!p.startsWith('/') && !p.includes('\\'), `${p} is workspace-relative with forward slashes`);
        for (const l of t.locations as Record<string, unknown>[]) {
          assert.ok(isString(l.path) && evidence.includes(l.path));
          if ('line' in l) assert.ok(Number.isInteger(l.line) && (l.line as number) >= 1);
        }
      }
    }
    assert.deepEqual(json.problems, []);
    const stats = json.stats as Record<string, unknown>;
    assert.ok(Number.isInteger(stats.files) && (stats.files as number) > 50);
    assert.ok(typeof stats.durationMs === 'number' && stats.durationMs >= 0);
    assert.deepEqual(keys(stats), ['durationMs', 'files', 'listing']);
    assert.equal(stats.listing, 'git');

    const ids = stages.flatMap((s) => (s.tools as { id: string }[]).map((t) => t.id));
    assert.equal(ids.length, 52, 'every tool id of the sheet');
    const docker = stages[2]!.tools as { id: string; evidence: string[] }[];
    assert.deepEqual(docker.find((t) => t.id === 'docker')?.evidence, ['Dockerfile']);
  });

  it('scan <the demo workspace npm start opens> --json: tools in all eight stages, each with evidence that exists', () => {
    // The demo as scripts/codeServer.mjs materializeFixture makes it: a copy that is its own git repository.
    const demo = tmpDir();
    fs.cpSync(join(ROOT, 'test', 'fixtures', 'workspaces', 'demo'), demo, { recursive: true });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: demo });
    execFileSync('git', ['add', '-A'], { cwd: demo });
    execFileSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'demo'], { cwd: demo });
    const r = cli(['scan', demo, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { stages: { id: string; tools: { id: string; evidence: string[] }[] }[]; problems: unknown[]; stats: { listing: string } };
    assert.deepEqual(json.stages.map((s) => s.id), STAGES.map(([id]) => id));
    for (const stage of json.stages) {
      assert.ok(stage.tools.length > 0, `the demo has nothing in ${stage.id}: every stage must show something`);
      for (const t of stage.tools) {
        assert.ok(t.evidence.length > 0, `${stage.id}/${t.id} has no evidence`);
        for (const p of t.evidence) assert.ok(fs.existsSync(join(demo, p)), `${stage.id}/${t.id}: ${p} does not exist`);
      }
    }
    assert.deepEqual(json.problems, []);
    assert.equal(json.stats.listing, 'git');
  });

  it('problems as {path, message} (and the line where there is one)', () => {
    const dir = tmpDir();
    fs.mkdirSync(join(dir, 'k8s'));
    fs.writeFileSync(join(dir, 'k8s', 'broken.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n labels: x\n');
    fs.writeFileSync(join(dir, 'package.json'), '{ "name": ');
    const r = cli(['scan', dir, '--json']);
    assert.equal(r.status, 0, 'problems in files are findings, not a failure of the scan');
    const json = JSON.parse(r.stdout) as { problems: Record<string, unknown>[] };
    assert.deepEqual(json.problems.map((p) => [p.path, p.line]), [['k8s/broken.yaml', 5], ['package.json', undefined]]);
    for (const p of json.problems) {
      assert.ok(isString(p.path) && isString(p.message));
      assert.deepEqual(keys(p).filter((k) => k !== 'line'), ['message', 'path']);
    }
  });

  it('--json may come first, and DIR defaults to the current folder', () => {
    const r = cli(['scan', '--json'], allTools);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { root: string }).root, allTools);
    const relative = cli(['scan', '--json', '.'], allTools);
    assert.equal((JSON.parse(relative.stdout) as { root: string }).root, allTools);
  });

  it('human form: one row per tool under its stage, gaps named, problems last', () => {
    const r = cli(['scan', allTools]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `DevOps lifecycle of ${allTools}`);
    assert.match(lines[1]!, /^\d+ files listed with git, scanned in \d+ ms$/);
    assert.match(r.stdout, /^Build\s+Docker\s+Dockerfile$/m);
    assert.match(r.stdout, /^Code\s+Git\s+\.git, \.gitignore$/m);
    assert.match(r.stdout, /^\s+Kubernetes\s+deploy\/helm\/api\/templates\/deployment\.yaml, deploy\/k8s\/deployment\.yaml$/m);
    assert.match(r.stdout, /^\s+npm\s+package-lock\.json, package\.json, packages\/legacy\/package\.json$/m);
    for (const [, name] of STAGES) assert.match(r.stdout, new RegExp(`^${name}\\s`, 'm'));
    assert.ok(r.stdout.includes('Every stage has tooling.'));

    const negatives = copyFixture('negatives');
    const n = cli(['scan', negatives]);
    assert.equal(n.status, 0, n.stderr);
    assert.match(n.stdout, /^Plan\s+—\s+nothing detected \(gap\)$/m);
    assert.ok(n.stdout.includes('Gaps: Plan, Code, Test, Release, Monitor'), n.stdout);

    const broken = tmpDir();
    fs.writeFileSync(join(broken, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx\n   ports: []\n');
    const b = cli(['scan', broken]);
    assert.equal(b.status, 0);
    assert.match(b.stdout, /^Problems \(1\):\n {2}docker-compose\.yml:\d+ {2}malformed YAML: .+$/m);
  });

  it('exit 1 with a one-line reason on stderr when the operation fails', () => {
    const missing = join(tmpDir(), 'no-such-folder');
    const r = cli(['scan', missing, '--json']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `devops-lifecycle: ${missing} does not exist\n`);

    const file = join(tmpDir(), 'Dockerfile');
    fs.writeFileSync(file, 'FROM alpine\n');
    const f = cli(['scan', file]);
    assert.equal(f.status, 1);
    assert.equal(f.stderr, `devops-lifecycle: ${file} is not a folder\n`);
  });

  it('exit 2 on bad usage, with the usage on stderr', () => {
    for (const args of [[], ['deploy'], ['scan', '--yaml'], ['scan', allTools, allTools], ['scan', '-j']]) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /Usage:\n\s+devops-lifecycle scan \[DIR\] \[--json\]/, args.join(' '));
    }
    assert.match(cli(['scan', '--yaml']).stderr, /^devops-lifecycle: scan: unknown option '--yaml'$/m);
    assert.match(cli(['deploy']).stderr, /^devops-lifecycle: unknown command 'deploy'$/m);
  });

  it('--help: the usage on stdout, exit 0', () => {
    const r = cli(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage:/);
    assert.match(r.stdout, /Exit codes: 0 ok, 1 the operation failed, 2 bad usage\./);
  });
});
