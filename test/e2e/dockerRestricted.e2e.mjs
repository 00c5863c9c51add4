// An untrusted workspace: "DevOps: Build Docker Image" builds nothing and says why and what to do; the
// build indicator stays idle in the status bar.
export const restricted = true;

export async function run({ page, screenshot, assert }) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The indicator is there (idle) once the extension is active.
  const indicator = page.locator('#workbench\\.parts\\.statusbar .statusbar-item[aria-label^="DevOps build indicator"]');
  await indicator.first().waitFor({ timeout: 60_000 });

  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill('>DevOps: Build Docker Image');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'DevOps: Build Docker Image' }).first().waitFor();
  await page.keyboard.press('Enter');

  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Building a Docker image needs a trusted workspace' });
  await toast.first().waitFor({ timeout: 30_000 });
  assert.match(await toast.first().innerText(), /Manage Workspace Trust/);
  assert.equal(await page.locator('#workbench\\.parts\\.statusbar .statusbar-item[aria-label*="running"]').count(), 0, 'no build started');
  await screenshot('docker-restricted');
  await page.keyboard.press('Escape');
}
