// Docker builds against a real engine (a private dockerd when none is reachable: test/support/dockerd.ts),
// with FROM-scratch images that run a static busybox, RUN steps with --network=none. Every fault the
// capability promises to handle is here, for each builder this machine has: the CLI's default builder
// (the legacy builder where the CLI has no buildx) and BuildKit (DOCKER_BUILDKIT=1 on a CLI that has it).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { BuildIndicator, type BuildSnapshot } from '../../src/core/buildIndicator';
import { resolveBuildPlan, type DockerBuildPlan } from '../../src/core/docker/buildConfig';
import type { BuildStep } from '../../src/core/docker/buildOutput';
import { DockerError, runDockerBuild, type DockerBuildOptions } from '../../src/core/docker/dockerBuild';
import { addBusybox, requireDockerEngine, stopSharedDockerEngine } from '../support/dockerd';

after(stopSharedDockerEngine);

interface Cli {
  readonly name: string;
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;
  /** The builder whose output this CLI prints. */
  readonly builder?: 'legacy' | 'buildkit';
}

/** The CLIs to build with: the one on PATH as it is, and a BuildKit one when a CLI here has BuildKit built in or buildx. */
function clis(): Cli[] {
  const out: Cli[] = [{ name: 'docker on PATH, default builder', command: 'docker', env: {} }];
  const candidates = ['/usr/bin/docker', '/usr/local/bin/docker'].filter((p) => fs.existsSync(p));
  const buildkit = candidates.find((p) => {
    const v = spawnSync(p, ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8' }).stdout.trim();
    const major = Number(v.split('.')[0]);
    // 18.09–22.x have BuildKit built into `docker build`; later versions need the buildx plugin.
    if (major >= 18 && major < 23) return true;
    return spawnSync(p, ['buildx', 'version'], { encoding: 'utf8' }).status === 0;
  });
  if (buildkit) out.push({ name: `BuildKit (${buildkit}, DOCKER_BUILDKIT=1)`, command: buildkit, env: { DOCKER_BUILDKIT: '1' }, builder: 'buildkit' });
  else if (process.env.CI === 'true') throw new Error('no docker CLI with BuildKit here: install Debian docker.io (scripts/install-system-deps.sh)');
  return out;
}

const tmpDirs: string[] = [];
function workspace(files: Record<string, string>, busybox = true): string {
  const root = fs.mkdtempSync(join(os.tmpdir(), 'devops-docker-'));
  tmpDirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    fs.mkdirSync(join(root, path, '..'), { recursive: true });
    fs.writeFileSync(join(root, path), content);
  }
  if (busybox) addBusybox(root);
  return root;
}

const settings = { context: 'dockerfileFolder' as const, buildArgs: {} };
function plan(root: string, tag: string, extra: Partial<DockerBuildPlan> = {}): DockerBuildPlan {
  return { ...resolveBuildPlan(root, { dockerfile: 'Dockerfile', tag, network: 'none' }, { builds: [], problems: [] }, settings), ...extra };
}

function inspect(cli: Cli, ref: string): { Config: { Labels: Record<string, string> | null } } | undefined {
  const r = spawnSync(cli.command, ['image', 'inspect', ref], { encoding: 'utf8', env: { ...process.env, ...cli.env } });
  if (r.status !== 0) return undefined;
  return (JSON.parse(r.stdout) as { Config: { Labels: Record<string, string> | null } }[])[0];
}

let seq = 0;
const uniqueTag = (name: string) => `devops-test/${name}:${process.pid}-${++seq}`;
const createdTags: { cli: Cli; tag: string }[] = [];

