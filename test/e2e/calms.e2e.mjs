// The CALMS checklist as a user meets it in the real workbench: open it from the command palette, see
// the five pillars and an automatic item with its evidence (the link opens the file), tick a manual item
// and add a note, see the score and .devops/calms.json change, reload the window and find it all kept.
// Then a hostile calms.json: its notes, names and item ids render as text and no dialog fires. Saves a
// screenshot of a checklist with some weeks of history for the README.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const WEBVIEW = 'iframe.webview.ready[src*="extensionId=devops-lifecycle.devops-lifecycle"]';
const PILLARS = ['Culture', 'Automation', 'Lean', 'Measurement', 'Sharing'];
const XSS = '<img src=x onerror=alert(1)>';

export async function run({ page, server, screenshot, assert }) {
  const devops = join(server.folder, '.devops');
  const file = join(devops, 'calms.json');
  const cleanup = () => {
    rmSync(file, { force: true });
    if (existsSync(devops)) for (const f of readdirSync(devops)) if (f.startsWith('calms.json.bak-')) rmSync(join(devops, f), { force: true });
  };
  cleanup();
  const dialogs = [];
  const onDialog = (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => {});
  };
  page.on('dialog', onDialog);
  try {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = await openChecklist(page);

    // The five pillars, each a heading with its score.
    for (const name of PILLARS) await frame.getByRole('heading', { level: 2, name: new RegExp(`^${name} \\d+%$`) }).waitFor({ timeout: 60_000 });

    // An automatic item: ticked by evidence, with the file that proves it; clicking opens that file.
    const ci = frame.locator('[id="item-automation.ci"]');
    await ci.getByText('Automatic', { exact: true }).waitFor();
    assert.equal(await frame.locator('[id="chk-automation.ci"]').isChecked(), true);
    assert.equal(await frame.locator('[id="chk-automation.ci"]').isDisabled(), true, 'evidence, not a person, ticks an automatic item');
    const link = ci.getByRole('link', { name: /^\.github\/workflows\/ci\.yml/ });
    await link.click();
    await page.locator('.tabs-container .tab', { hasText: 'ci.yml' }).waitFor();

    // Tick a manual item: the score goes up, and the answer is in the file with who and when.
    const overall = frame.locator('.overall-value');
    const before = parseInt(await overall.innerText(), 10);
    const retro = frame.getByRole('checkbox', { name: 'Regular retrospectives lead to changes' });
    assert.equal(await retro.isChecked(), false);
    await retro.focus(); // from the keyboard: Space ticks it
    await page.keyboard.press('Space');
    await frame.locator('[id="item-culture.retrospectives"]').getByText(/^Ticked by .+ on /).waitFor();
    await waitUntil(async () => parseInt(await overall.innerText(), 10) > before, 'the overall score to go up');
    assert.equal(await retro.evaluate((el) => el === document.activeElement), true, 'focus stays on the checkbox');
    let saved = readJson(file);
    assert.equal(saved.version, 1);
    assert.equal(saved.answers['culture.retrospectives'].done, true);
    assert.equal(saved.answers['culture.retrospectives'].by, 'DevOps Lifecycle Tests', 'who: git user.name of the workspace');
    assert.equal(saved.history.length, 1, 'the answer recorded today’s score');
    assert.equal(saved.history[0].overall, parseInt(await overall.innerText(), 10));

    // A note, from the keyboard: the button, the text box, Ctrl+Enter.
    await frame.getByRole('button', { name: 'Add a note for Regular retrospectives lead to changes' }).click();
    const note = frame.getByRole('textbox', { name: 'Note for Regular retrospectives lead to changes' });
    await note.fill('Every other Friday; actions go on the board.');
    await note.press('Control+Enter');
    await frame.locator('[id="note-culture.retrospectives"]', { hasText: 'Every other Friday' }).waitFor();
    saved = readJson(file);
    assert.equal(saved.answers['culture.retrospectives'].note, 'Every other Friday; actions go on the board.');
    const score = await overall.innerText();

    // Reload the window: the panel comes back by itself, with the answer, the note and the score.
    // "Developer: Reload Window", as a user reloads: the workbench saves its state (open editors) first.
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const restored = page.frameLocator(WEBVIEW).first().frameLocator('#active-frame');
    await restored.getByRole('checkbox', { name: 'Regular retrospectives lead to changes' }).waitFor({ timeout: 30_000 });
    // The command brings the restored panel forward rather than opening a second one.
    const again = await openChecklist(page);
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'CALMS · demo' }).count(), 1);
    const retroAgain = again.getByRole('checkbox', { name: 'Regular retrospectives lead to changes' });
    await retroAgain.waitFor({ timeout: 60_000 });
    await waitUntil(async () => retroAgain.isChecked(), 'the tick to be there after a reload');
    await again.locator('[id="note-culture.retrospectives"]', { hasText: 'Every other Friday' }).waitFor();
    assert.equal(await again.locator('.overall-value').innerText(), score);

    // A hostile file (a pull from a compromised branch): everything renders as text, nothing runs.
    writeFileSync(file, JSON.stringify({
      version: 1,
      answers: {
        'culture.review': { done: true, note: XSS, by: '<b onmouseover=alert(2)>Mallory</b>', at: '2025-05-06T10:00:00Z' },
        '<script>alert(3)</script>': { done: true, note: '<svg onload=alert(4)>' },
      },
      history: [{ date: '2025-05-01', overall: 10, pillars: { culture: 14, '<img src=y onerror=alert(5)>': 50 } }],
    }, null, 2));
    const hostileNote = again.locator('[id="note-culture.review"]');
    await hostileNote.waitFor({ timeout: 10_000 });
    assert.equal(await hostileNote.innerText(), XSS, 'the note is shown as the text it is');
    await again.getByText('<b onmouseover=alert(2)>Mallory</b>', { exact: false }).first().waitFor();
    await again.locator('code', { hasText: '<script>alert(3)</script>' }).waitFor();
    await again.getByText('<svg onload=alert(4)>').waitFor();
    assert.equal(await again.locator('img').count(), 0, 'no <img> element was created');
    assert.equal(await again.locator('b').count(), 0);
    assert.equal(await again.locator('svg [onload], svg[onload]').count(), 0);
    // VS Code's own inline script (acquireVsCodeApi) and ours; none from the file.
    const scripts = await again.locator('script').evaluateAll((list) => list.map((s) => s.getAttribute('src') ?? `inline: ${s.textContent.slice(0, 80)}`));
    assert.equal(scripts.filter((s) => /alert/.test(s)).length, 0, `a script from the file: ${scripts.join(', ')}`);
    await page.waitForTimeout(1000);
    assert.deepEqual(dialogs, [], 'no alert or dialog fired');
    await hostileNote.scrollIntoViewIfNeeded();
    await screenshot('calms-hostile-file');

    // A checklist after some weeks, for the README.
    writeFileSync(file, `${JSON.stringify(teamFile(), null, 2)}\n`);
    await again.locator('[id="note-culture.oncall"]').waitFor({ timeout: 10_000 });
    await again.locator('.chart-svg .series-overall circle').nth(5).waitFor();
    await page.keyboard.press('Escape');
    await closeOtherEditors(page);
    const shot = await screenshot('calms');
    console.log(`    screenshot: ${shot}`);
    await again.locator('[id="pillar-automation"]').scrollIntoViewIfNeeded();
    await screenshot('calms-evidence');
    await again.locator('[id="heading-culture"]').scrollIntoViewIfNeeded();

    // Native in every theme: the webview takes VS Code's colours (dark and high contrast here).
    const colours = async () => again.locator('body').evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b.querySelector('.item')).borderTopColor]);
    const light = await colours();
    try {
      for (const [theme, kind] of [['Dark Modern', 'vscode-dark'], ['Default High Contrast', 'vscode-high-contrast']]) {
        await pickTheme(page, theme);
        await again.locator(`body.${kind}`).waitFor({ timeout: 15_000 });
        const now = await colours();
        assert.notDeepEqual(now, light, `${theme}: the checklist's colours follow the theme`);
        await screenshot(`calms-${kind.replace('vscode-', '')}`);
      }
    } finally {
      await pickTheme(page, 'Light Modern').catch(() => {});
    }
    // Leave the workbench as the next test expects it: no checklist open.
    const calmsTab = page.locator('.tabs-container .tab', { hasText: 'CALMS · demo' });
    await calmsTab.hover();
    await calmsTab.locator('.tab-actions .action-label').click();
    await calmsTab.waitFor({ state: 'detached' });
  } finally {
    page.off('dialog', onDialog);
    cleanup();
  }
}

