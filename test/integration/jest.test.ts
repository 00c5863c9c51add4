// Jest inside the real extension host, on the demo workspace (a temporary git copy; it has no
// node_modules, so the suite points devopsLifecycle.jest.command at this repository's jest 30 in the
// user settings, and restores them): the TestController holds the discovered items before anything ran,
// the command and the Test Explorer profile run them and mark them passed/failed, a failed test re-runs
// alone, the Test stage shows the last run, the build indicator hears about it, cancel ends a hanging
// run, and the faults (Jest missing, a syntax error, Restricted Mode) say what to do.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevOpsLifecycleApi } from '../../src/extension';
import type { JestItemSnapshot } from '../../src/vscode/jest/jestTesting';
import { JestTesting } from '../../src/vscode/jest/jestTesting';
import { JestTreeSection } from '../../src/vscode/jest/jestSection';
import { WorkspaceLifecycle } from '../../src/vscode/workspaceLifecycle';

const EXTENSION_ID = 'devops-lifecycle.devops-lifecycle';
const REPO = join(__dirname, '..', '..', '..');
const REPO_JEST = join(REPO, 'node_modules', '.bin', 'jest');

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

function find(items: readonly JestItemSnapshot[], ...labels: string[]): JestItemSnapshot | undefined {
  let level = items;
  let found: JestItemSnapshot | undefined;
  for (const label of labels) {
    found = level.find((i) => i.label === label);
    if (!found) return undefined;
    level = found.children;
  }
  return found;
}

