// Jest as a user meets it: the demo's tests are in the Test Explorer before anything has run; a run from
// the command palette marks them passed and the status bar build indicator says so.
// The runner's user settings point devopsLifecycle.jest.command at this repository's Jest 30 (the temporary
// workspace has no node_modules).
export async function run({ page, screenshot, assert }) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: /^Testing/ }).click();
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  // Found by reading the files, before any run (a folder with one project lists its files directly).
  await sidebar.getByRole('treeitem', { name: /sum\.test\.js/ }).first().waitFor({ timeout: 60_000 });

  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill('>DevOps: Run Jest Tests');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'DevOps: Run Jest Tests' }).first().waitFor();
  await page.keyboard.press('Enter');

  const statusItem = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { has: page.locator('.codicon-check') });
  await statusItem.first().waitFor({ timeout: 60_000 });
  const status = await statusItem.first().innerText();
  assert.match(status, /\d/, `the build indicator shows the run's duration: ${status}`);

  // Expand the tree down to the test and see it passed.
  for (const name of [/sum\.test\.js/, /^sum\b/]) {
    const item = sidebar.getByRole('treeitem', { name }).first();
    await item.waitFor({ timeout: 30_000 });
    if ((await item.getAttribute('aria-expanded')) === 'false') await item.locator('.monaco-tl-twistie').click();
  }
  const test = sidebar.getByRole('treeitem', { name: /adds two numbers/ }).first();
  await test.waitFor({ timeout: 30_000 });
  await test.locator('.codicon-testing-passed-icon').waitFor({ timeout: 30_000 });
  await screenshot('jest-test-explorer');
}
