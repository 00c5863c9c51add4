// Docker builds inside the real extension host: the command runs a `devops-docker-build` task against the
// engine the runner provides (DOCKER_HOST), the status bar item's text follows the build, a failure lands
// in Problems on its line, a bad tag is refused before anything runs, terminating the task cancels it, and
// the Lifecycle tree lists the Dockerfile with its stages.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevOpsLifecycleApi } from '../../src/extension';
import type { LifecycleNode } from '../../src/vscode/stagesTree';
import { addBusybox, engineAnswers } from '../support/dockerd';

const EXTENSION_ID = 'devops-lifecycle.devops-lifecycle';
const DIR = 'docker-it';

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('docker build in VS Code', function () {
  this.timeout(180_000);
  let api: DevOpsLifecycleApi;
  let root: string;
  let dir: string;
  const tags: string[] = [];
  const tag = (name: string) => {
    const t = `devops-it/${name}:${process.pid}`;
    tags.push(t);
    return t;
  };

  before(async function () {
    const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
    if (!(await engineAnswers(host))) {
      const why = `no Docker engine answers at ${host}: run the suite with npm run test:integration (it starts one as root)`;
      if (process.env.CI === 'true') throw new Error(why);
      console.warn(`    (${why})`);
      this.skip();
    }
    api = (await vscode.extensions.getExtension<DevOpsLifecycleApi>(EXTENSION_ID)!.activate());
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    dir = join(root, DIR);
    fs.mkdirSync(dir, { recursive: true });
    addBusybox(dir);
    fs.writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch AS base\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sleep", "1"]\n\nFROM base AS final\nLABEL stage=final\n');
    fs.writeFileSync(join(dir, 'Dockerfile.fail'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "true"]\nRUN ["/bin/busybox", "false"]\n');
    fs.writeFileSync(join(dir, 'Dockerfile.slow'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sleep", "60"]\n');
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    for (const t of tags) spawnSync('docker', ['image', 'rm', '-f', t]);
  });

  const build = (args: Record<string, unknown>) =>
    vscode.commands.executeCommand<{ success: boolean; tag: string; durationMs: number; message?: string; line?: number }>('devopsLifecycle.docker.build', {
      context: DIR,
      network: 'none',
      ...args,
    });

  it('builds through a task while the status bar item shows it running, then passed', async () => {
    const t = tag('ok');
    const texts: string[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const text = api.buildStatusBar.text;
        if (texts.at(-1) !== text) texts.push(text);
        await sleep(25);
      }
    })();
    const result = await build({ dockerfile: `${DIR}/Dockerfile`, tag: t });
    watching = false;
    await watch;
    if (texts.at(-1) !== api.buildStatusBar.text) texts.push(api.buildStatusBar.text);
    assert.equal(result.success, true, JSON.stringify(result));
    assert.equal(result.tag, t);
    assert.ok(result.durationMs > 0);
    assert.ok(texts.some((x) => x.startsWith(`$(sync~spin) ${t} `)), `texts seen: ${JSON.stringify(texts)}`);
    assert.match(texts.at(-1)!, new RegExp(`^\\$\\(check\\) ${t.replace(/[/.]/g, '\\$&')} \\d`));
    assert.equal(api.buildIndicator.snapshot.state, 'passed');
    const inspect = spawnSync('docker', ['image', 'inspect', t, '--format', '{{index .Config.Labels "stage"}}'], { encoding: 'utf8' });
    assert.equal(inspect.stdout.trim(), 'final', inspect.stderr);
    // The task is there for tasks.json and Run Task too.
    await waitFor('the provided task', async () => ((await vscode.tasks.fetchTasks({ type: 'devops-docker-build' })).some((k) => k.definition.dockerfile === `${DIR}/Dockerfile`) ? true : undefined));
  });

  it('a failing RUN: success false, the status bar failed on the error background, a Problems entry on the line', async () => {
    const t = tag('fail');
    const result = await build({ dockerfile: `${DIR}/Dockerfile.fail`, tag: t });
    assert.equal(result.success, false);
    assert.equal(result.line, 4);
    assert.match(api.buildStatusBar.text, /^\$\(error\) /);
    assert.equal(api.buildStatusBar.backgroundColor?.id, 'statusBarItem.errorBackground');
    const uri = vscode.Uri.file(join(dir, 'Dockerfile.fail'));
    const diagnostics = await waitFor('the Problems entry', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    });
    assert.equal(diagnostics[0]!.range.start.line, 3);
    assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostics[0]!.message, /RUN \["\/bin\/busybox", "false"\]/);
  });

  it('a tag Docker rejects is refused before anything runs, with the rule', async () => {
    const before = api.buildIndicator.snapshot.runId;
    await assert.rejects(Promise.resolve(build({ dockerfile: `${DIR}/Dockerfile`, tag: 'Not/Valid:tag' })), /uppercase letters\): a name is lowercase/);
    assert.equal(api.buildIndicator.snapshot.runId, before);
  });

  it('devopsLifecycle.docker.command pointing at a missing CLI: says what to install or change', async () => {
    const config = vscode.workspace.getConfiguration('devopsLifecycle');
    await config.update('docker.command', join(root, 'no-such-docker'), vscode.ConfigurationTarget.Workspace);
    try {
      await assert.rejects(Promise.resolve(build({ dockerfile: `${DIR}/Dockerfile`, tag: tag('nocli') })), /was not found\. Install Docker \(or Podman\), or set devopsLifecycle\.docker\.command/);
      assert.equal(api.buildIndicator.snapshot.state, 'failed');
    } finally {
      await config.update('docker.command', undefined, vscode.ConfigurationTarget.Workspace);
      // Leave no .vscode/settings.json behind in the workspace.
      const settings = join(root, '.vscode', 'settings.json');
      if (fs.existsSync(settings) && fs.readFileSync(settings, 'utf8').replace(/\s/g, '') === '{}') fs.rmSync(join(root, '.vscode'), { recursive: true, force: true });
    }
  });

  it('terminating the task cancels the build; the indicator returns to idle', async () => {
    const t = tag('slow');
    const pending = Promise.resolve(build({ dockerfile: `${DIR}/Dockerfile.slow`, tag: t }));
    pending.catch(() => undefined);
    await waitFor('the RUN step', () => (api.buildIndicator.snapshot.state === 'running' && /sleep/.test(api.buildIndicator.snapshot.detail ?? '') ? true : undefined), 60_000);
    const started = Date.now();
    const execution = vscode.tasks.taskExecutions.find((e) => e.task.definition.type === 'devops-docker-build');
    assert.ok(execution, 'the build runs as a devops-docker-build task');
    execution.terminate();
    await assert.rejects(pending, (e: unknown) => e instanceof Error && /Canceled|cancel/i.test(e.message));
    assert.ok(Date.now() - started < 20_000);
    assert.equal(api.buildIndicator.snapshot.state, 'idle');
    assert.match(api.buildStatusBar.text, /^\$\(circle-slash\) /);
  });

  it('the tree lists the Dockerfile under Build → Docker, with its stages and its last build', async () => {
    const folderNodes = api.stagesView.getChildren();
    const buildStage = await waitFor('the Build stage with Docker', async () => {
      await api.scan();
      return api.stagesView.getChildren().find((n): n is Extract<LifecycleNode, { kind: 'stage' }> => n.kind === 'stage' && n.stage.id === 'build' && n.stage.tools.some((t) => t.id === 'docker'));
    });
    assert.ok(folderNodes.length > 0);
    const dockerTool = api.stagesView.getChildren(buildStage).find((n) => n.kind === 'tool' && n.tool.id === 'docker')!;
    const row = await waitFor('the Dockerfile row with its stages', () => {
      const r = api.stagesView.getChildren(dockerTool).find((n) => n.kind === 'section' && n.id === `docker/${DIR}/Dockerfile`);
      return r && api.stagesView.getChildren(r).length === 2 ? r : undefined;
    });
    const item = api.stagesView.getTreeItem(row);
    assert.equal(item.contextValue, 'docker.dockerfile');
    // The last build of this Dockerfile (the missing-CLI test's) is on the row.
    assert.match(String(item.description), /^docker-it · devops-it\/nocli:\d+ failed$/);
    const stages = api.stagesView.getChildren(row).map((n) => api.stagesView.getTreeItem(n));
    assert.deepEqual(stages.map((s) => s.label), ['base', 'final']);
    assert.deepEqual(stages.map((s) => s.contextValue), ['docker.stage', 'docker.stage']);
    // No evidence rows repeat the Dockerfiles.
    assert.equal(api.stagesView.getChildren(dockerTool).filter((n) => n.kind === 'evidence').length, 0);
  });
});