/** Polls until `predicate` holds (watchers are debounced), or fails with what it last saw. */
async function waitFor<T>(read: () => Promise<T> | T, predicate: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!predicate(last)) {
    if (Date.now() > deadline) assert.fail(`${what} within ${timeoutMs} ms; last: ${JSON.stringify(last, null, 1).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

const config = () => vscode.workspace.getConfiguration('devopsLifecycle');

describe('jest in the extension host', function () {
  this.timeout(120_000);
  const created: string[] = [];
  let previousCommand: string | undefined;

  before(async () => {
    assert.ok(existsSync(REPO_JEST), `this repository's jest is missing (${REPO_JEST}): run npm ci`);
    previousCommand = config().inspect<string>('jest.command')?.globalValue;
    await config().update('jest.command', REPO_JEST, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const f of created) await fs.rm(f, { force: true });
    await config().update('jest.command', previousCommand, vscode.ConfigurationTarget.Global);
  });

  async function write(rel: string, content: string): Promise<string> {
    const path = join(folderPath(), rel);
    created.push(path);
    await fs.writeFile(path, content);
    return path;
  }

  async function remove(path: string): Promise<void> {
    await fs.rm(path, { force: true });
  }

  it('shows the demo\'s tests in the TestController before anything ran: file → describe → test, with lines', async () => {
    const { jest } = await api();
    assert.equal(jest.controller.id, 'devopsLifecycle.jest');
    const items = await jest.snapshot();
    const test = find(items, 'src/sum.test.js', 'sum', 'adds two numbers');
    assert.ok(test, `no sum › adds two numbers item: ${JSON.stringify(items)}`);
    assert.equal(test.kind, 'block');
    assert.equal(test.line, 3);
    assert.equal(test.state, undefined);
    assert.equal(find(items, 'src/sum.test.js', 'sum')?.line, 2);
  });

  it('runs all tests with devopsLifecycle.jest.run and marks them passed; the Test stage and the build indicator show it', async () => {
    const a = await api();
    const summary = (await vscode.commands.executeCommand('devopsLifecycle.jest.run', { folder: folderPath() })) as Record<string, number>;
    assert.equal(summary.passed, 1);
    assert.equal(summary.failed, 0);
    assert.equal(summary.skipped, 0);
    assert.ok(summary.durationMs! > 0);
    const items = await a.jest.snapshot();
    assert.equal(find(items, 'src/sum.test.js', 'sum', 'adds two numbers')?.state, 'passed');

    const test = a.stagesView.getChildren().find((n) => a.stagesView.getTreeItem(n).label === 'Test');
    assert.ok(test, 'no Test stage');
    const labels = a.stagesView.getChildren(test).map((n) => String(a.stagesView.getTreeItem(n).label));
    const last = labels.find((l) => l.startsWith('Last run:'));
    assert.match(last ?? '', /^Last run: 1 passed, 0 failed, \d+\.\d s \(shop-api\)$/, labels.join(' | '));

    assert.equal(a.buildIndicator.snapshot.source, 'jest');
    assert.equal(a.buildIndicator.snapshot.state, 'passed');
  });

  it('picks up a new test file, runs it from the Test Explorer profile, and shows the failure with a diff at its line', async () => {
    const a = await api();
    const file = await write('src/fail.test.js', [
      "describe('checkout', () => {",
      "  test('totals the cart', () => {",
      '    expect(1 + 1).toBe(3);',
      '  });',
      "  test('applies the coupon', () => {",
      '    expect(true).toBe(true);',
      '  });',
      '});',
      '',
    ].join('\n'));
    const items = await waitFor(() => a.jest.snapshot(), (s) => find(s, 'src/fail.test.js', 'checkout', 'totals the cart') !== undefined, 'the new file appears');
    assert.ok(find(items, 'src/fail.test.js', 'checkout', 'applies the coupon'));
    const fileItem = a.jest.controller.items.get(vscode.Uri.file(file).toString());
    assert.ok(fileItem, 'no file item');
    await a.jest.runProfile.runHandler(new vscode.TestRunRequest([fileItem], undefined, a.jest.runProfile), new vscode.CancellationTokenSource().token);
    const after = await a.jest.snapshot();
    const failed = find(after, 'src/fail.test.js', 'checkout', 'totals the cart');
    assert.equal(failed?.state, 'failed');
    assert.match(failed?.message ?? '', /Expected: 3\s+Received: 2/);
    assert.equal(find(after, 'src/fail.test.js', 'checkout', 'applies the coupon')?.state, 'passed');
    const jf = a.jest.all[0]!;
    assert.deepEqual(jf.lastRun?.failures.map((f) => [f.label, f.line]), [['checkout totals the cart', 2]]);

    // The Test stage lists the failure; clicking opens the file at the failing line.
    const test = a.stagesView.getChildren().find((n) => a.stagesView.getTreeItem(n).label === 'Test')!;
    const lastRow = a.stagesView.getChildren(test).find((n) => String(a.stagesView.getTreeItem(n).label).startsWith('Last run:'))!;
    assert.match(String(a.stagesView.getTreeItem(lastRow).label), /^Last run: 1 passed, 1 failed/);
    const [failureRow] = a.stagesView.getChildren(lastRow);
    const open = a.stagesView.getTreeItem(failureRow!).command!;
    assert.equal(open.command, 'vscode.open');
    assert.equal((open.arguments![0] as vscode.Uri).fsPath, file);
    assert.equal(((open.arguments![1] as vscode.TextDocumentShowOptions).selection as vscode.Range).start.line, 2);

    // Re-running the failed test runs only it: one Jest process, that file, a pattern for that test.
    let failedItem: vscode.TestItem | undefined;
    fileItem.children.forEach((d) => d.children.forEach((t) => (t.label === 'totals the cart' ? (failedItem = t) : undefined)));
    assert.ok(failedItem);
    await a.jest.runProfile.runHandler(new vscode.TestRunRequest([failedItem], undefined, a.jest.runProfile), new vscode.CancellationTokenSource().token);
    const inv = a.jest.all[0]!.lastRun!.invocations;
    assert.equal(inv.length, 1);
    assert.ok(inv[0]!.argv.includes('--testNamePattern=^checkout totals the cart$'), inv[0]!.argv.join(' '));
    assert.deepEqual(inv[0]!.argv.slice(inv[0]!.argv.indexOf('--runTestsByPath') + 1), [file]);
    assert.deepEqual([a.jest.all[0]!.lastRun!.passed, a.jest.all[0]!.lastRun!.failed, a.jest.all[0]!.lastRun!.skipped], [0, 1, 0]);
    // Its sibling was not asked for: Jest reports it as skipped, but it keeps its last result.
    assert.equal(find(await a.jest.snapshot(), 'src/fail.test.js', 'checkout', 'applies the coupon')?.state, 'passed');

    await remove(file);
    await waitFor(() => a.jest.snapshot(), (s) => find(s, 'src/fail.test.js') === undefined, 'the deleted file disappears');
  });

  it('shows each row of a test.each table under its template once Jest has run it, and runs a row alone', async () => {
    const a = await api();
    const file = await write('src/table.test.js', [
      "describe('add', () => {",
      '  test.each([',
      '    [1, 1, 2],',
      '    [2, 2, 5],',
      "  ])('%i + %i = %i', (x, y, sum) => {",
      '    expect(x + y).toBe(sum);',
      '  });',
      '});',
      '',
    ].join('\n'));
    await waitFor(() => a.jest.snapshot(), (s) => find(s, 'src/table.test.js', 'add', '%i + %i = %i') !== undefined, 'the template appears');
    const fileItem = a.jest.controller.items.get(vscode.Uri.file(file).toString());
    assert.ok(fileItem, 'no file item');
    await a.jest.runProfile.runHandler(new vscode.TestRunRequest([fileItem], undefined, a.jest.runProfile), new vscode.CancellationTokenSource().token);
    const template = find(await a.jest.snapshot(), 'src/table.test.js', 'add', '%i + %i = %i');
    assert.equal(template?.state, 'failed', 'the template fails when a row fails');
    assert.deepEqual(template?.children.map((c) => [c.label, c.state]), [['1 + 1 = 2', 'passed'], ['2 + 2 = 5', 'failed']]);
    assert.equal(template?.children[1]?.line, template?.line, 'a row sits on its template');

    // The failed row re-runs alone: a pattern for its own title.
    let row: vscode.TestItem | undefined;
    fileItem.children.forEach((d) => d.children.forEach((t) => t.children.forEach((r) => (r.label === '2 + 2 = 5' ? (row = r) : undefined))));
    assert.ok(row, 'no row item');
    await a.jest.runProfile.runHandler(new vscode.TestRunRequest([row], undefined, a.jest.runProfile), new vscode.CancellationTokenSource().token);
    const inv = a.jest.all[0]!.lastRun!.invocations;
    assert.ok(inv[0]!.argv.includes('--testNamePattern=^add 2 \\+ 2 = 5$'), inv[0]!.argv.join(' '));
    assert.deepEqual([a.jest.all[0]!.lastRun!.passed, a.jest.all[0]!.lastRun!.failed], [0, 1]);

    await remove(file);
    await waitFor(() => a.jest.snapshot(), (s) => find(s, 'src/table.test.js') === undefined, 'the deleted file disappears');
  });

  it('runs with coverage: the Coverage profile hands VS Code per-file coverage from Jest', async () => {
    const a = await api();
    await a.jest.coverageProfile.runHandler(new vscode.TestRunRequest(undefined, undefined, a.jest.coverageProfile), new vscode.CancellationTokenSource().token);
    const coverage = a.jest.all[0]!.lastRun?.coverage ?? [];
    const sum = coverage.find((c) => c.file === join(folderPath(), 'src', 'sum.js'));
    assert.ok(sum, `no coverage for src/sum.js: ${JSON.stringify(coverage)}`);
    assert.ok(sum.statements.total > 0 && sum.statements.covered === sum.statements.total, JSON.stringify(sum));
    assert.ok(!existsSync(join(folderPath(), 'coverage')), 'coverage must not be written into the workspace');
  });

  it('fault: a test file with a syntax error — the item says so, the run marks the file errored, the rest still runs', async () => {
    const a = await api();
    const file = await write('src/broken.test.js', "test('a', () => {\n  const x = ;\n});\n");
    await waitFor(() => a.jest.snapshot(), (s) => find(s, 'src/broken.test.js') !== undefined, 'the broken file appears');
    const item = a.jest.controller.items.get(vscode.Uri.file(file).toString())!;
    await waitFor(() => item.error !== undefined, (v) => v, 'the parse error is shown on the item');
    assert.match(String((item.error as vscode.MarkdownString).value), /line 2/);
    const summary = (await vscode.commands.executeCommand('devopsLifecycle.jest.run', { folder: folderPath() })) as Record<string, number>;
    assert.deepEqual([summary.passed, summary.failed], [1, 1]);
    assert.equal(find(await a.jest.snapshot(), 'src/broken.test.js')?.state, 'errored');
    await remove(file);
    await waitFor(() => a.jest.snapshot(), (s) => find(s, 'src/broken.test.js') === undefined, 'the broken file disappears');
  });

  it('fault: a hanging test — cancel ends the run (and its process tree); the indicator goes back to idle', async () => {
    const a = await api();
    const file = await write('src/hang.test.js', "test('never settles', () => new Promise(() => {}), 600000);\n");
    await waitFor(() => a.jest.snapshot(), (s) => find(s, 'src/hang.test.js') !== undefined, 'the hanging file appears');
    const item = a.jest.controller.items.get(vscode.Uri.file(file).toString())!;
    const cts = new vscode.CancellationTokenSource();
    const started = Date.now();
    const run = Promise.resolve(a.jest.runProfile.runHandler(new vscode.TestRunRequest([item], undefined, a.jest.runProfile), cts.token));
    await waitFor(() => a.buildIndicator.snapshot.state, (s) => s === 'running', 'the run starts');
    await new Promise((r) => setTimeout(r, 2000));
    cts.cancel();
    await run;
    assert.ok(Date.now() - started < 20_000, 'cancel did not end the run promptly');
    assert.equal(a.jest.all[0]!.lastRun?.cancelled, true);
    assert.equal(a.buildIndicator.snapshot.state, 'idle');
    await remove(file);
    await waitFor(() => a.jest.snapshot(), (s) => find(s, 'src/hang.test.js') === undefined, 'the hanging file disappears');
  });

  it('fault: Jest not installed — one clear message with the install command, in the run and in the Test stage', async () => {
    const a = await api();
    await config().update('jest.command', undefined, vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('devopsLifecycle.jest.run', { folder: folderPath() })),
        /Jest is not installed in .*npm install --save-dev jest/,
      );
      const jf = a.jest.all[0]!;
      assert.equal(jf.lastRun?.error?.kind, 'not-installed');
      assert.equal(jf.warnedNotInstalled, true);
      // A second run from the Test Explorer does not pop up again (the flag stays set) and still says why.
      await a.jest.runProfile.runHandler(new vscode.TestRunRequest(undefined, undefined, a.jest.runProfile), new vscode.CancellationTokenSource().token);
      assert.equal(jf.warnedNotInstalled, true);
      const test = a.stagesView.getChildren().find((n) => a.stagesView.getTreeItem(n).label === 'Test')!;
      const row = a.stagesView.getChildren(test).map((n) => a.stagesView.getTreeItem(n)).find((i) => String(i.label).startsWith('Last run:'))!;
      assert.equal(row.label, 'Last run: Jest is not installed');
      assert.equal(row.description, 'npm install --save-dev jest');
    } finally {
      await config().update('jest.command', REPO_JEST, vscode.ConfigurationTarget.Global);
    }
  });

  it('fault: Restricted Mode — items are listed, but no process starts and the run and the tree say why', async () => {
    const a = await api();
    const log = vscode.window.createOutputChannel('jest restricted test', { log: true });
    const model = new WorkspaceLifecycle(log);
    let started = 0;
    const restricted = new JestTesting(model, log, {
      controllerId: 'devopsLifecycle.jest.restrictedTest',
      isTrusted: () => false,
      runner: () => {
        started++;
        throw new Error('no process may start in Restricted Mode');
      },
    });
    try {
      const items = await restricted.snapshot();
      assert.ok(find(items, 'src/sum.test.js', 'sum', 'adds two numbers'), 'discovery works without trust');
      await assert.rejects(restricted.runFromCommand({ folder: folderPath() }), /needs a trusted workspace/);
      await restricted.runProfile.runHandler(new vscode.TestRunRequest(undefined, undefined, restricted.runProfile), new vscode.CancellationTokenSource().token);
      assert.equal(started, 0);
      assert.equal(find(await restricted.snapshot(), 'src/sum.test.js', 'sum', 'adds two numbers')?.state, undefined);
      const section = new JestTreeSection(restricted);
      const folder = model.resolve(folderPath());
      const rows = section.stageRows(folder, 'test').map((n) => n.build());
      assert.equal(rows[0]?.label, 'Jest: Restricted Mode');
      assert.match(String(rows[0]?.tooltip), /no Jest process is started/);
      assert.ok(a.jest.trusted, 'the real extension runs trusted in this suite');
    } finally {
      restricted.dispose();
      model.dispose();
      log.dispose();
    }
  });
});
