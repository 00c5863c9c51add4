// An untrusted workspace: the gitflow commands start no git process; they say they need trust and how to
// give it, and the repository is untouched.
import { spawnSync } from 'node:child_process';

export const restricted = true;

const refs = (folder) => spawnSync('git', ['for-each-ref', '--format=%(refname) %(objectname)'], { cwd: folder, encoding: 'utf8' }).stdout;

export async function run({ page, server, screenshot, assert }) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The extension's contributions are loaded once its activity bar entry is there.
  await page.getByRole('tab', { name: 'DevOps' }).waitFor({ timeout: 60_000 });
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const dialog = page.locator('.monaco-dialog-box');
  const palette = async (command) => {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Enter');
  };
  // At most three toasts show at once: start from none, so each command's own message is on screen.
  const clearNotifications = () => palette('Notifications: Clear All Notifications');
  const before = refs(server.folder);
  try {
    for (const [command, says] of [
      ['DevOps: Initialize Gitflow', 'Initializing gitflow needs a trusted workspace'],
      ['DevOps: Start Gitflow Branch…', 'Starting a gitflow branch needs a trusted workspace'],
      ['DevOps: Finish Gitflow Branch', 'Finishing a gitflow branch needs a trusted workspace'],
    ]) {
      await clearNotifications();
      await palette(command);
      // One toast says why and what to do; the command resolves, so the palette adds no modal dialog.
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: says });
      await toast.first().waitFor({ timeout: 30_000 });
      assert.match(await toast.first().innerText(), /Manage Workspace Trust/);
      // The palette would open its dialog right after the command settles: give it the chance to.
      await page.waitForTimeout(500);
      assert.equal(await dialog.isVisible(), false, 'a failure from the palette is one notification, not also a dialog');
      if (command.includes('Start')) await screenshot('gitflow-restricted');
    }
    assert.equal(refs(server.folder), before, 'no branch or tag was created');
    const config = spawnSync('git', ['config', '--local', '--get-regexp', '^gitflow\\.'], { cwd: server.folder, encoding: 'utf8' }).stdout;
    assert.equal(config, '', 'no gitflow config was written');
  } finally {
    // Leave the workbench usable for the next test: no dialog, no toasts.
    if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: 'OK' }).click().catch(() => {});
    await clearNotifications().catch(() => {});
  }
}
