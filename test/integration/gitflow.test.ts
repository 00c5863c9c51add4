// Gitflow inside the real extension host, on the suite's workspace (a temporary git copy of the demo):
// the commands with their argument objects and returned shapes, the Code stage rows (current branch,
// initialised or not, open branches with their inline actions), rows that follow a checkout made outside
// the extension, Finish from a tree row, a conflicting finish shown and aborted, and a refused bad name.
// The repository is put back as it was (branches, tags, config, HEAD) afterwards.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevOpsLifecycleApi } from '../../src/extension';
import type { LifecycleNode } from '../../src/vscode/stagesTree';

const EXTENSION_ID = 'devops-lifecycle.devops-lifecycle';

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.replace(/\n$/, '');
}

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Row {
  readonly node: LifecycleNode;
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;
}

describe('gitflow in VS Code', function () {
  this.timeout(120_000);
  let api: DevOpsLifecycleApi;
  let root: string;
  let original: { head: string; refs: string; config: string };

  const rows = (node?: LifecycleNode): Row[] =>
    api.stagesView.getChildren(node).map((n) => {
      const item = api.stagesView.getTreeItem(n);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return { node: n, label, description: String(item.description ?? ''), contextValue: item.contextValue ?? '' };
    });
  const child = (parent: Row | undefined, label: string) => (parent ? rows(parent.node).find((r) => r.label === label) : undefined);
  const code = () => rows().find((r) => r.label === 'Code');
  const gitRows = () => rows(child(code(), 'Git')?.node);
  const gitflowTool = () => child(code(), 'Gitflow');
  const refsText = () => git(root, 'for-each-ref', '--format=%(refname) %(objectname)');

  before(async function () {
    api = await vscode.extensions.getExtension<DevOpsLifecycleApi>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    // Never work on a repository the suite does not own (e.g. this project, if the workspace were inside it).
    assert.equal(fs.realpathSync(git(root, 'rev-parse', '--show-toplevel')), fs.realpathSync(root), 'the workspace must be its own git repository (the runner makes a temporary git copy of the demo)');
    assert.equal(git(root, 'status', '--porcelain', '--untracked-files=no'), '', 'the workspace repository must start clean');
    original = {
      head: git(root, 'symbolic-ref', '--short', 'HEAD'),
      refs: refsText(),
      config: spawnSync('git', ['config', '--local', '--get-regexp', '^gitflow\\.'], { cwd: root, encoding: 'utf8' }).stdout,
    };
    assert.equal(original.config, '', 'the demo workspace starts without gitflow');
    await api.scan();
  });

  after(() => {
    // Put the repository back: abort any merge, HEAD on its branch, branches and tags as they were, no gitflow config.
    spawnSync('git', ['merge', '--abort'], { cwd: root });
    git(root, 'checkout', '-q', '-f', original.head);
    const before = new Map(original.refs.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
    for (const line of refsText().split('\n').filter(Boolean)) {
      const [ref, sha] = line.split(' ') as [string, string];
      const was = before.get(ref);
      if (was === undefined) git(root, 'update-ref', '-d', ref);
      else if (was !== sha) git(root, 'update-ref', ref, was);
    }
    for (const section of ['gitflow.branch', 'gitflow.prefix']) spawnSync('git', ['config', '--local', '--remove-section', section], { cwd: root });
    for (const line of spawnSync('git', ['config', '--local', '--name-only', '--get-regexp', '^gitflow\\.'], { cwd: root, encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) {
      spawnSync('git', ['config', '--local', '--remove-section', line.slice(0, line.lastIndexOf('.'))], { cwd: root });
    }
    fs.rmSync(join(root, '.git', 'devops-lifecycle'), { recursive: true, force: true });
    git(root, 'reset', '-q', '--hard');
    assert.equal(refsText(), original.refs, 'the repository was not restored');
  });

  it('shows the current branch and "not initialised" under Code → Git', async () => {
    const rowsNow = await waitFor('the Git rows', () => {
      const r = gitRows();
      return r.some((x) => x.contextValue === 'gitflow.head') && r;
    });
    const headRow = rowsNow.find((r) => r.contextValue === 'gitflow.head')!;
    assert.equal(headRow.label, 'main');
    assert.match(headRow.description, /no upstream/);
    assert.ok(rowsNow.some((r) => r.label === 'Gitflow not initialised' && r.contextValue === 'gitflow.uninitialised'));
  });

  it('init, start and finish through the commands, returning the product sheet shapes; the tree follows', async () => {
    const init = await vscode.commands.executeCommand<Record<string, unknown>>('devopsLifecycle.gitflow.init', { folder: root, production: 'main', develop: 'develop' });
    assert.equal(init.production, 'main');
    assert.equal(init.develop, 'develop');
    assert.equal(git(root, 'config', 'gitflow.branch.master'), 'main');
    assert.equal(git(root, 'config', 'gitflow.prefix.feature'), 'feature/');
    await waitFor('the Gitflow tool under Code', () => gitflowTool());
    await waitFor('"not initialised" to go', () => !gitRows().some((r) => r.contextValue === 'gitflow.uninitialised'));

    const start = await vscode.commands.executeCommand<{ branch: string }>('devopsLifecycle.gitflow.start', { kind: 'feature', name: 'it-login' });
    assert.equal(start.branch, 'feature/it-login');
    assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD'), 'feature/it-login');
    assert.equal(git(root, 'config', 'gitflow.branch.feature/it-login.base'), 'develop');
    const features = await waitFor('the Features group', () => child(gitflowTool(), 'Features'));
    const branchRow = await waitFor('the it-login row', () => child(features, 'it-login'));
    assert.equal(branchRow.contextValue, 'gitflow.branch.finishable.current');
    assert.match(branchRow.description, /current · from develop/);

    fs.writeFileSync(join(root, 'login.txt'), 'login\n');
    git(root, 'add', 'login.txt');
    git(root, 'commit', '-q', '-m', 'login');
    const finish = await vscode.commands.executeCommand<{ branch: string; mergedInto: string[]; tag?: string }>('devopsLifecycle.gitflow.finish', { branch: 'feature/it-login' });
    assert.deepEqual([finish.branch, finish.mergedInto, finish.tag], ['feature/it-login', ['develop'], undefined]);
    assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD'), 'develop');
    await waitFor('the it-login row to go', () => !child(child(gitflowTool(), 'Features'), 'it-login') && gitflowTool());
    await waitFor('"No open gitflow branches"', () => child(gitflowTool(), 'No open gitflow branches'));
  });

  it('follows a checkout made outside the extension (it watches .git/HEAD and the refs)', async () => {
    git(root, 'checkout', '-q', '-b', 'feature/outside', 'develop');
    const row = await waitFor('the outside row as current', () => {
      const r = child(child(gitflowTool(), 'Features'), 'outside');
      return r?.contextValue === 'gitflow.branch.finishable.current' && r;
    });
    assert.ok(row);
    await waitFor('the head row on feature/outside', () => gitRows().find((r) => r.contextValue === 'gitflow.head' && r.label === 'feature/outside'));
    git(root, 'checkout', '-q', 'develop');
    await waitFor('the outside row no longer current', () => child(child(gitflowTool(), 'Features'), 'outside')?.contextValue === 'gitflow.branch.finishable');
  });

  it('finishes the branch of a tree row when its inline Finish passes the row', async () => {
    git(root, 'checkout', '-q', 'feature/outside');
    fs.writeFileSync(join(root, 'outside.txt'), 'outside\n');
    git(root, 'add', 'outside.txt');
    git(root, 'commit', '-q', '-m', 'outside');
    git(root, 'checkout', '-q', 'develop');
    const row = await waitFor('the outside row', () => child(child(gitflowTool(), 'Features'), 'outside'));
    const result = await vscode.commands.executeCommand<{ branch: string; mergedInto: string[] }>('devopsLifecycle.gitflow.finish', row.node);
    assert.equal(result.branch, 'feature/outside');
    assert.deepEqual(result.mergedInto, ['develop']);
    assert.ok(fs.existsSync(join(root, 'outside.txt')));
  });

  it('a release finish that conflicts: rejects naming the file, shows the finish in progress, and Abort restores', async () => {
    git(root, 'checkout', '-q', 'develop');
    await vscode.commands.executeCommand('devopsLifecycle.gitflow.start', { kind: 'release', name: '9.9.0' });
    fs.writeFileSync(join(root, 'README.md'), 'release 9.9.0\n');
    git(root, 'commit', '-q', '-a', '-m', 'release readme');
    git(root, 'checkout', '-q', 'main');
    fs.writeFileSync(join(root, 'README.md'), 'production fix\n');
    git(root, 'commit', '-q', '-a', '-m', 'production readme');
    git(root, 'checkout', '-q', 'release/9.9.0');
    const before = refsText();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('devopsLifecycle.gitflow.finish', { branch: 'release/9.9.0', tagMessage: 'Release 9.9.0' })),
      /Merging release\/9\.9\.0 into main stopped on conflicts in README\.md/,
    );
    const finishing = await waitFor('the finish-in-progress row', () => rows(gitflowTool()?.node).find((r) => r.contextValue === 'gitflow.finishing'));
    assert.equal(finishing.label, 'Finishing release/9.9.0');
    assert.match(finishing.description, /conflicts in README\.md/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('devopsLifecycle.gitflow.start', { kind: 'feature', name: 'meanwhile' })), /in progress/);

    const aborted = await vscode.commands.executeCommand<{ branch: string; restored: string[] }>('devopsLifecycle.gitflow.abortFinish', { confirm: false });
    assert.equal(aborted.branch, 'release/9.9.0');
    assert.equal(refsText(), before, 'every branch and tag back as before the finish');
    assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD'), 'release/9.9.0');
    await waitFor('the finish-in-progress row to go', () => !rows(gitflowTool()?.node).some((r) => r.contextValue === 'gitflow.finishing') && gitflowTool());
  });

  it('refuses a bad name with the reason, and an unknown kind', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('devopsLifecycle.gitflow.start', { kind: 'feature', name: 'has space' })), /contains a space/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('devopsLifecycle.gitflow.start', { kind: 'epic', name: 'x' })), /"kind" must be one of feature, bugfix, release, hotfix, support/);
  });
});
