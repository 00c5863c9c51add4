// The CALMS checklist inside the real extension host: the command opens the panel and returns the
// report, evidence follows the workspace, and .devops/calms.json edited on disk (a git pull, a hand edit,
// a corrupt file) shows up live without a write from the extension.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CalmsReport, ReportItem } from '../../src/core/calms/report';

type OpenResult = CalmsReport & { folder: string };

function folderPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (the demo workspace)');
  return folder.uri.fsPath;
}

const calmsFile = () => join(folderPath(), '.devops', 'calms.json');
const open = async () => (await vscode.commands.executeCommand('devopsLifecycle.calms.open', { folder: folderPath(), preserveFocus: true })) as OpenResult;
const item = (r: CalmsReport, id: string): ReportItem => {
  const found = r.pillars.flatMap((p) => p.items).find((i) => i.id === id);
  assert.ok(found, `no item ${id}`);
  return found;
};

/** Polls the command until `predicate` holds (file events are debounced), or fails with what it last saw. */
async function waitFor(predicate: (r: OpenResult) => boolean, what: string, timeoutMs = 8000): Promise<OpenResult> {
  const deadline = Date.now() + timeoutMs;
  let last: OpenResult | undefined;
  while (Date.now() < deadline) {
    last = await open();
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`${what} within ${timeoutMs} ms; last file status ${last?.file.status}, overall ${last?.overall}`);
}

function calmsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('devopsLifecycle.calms'));
}

describe('CALMS checklist in the extension host', () => {
  const created: string[] = [];

  after(async () => {
    await fs.rm(join(folderPath(), '.devops', 'calms.json'), { force: true });
    for (const p of created.splice(0)) await fs.rm(join(folderPath(), p), { recursive: true, force: true });
    for (const entry of await fs.readdir(join(folderPath(), '.devops'))) {
      if (entry.startsWith('calms.json.bak-')) await fs.rm(join(folderPath(), '.devops', entry), { force: true });
    }
    await vscode.window.tabGroups.close(calmsTabs());
  });

  it('devopsLifecycle.calms.open opens one panel and returns the report with evidence', async () => {
    const r = await open();
    assert.equal(r.folder, folderPath());
    assert.equal(r.root, folderPath());
    assert.deepEqual(r.pillars.map((p) => p.name), ['Culture', 'Automation', 'Lean', 'Measurement', 'Sharing']);
    const ci = item(r, 'automation.ci');
    assert.deepEqual([ci.done, ci.source], [true, 'evidence']);
    assert.equal(ci.evidence?.links[0]?.path, '.github/workflows/ci.yml');
    assert.equal(item(r, 'culture.retrospectives').done, false);
    assert.equal(r.file.status, 'missing');
    await open();
    // The tab model follows the workbench a moment after the panel is created.
    for (let i = 0; i < 50 && calmsTabs().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const all = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label}: ${t.input instanceof vscode.TabInputWebview ? t.input.viewType : typeof t.input}`);
    assert.equal(calmsTabs().length, 1, `opening again reveals the same panel; tabs: ${all.join(', ')}`);
    assert.equal(calmsTabs()[0]!.label, 'CALMS · demo');
  });

  it('a calms.json written on disk (a git pull) shows up live', async () => {
    const before = await open();
    await fs.mkdir(join(folderPath(), '.devops'), { recursive: true });
    await fs.writeFile(calmsFile(), JSON.stringify({ version: 1, answers: { 'culture.retrospectives': { done: true, note: 'from a pull', by: 'Grace', at: '2025-05-06T10:00:00Z' } }, history: [] }));
    const after = await waitFor((r) => item(r, 'culture.retrospectives').done, 'the pulled answer to appear');
    assert.equal(item(after, 'culture.retrospectives').answer?.note, 'from a pull');
    assert.ok(after.pillars[0]!.score > before.pillars[0]!.score);
    assert.equal(after.file.status, 'ok');
  });

  it('a corrupt calms.json is reported and kept as it is', async () => {
    const corrupt = '{"version": 1, "answers": {\n<<<<<<< HEAD\n';
    await fs.writeFile(calmsFile(), corrupt);
    const r = await waitFor((x) => x.file.status === 'invalid', 'the corrupt file to be reported');
    assert.match(r.file.message ?? '', /not valid JSON \(line 2, column 1\)/);
    assert.equal(item(r, 'culture.retrospectives').done, false, 'answers of an unusable file do not count');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await fs.readFile(calmsFile(), 'utf8'), corrupt);
  });

  it('re-evaluates evidence when a file appears', async () => {
    assert.equal(item(await open(), 'sharing.contributing').done, false);
    created.push('CONTRIBUTING.md');
    await fs.writeFile(join(folderPath(), 'CONTRIBUTING.md'), '# Contributing\n');
    const r = await waitFor((x) => item(x, 'sharing.contributing').done, 'CONTRIBUTING.md to count');
    assert.deepEqual(item(r, 'sharing.contributing').evidence?.links.map((l) => l.path), ['CONTRIBUTING.md']);
  });

  it('rejects a folder outside the workspace with a clear message', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('devopsLifecycle.calms.open', { folder: '/definitely/not/open' })), /not in an open workspace folder/);
  });
});
