// The lifecycle inside the real extension host: the API, the tree's contents for the demo workspace,
// the refresh command's JSON, and the incremental refresh when files are created, broken and deleted.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevOpsLifecycleApi } from '../../src/extension';
import type { ScanResult } from '../../src/core/lifecycle/model';
import type { LifecycleNode } from '../../src/vscode/stagesTree';

const EXTENSION_ID = 'devops-lifecycle.devops-lifecycle';
const STAGE_NAMES = ['Plan', 'Code', 'Build', 'Test', 'Release', 'Deploy', 'Operate', 'Monitor'];

async function api(): Promise<DevOpsLifecycleApi> {
  const ext = vscode.extensions.getExtension<DevOpsLifecycleApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not loaded');
  return ext.activate();
}

function folderPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (the demo workspace)');
  return folder.uri.fsPath;
}

/** Polls the API until `predicate` holds (the watcher is debounced), or fails with what it last saw. */
async function waitForScan(a: DevOpsLifecycleApi, predicate: (r: ScanResult) => boolean, what: string, timeoutMs = 5000): Promise<ScanResult> {
  const deadline = Date.now() + timeoutMs;
  let last: ScanResult | undefined;
  while (Date.now() < deadline) {
    last = await a.scan();
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what} within ${timeoutMs} ms; last scan: ${JSON.stringify(last?.stages.map((s) => [s.id, s.tools.map((t) => t.id)]))}`);
}

const toolIds = (r: ScanResult, stage: string) => r.stages.find((s) => s.id === stage)?.tools.map((t) => t.id) ?? [];

function label(provider: DevOpsLifecycleApi['stagesView'], node: LifecycleNode): string {
  const l = provider.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

describe('lifecycle in the extension host', () => {
  it('scans the demo workspace: every stage has a tool, with evidence', async () => {
    const a = await api();
    const result = await a.scan();
    assert.equal(result.root, folderPath());
    assert.deepEqual(result.stages.map((s) => s.name), STAGE_NAMES);
    for (const stage of result.stages) assert.ok(stage.tools.length > 0, `stage ${stage.id} is empty`);
    const docker = result.stages.find((s) => s.id === 'build')?.tools.find((t) => t.id === 'docker');
    assert.deepEqual(docker?.evidence, ['Dockerfile']);
    assert.equal(result.stats.listing, 'git');
  });

  it('shows the eight stages in order, and Build → Docker → Dockerfile opens the file', async () => {
    const { stagesView } = await api();
    const roots = stagesView.getChildren();
    assert.deepEqual(roots.slice(0, 8).map((n) => label(stagesView, n)), STAGE_NAMES);
    const build = roots.find((n) => label(stagesView, n) === 'Build')!;
    const docker = stagesView.getChildren(build).find((n) => label(stagesView, n) === 'Docker');
    assert.ok(docker, 'Build has no Docker row');
    const [evidence] = stagesView.getChildren(docker);
    assert.ok(evidence);
    const item = stagesView.getTreeItem(evidence);
    assert.equal(item.label, 'Dockerfile');
    assert.equal(item.command?.command, 'vscode.open');
    const uri = item.command?.arguments?.[0] as vscode.Uri;
    assert.equal(uri.fsPath, join(folderPath(), 'Dockerfile'));
  });

  it('gives a tool row its evidence line: the Kubernetes kind', async () => {
    const { stagesView } = await api();
    const operate = stagesView.getChildren().find((n) => label(stagesView, n) === 'Operate')!;
    const k8s = stagesView.getChildren(operate).find((n) => label(stagesView, n) === 'Kubernetes')!;
    const rows = stagesView.getChildren(k8s).map((n) => stagesView.getTreeItem(n));
    assert.deepEqual(rows.map((r) => r.description), ['k8s · line 2 · kind: Deployment', 'k8s · line 22 · kind: Service']);
    const selection = (rows[1]!.command!.arguments![1] as vscode.TextDocumentShowOptions).selection as vscode.Range;
    assert.equal(selection.start.line, 21);
  });

  it('devopsLifecycle.refresh returns the same JSON as the CLI', async () => {
    const result = (await vscode.commands.executeCommand('devopsLifecycle.refresh', { folder: folderPath() })) as ScanResult;
    assert.equal(result.root, folderPath());
    assert.deepEqual(Object.keys(result).sort(), ['problems', 'root', 'stages', 'stats']);
    assert.ok(result.stats.files > 10);
    assert.ok(Array.isArray(result.problems));
  });

  it('rejects refresh of a folder outside the workspace with a clear message', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('devopsLifecycle.refresh', { folder: '/definitely/not/open' })),
      /not in an open workspace folder/,
    );
  });

  describe('incremental refresh', () => {
    const created: string[] = [];
    afterEach(async () => {
      for (const p of created.splice(0)) await fs.rm(join(folderPath(), p), { recursive: true, force: true });
    });

    it('a new Helm chart appears under Deploy, and goes when deleted', async () => {
      const a = await api();
      assert.ok(!toolIds(await a.scan(), 'deploy').includes('helm'));
      await fs.mkdir(join(folderPath(), 'chart'), { recursive: true });
      created.push('chart');
      const started = Date.now();
      await fs.writeFile(join(folderPath(), 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: shop-api\nversion: 0.1.0\n');
      const withHelm = await waitForScan(a, (r) => toolIds(r, 'deploy').includes('helm'), 'Helm to appear');
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 2000, `the tree took ${elapsed} ms to follow a new file`);
      assert.deepEqual(withHelm.stages.find((s) => s.id === 'deploy')!.tools.find((t) => t.id === 'helm')!.evidence, ['chart/Chart.yaml']);
      const { stagesView } = a;
      const deploy = stagesView.getChildren().find((n) => label(stagesView, n) === 'Deploy')!;
      assert.ok(stagesView.getChildren(deploy).some((n) => label(stagesView, n) === 'Helm'));

      await fs.rm(join(folderPath(), 'chart'), { recursive: true });
      await waitForScan(a, (r) => !toolIds(r, 'deploy').includes('helm'), 'Helm to disappear');
    });

    it('a malformed manifest becomes a problem in the tree and the Problems panel, and the rest stays', async () => {
      const a = await api();
      const path = 'k8s/broken.yaml';
      created.push(path);
      await fs.writeFile(join(folderPath(), path), 'apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n');
      const result = await waitForScan(a, (r) => r.problems.some((p) => p.path === path), 'the problem to appear');
      assert.ok(toolIds(result, 'operate').includes('kubernetes'), 'the valid manifests must still count');
      const uri = vscode.Uri.file(join(folderPath(), path));
      const deadline = Date.now() + 3000;
      let diagnostics = vscode.languages.getDiagnostics(uri);
      while (diagnostics.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        diagnostics = vscode.languages.getDiagnostics(uri);
      }
      assert.equal(diagnostics.length, 1);
      assert.match(diagnostics[0]!.message, /malformed YAML/);
      assert.equal(diagnostics[0]!.source, 'DevOps Lifecycle');
      const { stagesView } = a;
      assert.ok(stagesView.getChildren().some((n) => label(stagesView, n) === 'Problems'));
    });

    it('a gitignored Dockerfile is not evidence', async () => {
      const a = await api();
      await fs.mkdir(join(folderPath(), 'dist'), { recursive: true });
      created.push('dist');
      await fs.writeFile(join(folderPath(), 'dist', 'Dockerfile'), 'FROM scratch\n');
      created.push('Containerfile');
      await fs.writeFile(join(folderPath(), 'Containerfile'), 'FROM scratch\n');
      const r = await waitForScan(a, (s) => (s.stages[2]!.tools.find((t) => t.id === 'docker')?.evidence.length ?? 0) >= 2, 'the Containerfile to appear');
      assert.deepEqual(r.stages[2]!.tools.find((t) => t.id === 'docker')!.evidence, ['Containerfile', 'Dockerfile']);
    });
  });

  it('shows the log', async () => {
    await vscode.commands.executeCommand('devopsLifecycle.showLog');
  });
});