after(() => {
  for (const { cli, tag } of createdTags) spawnSync(cli.command, ['image', 'rm', '-f', tag], { env: { ...process.env, ...cli.env } });
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

for (const cli of clis()) {
  describe(`docker build, real engine: ${cli.name}`, function () {
    this.timeout(120_000);
    before(async function () {
      await requireDockerEngine(this);
    });

    const build = (p: DockerBuildPlan, options: DockerBuildOptions = {}) => {
      createdTags.push({ cli, tag: p.tag });
      return runDockerBuild(p, { command: cli.command, env: cli.env, ...options });
    };

    it('builds a multi-stage image, reports every step, and the image exists', async () => {
      const root = workspace({
        Dockerfile: 'FROM scratch AS base\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "mkdir", "-p", "/out"]\n\nFROM base AS final\nWORKDIR /out\nRUN ["/bin/busybox", "touch", "/out/done"]\nLABEL built=yes\n',
      });
      const indicator = new BuildIndicator();
      const states: BuildSnapshot[] = [];
      indicator.onDidChange((s) => states.push(s));
      const steps: BuildStep[] = [];
      let output = '';
      const tag = uniqueTag('ok');
      const result = await build(plan(root, tag), { indicator, onStep: (s) => steps.push(s), onOutput: (c) => (output += c) });
      assert.equal(result.success, true, output);
      assert.equal(result.tag, tag);
      assert.ok(result.durationMs > 0);
      assert.equal(inspect(cli, tag)?.Config.Labels?.built, 'yes');
      assert.ok(steps.length >= 4, `steps seen: ${JSON.stringify(steps)}`);
      if (cli.builder) assert.ok(steps.every((s) => s.builder === cli.builder), JSON.stringify(steps));
      assert.equal(indicator.snapshot.state, 'passed');
      assert.equal(indicator.snapshot.label, tag);
      assert.ok(states.some((s) => s.state === 'running' && s.detail && /RUN|COPY|WORKDIR/.test(s.detail)), 'the indicator showed the steps');
    });

    it('builds only up to a target stage', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch AS base\nCOPY busybox /bin/busybox\nLABEL stage=base\n\nFROM base AS final\nLABEL stage=final\n' });
      const tag = uniqueTag('target');
      assert.equal((await build(plan(root, tag, { target: 'base' }))).success, true);
      assert.equal(inspect(cli, tag)?.Config.Labels?.stage, 'base');
    });

    it('passes build args with spaces and shell metacharacters as they are (argv, no shell)', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nARG MSG\nARG OTHER\nLABEL msg="$MSG" other="$OTHER"\n' });
      const msg = 'a b; $(touch /tmp/pwned) `id` "quoted" \'single\' & | > <';
      const marker = join(root, 'pwned-marker');
      const tag = uniqueTag('args');
      const result = await build(plan(root, tag, { buildArgs: { MSG: msg, OTHER: `$(touch ${marker})` } }));
      assert.equal(result.success, true);
      const labels = inspect(cli, tag)?.Config.Labels ?? {};
      assert.equal(labels.msg, msg);
      assert.equal(labels.other, `$(touch ${marker})`);
      assert.equal(fs.existsSync(marker), false, 'a build arg was run by a shell');
    });

    it('a failing RUN: success false, one line, the Dockerfile line, and the indicator failed', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "true"]\nRUN ["/bin/busybox", "false"]\nLABEL never=1\n' });
      const indicator = new BuildIndicator();
      const result = await build(plan(root, uniqueTag('runfail')), { indicator });
      assert.equal(result.success, false);
      assert.equal(result.failure?.line, 4);
      assert.match(result.failure!.message, /RUN \["\/bin\/busybox", "false"\]: .*(non-zero code: 1|exit code: 1)/);
      assert.equal(result.failure!.message.includes('\n'), false);
      assert.equal(indicator.snapshot.state, 'failed');
      assert.equal(indicator.snapshot.detail, result.failure!.message);
    });

    it('a Dockerfile with a syntax error: its line', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nFORM nothing\n' });
      const result = await build(plan(root, uniqueTag('syntax')));
      assert.equal(result.success, false);
      assert.equal(result.failure?.kind, 'syntax');
      assert.equal(result.failure?.line, 3);
      assert.match(result.failure!.message, /unknown instruction: FORM/i);
    });

    it('a missing COPY source: the COPY line, and the context it is missing from', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY missing.txt /m\n' });
      const result = await build(plan(root, uniqueTag('missing')));
      assert.equal(result.success, false);
      assert.equal(result.failure?.line, 3);
      assert.match(result.failure!.message, /^COPY missing\.txt \/m: .*missing\.txt.* \(missing\.txt is not in the build context "\."\)$/);
    });

    it('a COPY source at the workspace root, the Dockerfile in a subfolder: says to build from the workspace folder', async () => {
      const root = workspace({ 'api/Dockerfile': 'FROM scratch\nCOPY package.json /app/\n', 'package.json': '{}\n' }, false);
      const p = resolveBuildPlan(root, { dockerfile: 'api/Dockerfile', tag: uniqueTag('subdir'), network: 'none' }, { builds: [], problems: [] }, settings);
      assert.equal(p.context, join(root, 'api'), "the default context is the Dockerfile's folder");
      const result = await build(p);
      assert.equal(result.success, false);
      assert.equal(result.failure?.line, 2);
      assert.match(result.failure!.message, /\(package\.json is not in the build context "api" but is in the workspace folder: build with the workspace folder as the context\)$/);
      assert.equal(result.failure!.message.includes('\n'), false);
    });

    it('a tag Docker would reject is refused before anything runs, with the rule', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch\n' }, false);
      const indicator = new BuildIndicator();
      for (const [tag, rule] of [['Bad:tag', /uppercase letters\): a name is lowercase/], ['ok:-bad', /a tag is 1–128 characters/]] as const) {
        await assert.rejects(build(plan(root, tag), { indicator }), (e: unknown) => e instanceof DockerError && e.code === 'INVALID' && rule.test(e.message));
      }
      assert.equal(indicator.snapshot.runId, 0, 'no build was started');
    });

    it('cancel mid-build ends the build at once and leaves no image', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sleep", "60"]\n' });
      const controller = new AbortController();
      const indicator = new BuildIndicator();
      const tag = uniqueTag('cancel');
      let sawRun = false;
      const started = Date.now();
      const pending = build(plan(root, tag), {
        indicator,
        signal: controller.signal,
        onStep: (s) => {
          if (s.instruction.startsWith('RUN') && !sawRun) {
            sawRun = true;
            setTimeout(() => controller.abort(), 500);
          }
        },
      });
      await assert.rejects(pending, (e: unknown) => e instanceof DockerError && e.code === 'CANCELLED');
      assert.ok(sawRun, 'the RUN step had started');
      assert.ok(Date.now() - started < 30_000, 'cancelled well before the 60 s sleep ended');
      assert.equal(indicator.snapshot.state, 'idle');
      assert.equal(inspect(cli, tag), undefined);
      const clients = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(tag));
      assert.deepEqual(clients, [], 'the docker client was killed');
    });

    it('two builds at once: they take turns on the indicator, never interleaved', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sleep", "1"]\n' });
      const indicator = new BuildIndicator();
      const seen: string[] = [];
      indicator.onDidChange((s) => {
        if (seen.at(-1) !== `${s.label}:${s.state}`) seen.push(`${s.label}:${s.state}`);
      });
      const [a, b] = [uniqueTag('two-a'), uniqueTag('two-b')];
      const results = await Promise.all([build(plan(root, a), { indicator }), build(plan(root, b), { indicator })]);
      assert.deepEqual(results.map((r) => r.success), [true, true]);
      assert.deepEqual(seen, [`${a}:running`, `${a}:passed`, `${b}:running`, `${b}:passed`]);
    });

    it('no engine at DOCKER_HOST: says so, and how to start one', async () => {
      const root = workspace({ Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\n' });
      const dead = `unix://${join(root, 'no-engine.sock')}`;
      const indicator = new BuildIndicator();
      await assert.rejects(build(plan(root, uniqueTag('noengine')), { env: { ...cli.env, DOCKER_HOST: dead }, indicator }), (e: unknown) => {
        assert.ok(e instanceof DockerError, String(e));
        assert.equal(e.code, 'NO_ENGINE');
        assert.match(e.message, new RegExp(`Docker is not running: no engine answers at DOCKER_HOST=${dead.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. Start it`));
        return true;
      });
      assert.equal(indicator.snapshot.state, 'failed');
    });
  });
}

describe('docker build: no CLI', () => {
  it('a missing command says what to install or which setting to change', async () => {
    const root = workspace({ Dockerfile: 'FROM scratch\n' }, false);
    const tag = 'x:1';
    await assert.rejects(
      runDockerBuild({ ...resolveBuildPlan(root, { dockerfile: 'Dockerfile', tag }, { builds: [], problems: [] }, settings) }, { command: join(root, 'no-such-docker') }),
      (e: unknown) => e instanceof DockerError && e.code === 'NO_CLI' && /was not found\. Install Docker \(or Podman\), or set devopsLifecycle\.docker\.command/.test(e.message),
    );
  });
});
