// The lifecycle tree as a user meets it: open the DevOps view, see the eight stages in order, drill
// into Build → Docker → Dockerfile and land in the file.

const STAGES = ['Plan', 'Code', 'Build', 'Test', 'Release', 'Deploy', 'Operate', 'Monitor'];

/** A row whose label starts with `word` (labels may carry a description after it, and a trailing space). */
const startsWith = (word) => new RegExp(`^${word}\\b`);

export async function run({ page, screenshot, assert }) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'DevOps' }).click();

  // Scoped to the side bar, so rows of other views (Explorer, Outline) can never match.
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const row = (word) => sidebar.getByRole('treeitem', { name: startsWith(word) });

  // The extension activates and scans after the view opens: allow for that on the first row.
  for (const stage of STAGES) {
    try {
      await row(stage).first().waitFor({ timeout: stage === STAGES[0] ? 60_000 : 10_000 });
    } catch {
      // Say what the view shows instead (e.g. "There is no data provider registered…"), not just "timeout".
      const shown = (await sidebar.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
      assert.fail(`no "${stage}" row in the DevOps view; the side bar shows: ${shown || '(nothing)'}`);
    }
  }
  const labels = (await sidebar.getByRole('treeitem').evaluateAll((rows) => rows.map((r) => (r.getAttribute('aria-label') ?? '').trim())));
  const stageOrder = labels
    .map((label) => STAGES.find((stage) => startsWith(stage).test(label)))
    .filter(Boolean);
  assert.deepEqual(stageOrder, STAGES, `stages out of order; rows were: ${JSON.stringify(labels)}`);

  await expand(row('Build'), assert);
  const docker = row('Docker').first();
  await docker.waitFor();
  await expand(docker, assert);
  const dockerfile = row('Dockerfile').first();
  await dockerfile.waitFor();
  await dockerfile.click();

  await page.locator('.tabs-container .tab.active', { hasText: 'Dockerfile' }).waitFor();
  await screenshot('lifecycle-tree');
}

/** Expands a tree row through its twistie: a click on the row itself runs the row's command instead, if it has one. */
async function expand(item, assert) {
  if ((await item.getAttribute('aria-expanded')) === 'true') return;
  assert.equal(await item.getAttribute('aria-expanded'), 'false', 'the row is not expandable');
  await item.locator('.monaco-tl-twistie').click();
  await item.and(item.page().locator('[aria-expanded="true"]')).waitFor({ timeout: 10_000 });
}
