// `npm run test:electron`: the same integration suite as runIntegration.mjs, in desktop VS Code through
// @vscode/test-electron. It downloads VS Code into .vscode-test/, so it needs a machine that can reach
// update.code.visualstudio.com (these build machines cannot: they use code-server instead).
//
// Env: DEVOPS_LIFECYCLE_WORKSPACE (folder to open, default test/fixtures/workspaces/demo),
//      DEVOPS_LIFECYCLE_VSCODE_VERSION (default "stable"), DEVOPS_LIFECYCLE_TEST_GREP (mocha grep).
// On a headless Linux box run it under xvfb-run.
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { build, repoRoot, resolveWorkspace, testEnv } from './codeServer.mjs';

try {
  build();
  await runTests({
    version: process.env.DEVOPS_LIFECYCLE_VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    // Only this extension: other installed extensions would make the run depend on the machine.
    launchArgs: [resolveWorkspace(), '--disable-extensions'],
    extensionTestsEnv: testEnv(),
  });
  process.exit(0);
} catch (error) {
  console.error(`integration tests (VS Code desktop) failed: ${error?.message ?? error}`);
  process.exit(1);
}
