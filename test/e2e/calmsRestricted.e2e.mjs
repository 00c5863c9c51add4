// The CALMS checklist in Restricted Mode: evidence from files still counts, the git checks wait for trust
// and say so, and answering still works (writing .devops/calms.json runs no program) with the operating
// system's user name, since git — whose config could run programs — is not asked for user.name.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export const restricted = true;

const WEBVIEW = 'iframe.webview.ready[src*="extensionId=devops-lifecycle.devops-lifecycle"]';

export async function run({ page, server, screenshot, assert }) {
  const file = join(server.folder, '.devops', 'calms.json');
  rmSync(file, { force: true });
  try {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'DevOps' }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'DevOps: Open CALMS Checklist');
    const frame = page.frameLocator(WEBVIEW).first().frameLocator('#active-frame');

    await frame.getByText(/^Restricted Mode: file evidence only/).waitFor({ timeout: 60_000 });
    const ci = frame.locator('[id="item-automation.ci"]');
    await ci.getByText('Automatic', { exact: true }).waitFor({ timeout: 30_000 });
    await ci.getByRole('link', { name: /^\.github\/workflows\/ci\.yml/ }).waitFor();
    for (const id of ['lean.short-branches', 'lean.small-changes']) {
      const state = frame.locator(`[id="state-${id}"]`);
      await state.getByText(/Needs a trusted workspace: git is not run in Restricted Mode\./).waitFor();
      assert.equal(await frame.locator(`[id="chk-${id}"]`).isChecked(), false);
    }

    const box = frame.getByRole('checkbox', { name: 'Work in progress is limited' });
    await box.focus();
    await page.keyboard.press('Space');
    await frame.locator('[id="item-lean.wip-limits"]').getByText(/^Ticked by /).waitFor();
    assert.ok(existsSync(file), 'the answer was saved');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.answers['lean.wip-limits'].done, true);
    assert.equal(saved.answers['lean.wip-limits'].by, userInfo().username, 'who: the OS user, since git is not run');
    await screenshot('calms-restricted');

    const tab = page.locator('.tabs-container .tab', { hasText: 'CALMS · demo' });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').click();
    await tab.waitFor({ state: 'detached' });
  } finally {
    rmSync(file, { force: true });
  }
}

async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget').getByRole('option', { name: new RegExp(`^${title}\\b`) }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 6) throw error;
    }
  }
  await row.click();
}
