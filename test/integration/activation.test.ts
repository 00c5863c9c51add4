// Smoke test: the extension is found by the real extension host, activates, and wires its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'devops-lifecycle.devops-lifecycle';

describe('activation', () => {
  it('is installed as a development extension and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in the extension host`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers devopsLifecycle.refresh', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('devopsLifecycle.refresh'), 'devopsLifecycle.refresh is not registered');
  });

  it('sees the fixtures the runner points it at', () => {
    // The extension host inherits the runner's environment; tests locate test/fixtures through it.
    const fixtures = process.env.DEVOPS_LIFECYCLE_FIXTURES;
    assert.ok(fixtures, 'DEVOPS_LIFECYCLE_FIXTURES is not set: start the suite with npm run test:integration');
  });
});
