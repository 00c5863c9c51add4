// A multi-root workspace: one lifecycle per folder, each under a folder row.
export const workspace = 'multi';

export async function run({ page, screenshot, assert }) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'DevOps' }).click();
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const row = (re) => sidebar.getByRole('treeitem', { name: re });

  await row(/^api\b/).waitFor({ timeout: 60_000 });
  await row(/^infra\b/).waitFor();
  // Folder rows start expanded, each with its own eight stages; the folders are scanned side by side, so
  // the second folder's rows may render a moment after the first's.
  const labels = (re) => row(re).evaluateAll((rows) => rows.map((r) => (r.getAttribute('aria-label') ?? '').trim()));
  await row(/^Build\b/).nth(1).waitFor({ timeout: 30_000 });
  await row(/^Operate\b/).nth(1).waitFor({ timeout: 30_000 });
  const builds = await labels(/^Build\b/);
  assert.equal(builds.length, 2, `expected a Build row per folder, saw ${JSON.stringify(builds)}`);
  assert.ok(builds.some((label) => /Docker/.test(label)), 'the api folder builds with Docker');
  const operate = await labels(/^Operate\b/);
  assert.ok(operate.some((label) => /Terraform/.test(label) && /Ansible/.test(label)), `infra operates with Terraform and Ansible: ${JSON.stringify(operate)}`);
  await screenshot('multi-root');
}
