// The scanner on real folders: tmp copies of test/fixtures/scan (git facts and node_modules are created
// at test time, since a fixture cannot carry a .git folder and the repository ignores node_modules),
// bad input (broken, binary, oversized files, symbolic link loops), walk mode, and incremental updates.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import type { ScanResult, ToolResult } from '../../src/core/lifecycle/model';
import { LifecycleIndex, scanFolder } from '../../src/core/lifecycle/scanner';
import { copyFixture, FIXTURES, tmpDir } from './scanFixtures';


/** The product sheet's table: the tool ids that are checked, by stage. */
const PRODUCT_TOOLS: Record<string, string[]> = {
  plan: ['jira', 'excalidraw', 'figma'],
  code: ['git', 'gitflow', 'git-hooks', 'editorconfig'],
  build: ['docker', 'werf', 'buildout', 'webpack', 'watchify', 'esbuild', 'vite', 'make', 'npm', 'maven', 'gradle', 'go', 'cargo', 'python'],
  test: ['jest', 'pytest', 'robot', 'selenium', 'mocha', 'vitest', 'playwright', 'cypress', 'gotest'],
  release: ['jenkins', 'gitlab-ci', 'github-actions', 'circleci', 'travis', 'release-tool', 'changelog'],
  deploy: ['aws', 'docker-compose', 'nomad', 'helm', 'heroku', 'skaffold'],
  operate: ['ansible', 'terraform', 'kubernetes', 'openshift', 'kustomize'],
  monitor: ['nagios', 'elastic', 'prometheus', 'grafana'],
};

/** test/fixtures/scan/all-tools, as a git repository with gitflow configured: the evidence of every tool. */
const ALL_TOOLS_EVIDENCE: Record<string, string[]> = {
  jira: ['.jira.d/config.yml'],
  excalidraw: ['docs/architecture.excalidraw'],
  figma: ['figma.config.json'],
  git: ['.git', '.gitignore'],
  gitflow: ['.git/config'],
  'git-hooks': ['.husky/pre-commit', 'package.json'],
  editorconfig: ['.editorconfig'],
  docker: ['Dockerfile'],
  werf: ['werf.yaml'],
  buildout: ['buildout.cfg'],
  webpack: ['package.json', 'webpack.config.js'],
  watchify: ['package.json'],
  esbuild: ['esbuild.config.mjs', 'package.json'],
  vite: ['package.json', 'vite.config.ts'],
  make: ['Makefile'],
  npm: ['package-lock.json', 'package.json', 'packages/legacy/package.json'],
  maven: ['services/billing/pom.xml'],
  gradle: ['services/ledger/build.gradle.kts', 'services/ledger/settings.gradle.kts'],
  go: ['services/api/go.mod'],
  cargo: ['tools/cli/Cargo.toml'],
  python: ['services/ml/pyproject.toml'],
  jest: ['jest.config.js', 'package.json'],
  pytest: ['services/ml/pyproject.toml', 'services/ml/tests/conftest.py'],
  robot: ['tests/acceptance/login.robot'],
  selenium: ['services/billing/pom.xml'],
  mocha: ['packages/legacy/.mocharc.yml', 'packages/legacy/package.json'],
  vitest: ['package.json', 'vitest.config.ts'],
  playwright: ['package.json', 'playwright.config.ts'],
  cypress: ['cypress.config.ts', 'package.json'],
  gotest: ['services/api/handler_test.go'],
  jenkins: ['Jenkinsfile'],
  'gitlab-ci': ['.gitlab-ci.yml'],
  'github-actions': ['.github/workflows/ci.yml'],
  circleci: ['.circleci/config.yml'],
  travis: ['.travis.yml'],
  'release-tool': ['.releaserc.json'],
  changelog: ['CHANGELOG.md'],
  aws: ['services/functions/template.yaml'],
  'docker-compose': ['docker-compose.yml'],
  nomad: ['deploy/nomad/api.nomad.hcl'],
  helm: ['deploy/helm/api/Chart.yaml', 'deploy/helm/api/templates/deployment.yaml'],
  heroku: ['Procfile'],
  skaffold: ['skaffold.yaml'],
  ansible: ['ansible/ansible.cfg', 'ansible/roles/web/tasks/main.yml', 'ansible/site.yml'],
  terraform: ['infra/terraform/main.tf'],
  kubernetes: ['deploy/helm/api/templates/deployment.yaml', 'deploy/k8s/deployment.yaml'],
  openshift: ['deploy/openshift/route.yaml'],
  kustomize: ['deploy/k8s/kustomization.yaml'],
  nagios: ['monitoring/nagios/objects/hosts.cfg'],
  elastic: ['monitoring/filebeat.yml'],
  prometheus: ['monitoring/prometheus/alerts.rules.yml', 'monitoring/prometheus/prometheus.yml'],
  grafana: ['monitoring/grafana/dashboards/shop.json'],
};

