// An empty folder: the view explains what belongs in it instead of showing eight gaps.
export const workspace = 'empty';

export async function run({ page, screenshot, assert }) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'DevOps' }).click();
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const welcome = sidebar.getByText(/Nothing in this folder belongs to a lifecycle stage yet/);
  await welcome.waitFor({ timeout: 60_000 });
  await sidebar.getByRole('button', { name: 'Rescan' }).waitFor();
  assert.equal(await sidebar.getByRole('treeitem').count(), 0, 'an empty folder shows no stage rows');
  await screenshot('welcome-empty-folder');
}
