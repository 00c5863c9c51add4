// Gitflow as a user meets it in the real workbench: under Code → Git the current branch and "Gitflow not
// initialised" with its inline Initialize (answering the three questions with their suggestions); a
// feature started from the command palette appears under Code → Gitflow → Features as the current branch;
// its inline Finish merges it into develop and the row goes. The repository is put back afterwards.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const startsWith = (word) => new RegExp(`^${word}\\b`);

function git(folder, ...args) {
  const r = spawnSync('git', args, { cwd: folder, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** git's output, or '' when it fails. */
function gitOr(folder, ...args) {
  const r = spawnSync('git', args, { cwd: folder, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

async function until(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function run({ page, server, screenshot, assert }) {
  const folder = server.folder;
  const original = { head: git(folder, 'symbolic-ref', '--short', 'HEAD'), refs: git(folder, 'for-each-ref', '--format=%(refname) %(objectname)') };
  try {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'DevOps' }).click();
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    const row = (name) => sidebar.getByRole('treeitem', { name: startsWith(name) }).first();

    await row('Code').waitFor({ timeout: 60_000 });
    await expand(row('Code'), assert);
    await expand(row('Git'), assert);
    await row(original.head).waitFor();
    const notInit = row('Gitflow not initialised');
    await notInit.waitFor();

    // Inline Initialize, then the three questions with their suggestions: main, develop, the default prefixes.
    await notInit.hover();
    await notInit.locator('.action-label[aria-label="Initialize Gitflow"]').click();
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'main' }).first().waitFor();
    await page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-box input').waitFor();
    assert.equal(await quickInput.locator('.quick-input-box input').inputValue(), 'develop');
    await page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Use these prefixes' }).first().waitFor();
    await page.keyboard.press('Enter');
    await until('gitflow to be initialised', () => gitOr(folder, 'config', 'gitflow.branch.develop') === 'develop');
    assert.equal(git(folder, 'config', 'gitflow.branch.master'), 'main');

    // Start a feature from the palette: pick the kind, type the name.
    await page.keyboard.press('F1');
    await quickInput.locator('.quick-input-box input').fill('>DevOps: Start Gitflow Branch');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'DevOps: Start Gitflow Branch' }).first().waitFor();
    await page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Feature' }).first().waitFor();
    await page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-box input').fill('e2e-demo');
    await page.keyboard.press('Enter');
    await until('feature/e2e-demo to be checked out', () => gitOr(folder, 'symbolic-ref', '--short', 'HEAD') === 'feature/e2e-demo');

    // The Gitflow row appears once the scan has read the new git config; rows may be re-rendered meanwhile.
    const feature = row('e2e-demo');
    await expandUntil(row('Gitflow'), feature);
    assert.match((await feature.getAttribute('aria-label')) ?? '', /current/);

    writeFileSync(join(folder, 'e2e-demo.txt'), 'from the e2e test\n');
    git(folder, 'add', 'e2e-demo.txt');
    git(folder, 'commit', '-q', '-m', 'e2e demo');
    await feature.hover();
    await screenshot('gitflow-tree');
    await feature.locator('.action-label[aria-label="Finish Gitflow Branch"]').click();
    await row('No open gitflow branches').waitFor({ timeout: 30_000 });
    assert.equal(git(folder, 'symbolic-ref', '--short', 'HEAD'), 'develop');
    assert.equal(git(folder, 'log', '-1', '--format=%s', 'develop'), 'e2e demo', 'the one-commit feature was fast-forwarded into develop');
    assert.equal(git(folder, 'branch', '--list', 'feature/*'), '');
  } finally {
    restore(folder, original);
    // Let the tree settle on the restored repository (no Gitflow tool, "not initialised" again), so the next
    // test does not expand rows while this one's refreshes are still arriving.
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.getByRole('treeitem', { name: startsWith('Gitflow not initialised') }).first().waitFor({ timeout: 30_000 }).catch(() => {});
    await until('the Gitflow tool row to go', async () => (await sidebar.getByRole('treeitem', { name: /^Gitflow \.git/ }).count()) === 0).catch(() => {});
    await page.waitForTimeout(1000);
    // Leave the side bar as the next test expects to find it: on the Explorer, so a click on DevOps opens it.
    await page.getByRole('tab', { name: /^Explorer/ }).click().catch(() => {});
  }
}

/** HEAD, branches, tags and config as they were before the test. */
function restore(folder, original) {
  spawnSync('git', ['merge', '--abort'], { cwd: folder });
  git(folder, 'checkout', '-q', '-f', original.head);
  const was = new Map(original.refs.split('\n').filter(Boolean).map((l) => l.split(' ')));
  for (const line of git(folder, 'for-each-ref', '--format=%(refname) %(objectname)').split('\n').filter(Boolean)) {
    const [ref, sha] = line.split(' ');
    if (!was.has(ref)) git(folder, 'update-ref', '-d', ref);
    else if (was.get(ref) !== sha) git(folder, 'update-ref', ref, was.get(ref));
  }
  for (const section of ['gitflow.branch', 'gitflow.prefix']) spawnSync('git', ['config', '--local', '--remove-section', section], { cwd: folder });
  git(folder, 'reset', '-q', '--hard');
}

/** Expands `parent` (again, if a refresh re-rendered it collapsed) until `child` shows. */
async function expandUntil(parent, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await child.isVisible().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the row under its expanded parent');
    if ((await parent.getAttribute('aria-expanded').catch(() => null)) === 'false') await parent.locator('.monaco-tl-twistie').click().catch(() => {});
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Expands a tree row through its twistie (a click on the row runs its command, if it has one). */
async function expand(item, assert) {
  await item.waitFor({ timeout: 30_000 });
  if ((await item.getAttribute('aria-expanded')) === 'true') return;
  assert.equal(await item.getAttribute('aria-expanded'), 'false', 'the row is not expandable');
  await item.locator('.monaco-tl-twistie').click();
  await item.and(item.page().locator('[aria-expanded="true"]')).waitFor({ timeout: 10_000 });
}
