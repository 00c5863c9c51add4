// Restricted Mode: the lifecycle is still shown (read from the files, without running git), and the view
// says why the picture may differ and what to do.
export const restricted = true;

export async function run({ page, screenshot, assert }) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'DevOps' }).click();
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');

  const message = sidebar.getByText(/Restricted Mode: files are listed without running git/);
  await message.waitFor({ timeout: 60_000 });
  assert.match(await message.innerText(), /Trust the workspace/);

  // The stages still come from the files.
  await sidebar.getByRole('treeitem', { name: /^Build\b/ }).waitFor({ timeout: 30_000 });
  const build = (await sidebar.getByRole('treeitem', { name: /^Build\b/ }).getAttribute('aria-label')) ?? '';
  assert.match(build, /Docker/);
  await screenshot('restricted-mode');
}