/** Evidence that carries a line: `path:line` for each tool, as the fixture files are written. */
const ALL_TOOLS_LINES: [tool: string, location: string][] = [
  ['npm', 'package.json:2'],
  ['jest', 'package.json:16'],
  ['git-hooks', 'package.json:15'],
  ['pytest', 'services/ml/pyproject.toml:10'],
  ['selenium', 'services/billing/pom.xml:9'],
  ['mocha', 'packages/legacy/package.json:8'],
  ['gitlab-ci', '.gitlab-ci.yml:1'],
  ['github-actions', '.github/workflows/ci.yml:7'],
  ['circleci', '.circleci/config.yml:1'],
  ['travis', '.travis.yml:1'],
  ['aws', 'services/functions/template.yaml:5'],
  ['docker-compose', 'docker-compose.yml:1'],
  ['helm', 'deploy/helm/api/Chart.yaml:2'],
  ['skaffold', 'skaffold.yaml:2'],
  ['ansible', 'ansible/site.yml:1'],
  ['kubernetes', 'deploy/helm/api/templates/deployment.yaml:2'],
  ['kubernetes', 'deploy/k8s/deployment.yaml:2'],
  ['kubernetes', 'deploy/k8s/deployment.yaml:22'],
  ['openshift', 'deploy/openshift/route.yaml:2'],
  ['kustomize', 'deploy/k8s/kustomization.yaml:2'],
  ['nagios', 'monitoring/nagios/objects/hosts.cfg:1'],
  ['prometheus', 'monitoring/prometheus/prometheus.yml:4'],
  ['prometheus', 'monitoring/prometheus/alerts.rules.yml:1'],
  ['grafana', 'monitoring/grafana/dashboards/shop.json:5'],
];


function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

/** `git init` plus gitflow's configuration, the way `git flow init -d` writes it. */
function gitInit(dir: string, gitflow = false): void {
  git(dir, 'init', '-q', '-b', 'main');
  if (!gitflow) return;
  git(dir, 'config', 'gitflow.branch.master', 'main');
  git(dir, 'config', 'gitflow.branch.develop', 'develop');
  for (const [kind, prefix] of [['feature', 'feature/'], ['bugfix', 'bugfix/'], ['release', 'release/'], ['hotfix', 'hotfix/'], ['support', 'support/'], ['versiontag', '']])
    git(dir, 'config', `gitflow.prefix.${kind}`, prefix!);
}

function write(dir: string, path: string, text: string | Buffer): void {
  fs.mkdirSync(join(dir, path, '..'), { recursive: true });
  fs.writeFileSync(join(dir, path), text);
}

function tool(r: ScanResult, id: string): ToolResult | undefined {
  for (const s of r.stages) for (const t of s.tools) if (t.id === id) return t;
  return undefined;
}

const evidence = (r: ScanResult, id: string) => tool(r, id)?.evidence;
const toolIds = (r: ScanResult) => r.stages.flatMap((s) => s.tools.map((t) => t.id));

const SCANNER = resolve(__dirname, '../../src/core/lifecycle/scanner.js');

/**
 * A scan in a child process with a deadline, for inputs that could hang it: a read that blocks also blocks
 * the event loop, and with it mocha's own timeout. `update` names files created after the scan, given to
 * LifecycleIndex.update. `as` runs the child as that user (root reads any file, so an unreadable file needs
 * another user to be unreadable).
 */
