// `npm run bench:docker`: the cost of building through the extension's engine compared with the floor,
// a raw `docker build` of the same context, in the same run against the same engine. Both sides build with
// --no-cache (so every run does the same work), alternate (so drift hits both), and their output is
// consumed: raw output is read and dropped; ours goes through the runner, the step parser, the build
// indicator and a terminal-like sink. Reported per builder: median times and the overhead ratio.
//
// Usage: node scripts/bench-docker.mjs [--runs N]   (default 7 runs per side; the first pair is a warm-up)
// Exit 1 when the overhead is 5% or more on any builder.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, repoRoot } from './codeServer.mjs';
import { dockerEngineForTests } from './dockerEngine.mjs';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const LIMIT = 0.05;

async function load(path) {
  const mod = await import(pathToFileURL(join(repoRoot, 'out', path)).href);
  return mod.default ?? mod;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function rawBuild(command, argv, env, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    child.stdout.on('data', (b) => (bytes += b.length));
    child.stderr.on('data', (b) => (bytes += b.length));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - started, bytes }) : reject(new Error(`raw docker build exited ${code}`))));
  });
}

function builders() {
  const out = [{ name: 'docker on PATH (default builder)', command: 'docker', env: {} }];
  if (existsSync('/usr/bin/docker')) {
    const v = spawnSync('/usr/bin/docker', ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8' }).stdout.trim();
    const major = Number(v.split('.')[0]);
    if (major >= 18 && major < 23) out.push({ name: `BuildKit (/usr/bin/docker ${v}, DOCKER_BUILDKIT=1)`, command: '/usr/bin/docker', env: { DOCKER_BUILDKIT: '1' } });
  }
  return out;
}

async function main() {
  build();
  const engine = await dockerEngineForTests();
  if (engine.error) throw engine.error;
  // Both sides, and the image clean-up, talk to this engine.
  Object.assign(process.env, engine.env);
  const { runDockerBuild, dockerBuildArgv } = await load('src/core/docker/dockerBuild.js');
  const { resolveBuildPlan } = await load('src/core/docker/buildConfig.js');
  const { BuildIndicator } = await load('src/core/buildIndicator.js');
  const { childEnv } = await load('src/core/process.js');

  const root = mkdtempSync(join(tmpdir(), 'devops-bench-docker-'));
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
  if (!busybox) throw new Error('busybox is not installed (Debian busybox-static)');
  copyFileSync(busybox, join(root, 'busybox'));
  // Real work and a fair amount of output: several layers, and a RUN that prints 3000 lines.
  writeFileSync(join(root, 'Dockerfile'), [
    'FROM scratch AS base',
    'COPY busybox /bin/busybox',
    'RUN ["/bin/busybox", "sh", "-c", "/bin/busybox mkdir -p /data && i=0; while [ $i -lt 3000 ]; do echo line $i; i=$((i+1)); done"]',
    'ARG NOTE',
    'RUN ["/bin/busybox", "sh", "-c", "echo \\"$NOTE\\" > /data/note"]',
    'FROM base AS final',
    'WORKDIR /data',
    'RUN ["/bin/busybox", "touch", "/data/done"]',
    'LABEL bench=yes',
    '',
  ].join('\n'));
  const tag = `devops-bench/docker:${process.pid}`;
  const plan = {
    ...resolveBuildPlan(root, { dockerfile: 'Dockerfile', tag, network: 'none', buildArgs: { NOTE: 'a b; $(x)' } }, { builds: [], problems: [] }, { context: 'dockerfileFolder', buildArgs: {} }),
    noCache: true,
  };

  const report = [];
  try {
    for (const b of builders()) {
      // Both sides build every step (--no-cache) with the same argv.
      const argv = dockerBuildArgv(plan);
      const env = childEnv({ BUILDKIT_PROGRESS: 'plain', DOCKER_CLI_HINTS: 'false', ...b.env });
      const indicator = new BuildIndicator();
      const raw = [];
      const ours = [];
      for (let i = 0; i <= runs; i++) {
        const r = await rawBuild(b.command, argv, env, root);
        let sink = 0;
        let steps = 0;
        const started = performance.now();
        const result = await runDockerBuild(
          plan,
          {
            command: b.command,
            env: { ...b.env },
            indicator,
            output: { kind: 'terminal', name: 'bench' },
            onOutput: (chunk) => (sink += chunk.replace(/\r?\n/g, '\r\n').length),
            onStep: () => steps++,
          },
        );
        const ms = performance.now() - started;
        if (!result.success) throw new Error(`our build failed: ${result.failure?.message}`);
        if (i === 0) continue; // warm-up pair
        raw.push(r.ms);
        ours.push(ms);
        process.stdout.write(`  ${b.name} run ${i}: raw ${r.ms.toFixed(0)} ms, ours ${ms.toFixed(0)} ms (${steps} steps parsed)\n`);
      }
      const overhead = median(ours) / median(raw) - 1;
      report.push({ name: b.name, raw: median(raw), ours: median(ours), overhead });
    }
  } finally {
    spawnSync('docker', ['image', 'rm', '-f', tag], { env: { ...process.env, ...engine.env } });
    rmSync(root, { recursive: true, force: true });
    await engine.stop();
  }
  console.log('\nDocker build: raw `docker build` vs the extension\'s build of the same context (median of ' + runs + ' runs, --no-cache)');
  for (const r of report) {
    console.log(`  ${r.name}: raw ${r.raw.toFixed(0)} ms, ours ${r.ours.toFixed(0)} ms → ratio ${(r.ours / r.raw).toFixed(3)} (overhead ${(r.overhead * 100).toFixed(1)}%, limit ${LIMIT * 100}%)`);
  }
  const bad = report.filter((r) => r.overhead >= LIMIT);
  if (bad.length) {
    console.error(`overhead at or above ${LIMIT * 100}%: ${bad.map((r) => r.name).join(', ')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`bench:docker failed: ${error?.stack ?? error}`);
  process.exit(1);
});