/** Runs "DevOps: Open CALMS Checklist" from the command palette and returns the webview's content frame. */
async function openChecklist(page) {
  // The palette lists the commands known when it opens: wait until the extension has contributed its own.
  await page.getByRole('tab', { name: 'DevOps' }).waitFor({ timeout: 60_000 });
  await runCommand(page, 'DevOps: Open CALMS Checklist');
  await page.locator(WEBVIEW).first().waitFor({ state: 'attached', timeout: 60_000 });
  return page.frameLocator(WEBVIEW).first().frameLocator('#active-frame');
}

const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget').getByRole('option', { name: new RegExp(`^${escapeRe(title)}\\b`) }).first();
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

/** Preferences: Color Theme, then the theme by name, as a user switches themes. */
async function pickTheme(page, name) {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-widget').getByRole('option', { name: new RegExp(escapeRe(name)) }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function closeOtherEditors(page) {
  // Keep only the checklist in view: close the ci.yml editor that the evidence link opened.
  const tab = page.locator('.tabs-container .tab', { hasText: 'ci.yml' });
  if (await tab.count()) {
    await tab.first().hover();
    await tab.first().locator('.tab-actions .action-label').click();
  }
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

async function waitUntil(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What a team's file looks like after some weeks: answers with notes, and one snapshot per day they worked on it. */
function teamFile() {
  const day = (offset) => {
    const d = new Date();
    d.setDate(d.getDate() - offset);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const at = (offset) => new Date(Date.now() - offset * 86_400_000).toISOString();
  const snap = (offset, overall, culture, automation, lean, measurement, sharing) => ({ date: day(offset), overall, pillars: { culture, automation, lean, measurement, sharing } });
  return {
    version: 1,
    answers: {
      'culture.oncall': { done: true, note: 'Weekly rotation across the whole team since March.', by: 'Grace Hopper', at: at(20) },
      'culture.retrospectives': { done: true, note: 'Every other Friday; actions go on the board.', by: 'DevOps Lifecycle Tests', at: at(0) },
      'culture.review': { done: true, by: 'Ada Lovelace', at: at(35) },
      'lean.wip-limits': { done: true, note: 'WIP limit of 3 per column.', by: 'Ada Lovelace', at: at(12) },
      'measurement.dora': { done: false, note: 'Lead time only so far; deployment frequency next.', by: 'Grace Hopper', at: at(5) },
    },
    history: [
      snap(42, 31, 0, 75, 33, 29, 29),
      snap(35, 34, 14, 75, 33, 29, 29),
      snap(28, 37, 14, 75, 50, 29, 29),
      snap(20, 40, 29, 75, 50, 29, 29),
      snap(12, 46, 29, 88, 67, 43, 29),
      snap(0, 50, 43, 88, 67, 43, 29),
    ],
  };
}