function scanInChild(dir: string, options: { useGit: boolean; create?: Record<string, string>; as?: { uid: number; gid: number } }): { scan: ScanResult; updated?: ScanResult } {
  const script = `
    const fs = require('node:fs');
    const { join } = require('node:path');
    const { LifecycleIndex } = require(${JSON.stringify(SCANNER)});
    const [dir, useGit, create] = JSON.parse(process.argv[1]);
    (async () => {
      const index = await LifecycleIndex.scan(dir, { useGit });
      const out = { scan: index.result() };
      if (create) {
        for (const [path, text] of Object.entries(create)) fs.writeFileSync(join(dir, path), text);
        await index.update(Object.keys(create));
        out.updated = index.result();
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script, JSON.stringify([dir, options.useGit, options.create])], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir() },
    ...options.as,
  });
  assert.equal(r.error, undefined, `the scan did not end within 10 s (${String(r.error)}): it hung`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { scan: ScanResult; updated?: ScanResult };
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  return n;
}


describe('scanFolder: every tool of the product sheet (fixtures/scan/all-tools)', () => {
  let dir: string;
  let result: ScanResult;

  before(async () => {
    dir = copyFixture('all-tools');
    gitInit(dir, true);
    result = await scanFolder(dir);
  });

  it('lists the repository with git and finds no problem', () => {
    assert.equal(result.root, dir);
    assert.equal(result.stats.listing, 'git');
    assert.equal(result.stats.files, countFiles(join(FIXTURES, 'all-tools')));
    assert.deepEqual(result.problems, []);
  });

  it('reports every checked tool id under its stage, in the sheet’s stage order', () => {
    assert.deepEqual(result.stages.map((s) => s.id), Object.keys(PRODUCT_TOOLS));
    for (const stage of result.stages) {
      assert.deepEqual([...stage.tools.map((t) => t.id)].sort(), [...PRODUCT_TOOLS[stage.id]!].sort(), `stage ${stage.id}`);
    }
  });

  it('with exactly the evidence paths that prove each tool', () => {
    for (const [id, paths] of Object.entries(ALL_TOOLS_EVIDENCE)) assert.deepEqual(evidence(result, id), [...paths].sort(), id);
    assert.deepEqual(Object.keys(ALL_TOOLS_EVIDENCE).sort(), Object.values(PRODUCT_TOOLS).flat().sort(), 'the table above covers the sheet');
  });

  it('and the lines where the proof is a line', () => {
    for (const [id, location] of ALL_TOOLS_LINES) {
      const locations = tool(result, id)!.locations.map((l) => `${l.path}:${l.line ?? ''}`);
      assert.ok(locations.includes(location), `${id}: ${location} not in ${locations.join(', ')}`);
    }
    const configLines = fs.readFileSync(join(dir, '.git', 'config'), 'utf8').split('\n');
    const gitflow = tool(result, 'gitflow')!.locations;
    assert.deepEqual(gitflow.map((l) => [l.path, l.line]), [['.git/config', configLines.findIndex((l) => l.startsWith('[gitflow "branch"]')) + 1]]);
    assert.equal(gitflow[0]!.detail, 'production main, development develop');
    assert.deepEqual(tool(result, 'kubernetes')!.locations.filter((l) => l.path === 'deploy/k8s/deployment.yaml').map((l) => l.detail), ['kind: Deployment', 'kind: Service']);
  });

  it('the same folder walked without git: the same tools, except what only git knows', async () => {
    const walked = copyFixture('all-tools');
    const r = await scanFolder(walked, { useGit: false });
    assert.equal(r.stats.listing, 'walk');
    assert.deepEqual(evidence(r, 'git'), ['.gitignore']);
    assert.equal(tool(r, 'gitflow'), undefined);
    for (const [id, paths] of Object.entries(ALL_TOOLS_EVIDENCE)) if (id !== 'git' && id !== 'gitflow') assert.deepEqual(evidence(r, id), [...paths].sort(), id);
  });

  it('a folder that is a git repository but not opened with git (Restricted Mode) is walked', async () => {
    const r = await scanFolder(dir, { useGit: false });
    assert.equal(r.stats.listing, 'walk');
    assert.deepEqual(evidence(r, 'docker'), ['Dockerfile']);
    assert.deepEqual(evidence(r, 'gitflow'), ['.git/config'], 'the git config is read, git is not run');
  });
});

describe('scanFolder: what is not evidence (fixtures/scan/negatives)', () => {
  /** The negatives plus the trees the repository cannot carry: node_modules (ignored by its .gitignore). */
  function negatives(): string {
    const dir = copyFixture('negatives');
    write(dir, 'node_modules/left-pad/Dockerfile', 'FROM node:20\n');
    write(dir, 'node_modules/left-pad/package.json', '{"name": "left-pad", "devDependencies": {"jest": "^29.0.0"}}\n');
    write(dir, 'packages/web/node_modules/.bin/jest.config.js', 'module.exports = {};\n');
    return dir;
  }

  for (const useGit of [false, true]) {
    it(`finds only the package, the chart template and its Kubernetes object (${useGit ? 'git' : 'walk'})`, async () => {
      const dir = negatives();
      if (useGit) gitInit(dir);
      const r = await scanFolder(dir, { useGit });
      assert.equal(r.stats.listing, useGit ? 'git' : 'walk');
      const expected = useGit ? ['git', 'npm', 'helm', 'kubernetes'] : ['npm', 'helm', 'kubernetes'];
      assert.deepEqual(toolIds(r), expected);
      assert.deepEqual(evidence(r, 'npm'), ['package.json'], 'node_modules/ and the skeleton’s package.json are not evidence');
      assert.deepEqual(evidence(r, 'helm'), ['chart/templates/configmap.yaml']);
      assert.deepEqual(tool(r, 'kubernetes')!.locations, [{ path: 'chart/templates/configmap.yaml', line: 3, detail: 'kind: ConfigMap (template)' }]);
      assert.deepEqual(r.problems, [], 'a Helm template and mkdocs’ python tags are not problems');
    });
  }

  it('each negative on its own: no Docker from vendor/, fixtures/, node_modules/, a skeleton, a cookiecutter folder or a Dockerfile.md', async () => {
    const r = await scanFolder(negatives(), { useGit: false });
    assert.equal(tool(r, 'docker'), undefined);
    assert.equal(tool(r, 'jest'), undefined);
    assert.equal(tool(r, 'github-actions'), undefined, '.github/dependabot.yml and issue forms are not workflows');
    assert.equal(tool(r, 'openshift'), undefined, 'a Backstage template is not an OpenShift template');
    assert.equal(tool(r, 'aws'), undefined);
  });
});

describe('scanFolder: bad input', () => {
  it('malformed YAML and a malformed package.json are problems, with the line where YAML says', async () => {
    const dir = tmpDir();
    write(dir, 'k8s/broken.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n labels: x\n');
    write(dir, 'web/package.json', '{ "name": "web", "devDependencies": { "jest": "^29" }, }\n');
    write(dir, 'Dockerfile', 'FROM alpine\n');
    const r = await scanFolder(dir, { useGit: false });
    assert.deepEqual(toolIds(r), ['docker'], 'a broken file proves nothing, the rest still counts');
    assert.deepEqual(r.problems.map((p) => [p.path, p.line]), [['k8s/broken.yaml', 5], ['web/package.json', undefined]]);
    assert.match(r.problems[0]!.message, /^malformed YAML: /);
    assert.match(r.problems[1]!.message, /^package\.json is not valid JSON/);
  });

  it('a binary .yml is a problem; a file over maxFileBytes is a problem, and its name still counts', async () => {
    const dir = tmpDir();
    write(dir, 'deploy/blob.yml', Buffer.from([0x61, 0x70, 0x69, 0x3a, 0x00, 0x01, 0x02, 0xff, 0x00]));
    write(dir, 'docker-compose.yml', `services:\n${Array.from({ length: 1000 }, (_, i) => `  svc${i}:\n    image: nginx:1.27\n`).join('')}`);
    write(dir, 'pom.xml', `<project>${' '.repeat(20 * 1024)}</project>\n`);
    const r = await scanFolder(dir, { useGit: false, maxFileBytes: 16 * 1024 });
    assert.deepEqual(toolIds(r), ['maven']);
    assert.deepEqual(
      r.problems.map((p) => [p.path, p.message]),
      [
        ['deploy/blob.yml', 'binary content where text was expected; not read'],
        ['docker-compose.yml', 'larger than 16 KiB, not read (raise devopsLifecycle.scan.maxFileSizeKb to include it)'],
        ['pom.xml', 'larger than 16 KiB, not read (raise devopsLifecycle.scan.maxFileSizeKb to include it)'],
      ],
    );
    const unlimited = await scanFolder(dir, { useGit: false });
    assert.deepEqual(toolIds(unlimited), ['maven', 'docker-compose'], 'the default limit (1 MiB) reads them');
  });

  it('a symbolic link loop (a.yml -> b.yml -> a.yml) is a problem; a dangling link is nothing', async () => {
    const dir = tmpDir();
    fs.symlinkSync('b.yml', join(dir, 'a.yml'));
    fs.symlinkSync('a.yml', join(dir, 'b.yml'));
    fs.symlinkSync('missing/Dockerfile', join(dir, 'Dockerfile'));
    fs.symlinkSync('nowhere.yaml', join(dir, 'ghost.yaml'));
    write(dir, 'Makefile', 'all:\n');
    const r = await scanFolder(dir, { useGit: false });
    assert.deepEqual(toolIds(r), ['make'], 'a dangling Dockerfile link is not a Dockerfile');
    assert.deepEqual(
      r.problems.map((p) => [p.path, p.message]),
      [
        ['a.yml', 'symbolic link loop: the file could not be opened'],
        ['b.yml', 'symbolic link loop: the file could not be opened'],
      ],
    );
  });

  it('the same links in a git repository', async () => {
    const dir = tmpDir();
    fs.symlinkSync('b.yml', join(dir, 'a.yml'));
    fs.symlinkSync('a.yml', join(dir, 'b.yml'));
    fs.symlinkSync('missing/Dockerfile', join(dir, 'Dockerfile'));
    gitInit(dir);
    const r = await scanFolder(dir);
    assert.equal(r.stats.listing, 'git');
    assert.deepEqual(toolIds(r), ['git']);
    assert.deepEqual(r.problems.map((p) => p.path), ['a.yml', 'b.yml']);
  });

  it('a folder link loop in a non-git folder: the walk ends, and linked folders are not entered', async function () {
    this.timeout(10_000);
    const dir = tmpDir();
    write(dir, 'app/Dockerfile', 'FROM alpine\n');
    fs.symlinkSync('..', join(dir, 'app', 'parent'));
    fs.symlinkSync('.', join(dir, 'app', 'self'));
    fs.symlinkSync('app', join(dir, 'k8s.yaml')); // a folder behind a name the YAML rule would read
    const r = await scanFolder(dir, { useGit: false });
    assert.equal(r.stats.listing, 'walk');
    assert.deepEqual(toolIds(r), ['docker']);
    assert.deepEqual(evidence(r, 'docker'), ['app/Dockerfile']);
    assert.deepEqual(r.problems, []);
  });

  it('an unreadable file or folder is a problem that says so; the rest still counts', function () {
    if (process.platform === 'win32') this.skip(); // no POSIX permissions
    const dir = tmpDir();
    write(dir, 'Dockerfile', 'FROM alpine\n');
    write(dir, 'k8s/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n');
    write(dir, 'private/Jenkinsfile', 'pipeline {}\n');
    write(dir, 'docker-compose.yml', 'services:\n  web:\n    image: nginx\n');
    fs.chmodSync(dir, 0o755); // mkdtemp's 0700 would keep another user out of the whole folder
    fs.chmodSync(join(dir, 'k8s'), 0o755);
    fs.chmodSync(join(dir, 'k8s', 'deploy.yaml'), 0o000);
    fs.chmodSync(join(dir, 'private'), 0o000);
    try {
      // Root reads everything: scan as nobody there, so the permissions mean what they say.
      const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
      const { scan } = scanInChild(dir, { useGit: false, as });
      assert.deepEqual(toolIds(scan), ['docker', 'docker-compose'], 'the readable files still count');
      assert.deepEqual(
        scan.problems.map((p) => [p.path, p.message]),
        [
          ['k8s/deploy.yaml', 'could not be read: permission denied'],
          ['private', 'folder could not be read: permission denied'],
        ],
      );
    } finally {
      fs.chmodSync(join(dir, 'private'), 0o755); // so the cleanup can remove it
    }
  });

  it('a named pipe behind a manifest name never hangs the scan or an update; nor one as a .gitignore in a walk', function () {
    if (process.platform === 'win32') this.skip(); // no mkfifo
    for (const useGit of [false, true]) {
      const dir = tmpDir();
      write(dir, 'Dockerfile', 'FROM alpine\n');
      fs.mkdirSync(join(dir, 'sub'));
      execFileSync('mkfifo', [join(dir, 'pipe')]);
      fs.symlinkSync('pipe', join(dir, 'docker-compose.yml'));
      fs.symlinkSync('../pipe', join(dir, 'sub', 'Jenkinsfile'));
      // git itself blocks on a pipe named .gitignore (git ls-files never returns), so only the walk meets one.
      if (useGit) gitInit(dir);
      else execFileSync('mkfifo', [join(dir, 'sub', '.gitignore')]);
      const { scan, updated } = scanInChild(dir, { useGit, create: { 'sub/skaffold.yaml': 'apiVersion: skaffold/v4beta11\nkind: Config\n', 'sub/compose.yaml': 'services:\n  web:\n    image: nginx\n' } });
      const mode = useGit ? 'git' : 'walk';
      assert.deepEqual(toolIds(scan), useGit ? ['git', 'docker'] : ['docker'], `${mode}: a pipe is not a file, so it proves nothing`);
      assert.deepEqual(scan.problems, [], mode);
      assert.deepEqual(evidence(updated!, 'skaffold'), ['sub/skaffold.yaml'], `${mode}: files created after the scan count`);
      assert.deepEqual(evidence(updated!, 'docker-compose'), ['sub/compose.yaml'], `${mode}: and only they`);
    }
  });

  it('walk mode honours .gitignore files (also nested ones) and skips build output', async () => {
    const dir = tmpDir();
    write(dir, '.gitignore', 'generated/\n*.local.yml\n');
    write(dir, 'Dockerfile', 'FROM alpine\n');
    write(dir, 'generated/Dockerfile', 'FROM alpine\n');
    write(dir, 'docker-compose.local.yml', 'services:\n  web:\n    image: nginx\n');
    write(dir, 'services/.gitignore', 'tmp/\n');
    write(dir, 'services/tmp/Jenkinsfile', 'pipeline {}\n');
    write(dir, 'services/api/Jenkinsfile', 'pipeline {}\n');
    write(dir, 'dist/Dockerfile', 'FROM alpine\n');
    write(dir, 'target/pom.xml', '<project/>\n');
    const r = await scanFolder(dir, { useGit: false });
    assert.equal(r.stats.listing, 'walk');
    assert.deepEqual(toolIds(r), ['git', 'docker', 'jenkins']);
    assert.deepEqual(evidence(r, 'docker'), ['Dockerfile']);
    assert.deepEqual(evidence(r, 'jenkins'), ['services/api/Jenkinsfile']);
  });

  it('the user’s exclude globs', async () => {
    const dir = copyFixture('all-tools');
    const r = await scanFolder(dir, { useGit: false, exclude: ['monitoring/**', 'deploy/helm/**'] });
    for (const id of ['nagios', 'elastic', 'prometheus', 'grafana']) assert.equal(tool(r, id), undefined, id);
    assert.deepEqual(evidence(r, 'kubernetes'), ['deploy/k8s/deployment.yaml']);
    assert.equal(tool(r, 'helm'), undefined);
  });
});

describe('LifecycleIndex.update: incremental evidence', () => {
  /** A small git repository: a Dockerfile, a package.json, and a .gitignore. */
  async function repo(): Promise<{ dir: string; index: LifecycleIndex }> {
    const dir = tmpDir();
    write(dir, '.gitignore', 'ignored/\n*.local.yml\n');
    write(dir, 'Dockerfile', 'FROM alpine\n');
    write(dir, 'package.json', '{\n  "name": "app"\n}\n');
    gitInit(dir);
    return { dir, index: await LifecycleIndex.scan(dir) };
  }

  it('a created file adds its evidence, an edit re-scores it, a deletion removes it', async () => {
    const { dir, index } = await repo();
    assert.deepEqual(toolIds(index.result()), ['git', 'docker', 'npm']);

    write(dir, 'docker-compose.yml', 'services:\n  web:\n    build: .\n');
    assert.equal(await index.update(['docker-compose.yml']), 'updated');
    assert.deepEqual(evidence(index.result(), 'docker-compose'), ['docker-compose.yml']);

    write(dir, 'docker-compose.yml', 'version: "3"\n');
    assert.equal(await index.update(['docker-compose.yml']), 'updated');
    assert.equal(tool(index.result(), 'docker-compose'), undefined, 'no services: no longer Compose');

    write(dir, 'package.json', '{\n  "name": "app",\n  "devDependencies": {\n    "jest": "^29.7.0"\n  }\n}\n');
    await index.update(['package.json']);
    assert.deepEqual(tool(index.result(), 'jest')!.locations, [{ path: 'package.json', line: 4, detail: 'devDependencies.jest' }]);

    fs.rmSync(join(dir, 'Dockerfile'));
    assert.equal(await index.update(['Dockerfile']), 'updated');
    assert.equal(tool(index.result(), 'docker'), undefined);

    assert.equal(await index.update(['src/index.ts', 'README.md']), 'unchanged', 'paths no rule names cost nothing');
  });

  it('a created file that git ignores does not count', async () => {
    const { dir, index } = await repo();
    write(dir, 'ignored/Jenkinsfile', 'pipeline {}\n');
    write(dir, 'docker-compose.local.yml', 'services:\n  web:\n    image: nginx\n');
    await index.update(['ignored/Jenkinsfile', 'docker-compose.local.yml']);
    const r = index.result();
    assert.equal(tool(r, 'jenkins'), undefined);
    assert.equal(tool(r, 'docker-compose'), undefined);
    write(dir, 'Jenkinsfile', 'pipeline {}\n');
    await index.update(['Jenkinsfile']);
    assert.deepEqual(evidence(index.result(), 'jenkins'), ['Jenkinsfile'], 'the same name outside the ignored folder counts');
  });

  it('a created file under node_modules does not count, even in a repository that does not ignore it', async () => {
    const { dir, index } = await repo();
    write(dir, 'node_modules/x/Jenkinsfile', 'pipeline {}\n');
    assert.equal(await index.update(['node_modules/x/Jenkinsfile']), 'unchanged');
    assert.equal(tool(index.result(), 'jenkins'), undefined);
  });

  it('a created folder is listed again (its files may arrive as one event)', async () => {
    const { dir, index } = await repo();
    write(dir, 'services/api/Jenkinsfile', 'pipeline {}\n');
    assert.equal(await index.update(['services']), 'rescanned');
    assert.deepEqual(evidence(index.result(), 'jenkins'), ['services/api/Jenkinsfile']);
  });

  it('walk mode: created, edited and deleted files', async () => {
    const dir = tmpDir();
    write(dir, 'Dockerfile', 'FROM alpine\n');
    const index = await LifecycleIndex.scan(dir, { useGit: false });
    write(dir, 'skaffold.yaml', 'apiVersion: skaffold/v4beta11\nkind: Config\n');
    await index.update(['skaffold.yaml']);
    assert.deepEqual(evidence(index.result(), 'skaffold'), ['skaffold.yaml']);
    fs.rmSync(join(dir, 'Dockerfile'));
    await index.update(['Dockerfile']);
    assert.deepEqual(toolIds(index.result()), ['skaffold']);
  });

  it('walk mode: a created file that .gitignore ignores does not count', async () => {
    const dir = tmpDir();
    write(dir, '.gitignore', 'generated/\n');
    const index = await LifecycleIndex.scan(dir, { useGit: false });
    write(dir, 'generated/Dockerfile', 'FROM alpine\n');
    await index.update(['generated/Dockerfile']);
    assert.equal(tool(index.result(), 'docker'), undefined);
  });
});

describe('LifecycleIndex.rescan: reuse of unchanged files', () => {
  it('a rescan sees an edited manifest, a new one and a deleted one, and keeps the unchanged ones', async () => {
    const dir = tmpDir();
    write(dir, 'k8s/app.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n');
    write(dir, 'k8s/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n');
    write(dir, 'compose.yaml', 'services:\n  web:\n    image: nginx\n');
    const index = await LifecycleIndex.scan(dir, { useGit: false });
    assert.deepEqual(tool(index.result(), 'kubernetes')?.locations.map((l) => l.detail), ['kind: Deployment', 'kind: Service']);

    // Same size, new content: the rescan must read it again (times and inode decide, not the size).
    write(dir, 'k8s/svc.yaml', 'apiVersion: v1\nkind: Secret \nmetadata:\n  name: app\n');
    fs.rmSync(join(dir, 'compose.yaml'));
    write(dir, 'skaffold.yaml', 'apiVersion: skaffold/v4beta6\nkind: Config\n');
    await index.rescan();
    const r = index.result();
    assert.deepEqual(tool(r, 'kubernetes')?.locations.map((l) => l.detail), ['kind: Deployment', 'kind: Secret']);
    assert.equal(tool(r, 'docker-compose'), undefined);
    assert.deepEqual(evidence(r, 'skaffold'), ['skaffold.yaml']);
  });
});
