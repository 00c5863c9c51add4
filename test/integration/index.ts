// Entry point of the integration suite inside a real VS Code extension host: code-server's workbench
// (scripts/runIntegration.mjs) or test-electron (scripts/runElectron.mjs) load this module through
// extensionTestsPath and call run(). Output goes through console.log, which both hosts forward to the
// runner; the returned promise decides the exit code.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    // The runner's output is a log, not a terminal: the spec reporter reads best there.
    reporter: 'spec',
    // Run a subset while working on one area: DEVOPS_LIFECYCLE_TEST_GREP="gitflow" npm run test:integration
    grep: process.env.DEVOPS_LIFECYCLE_TEST_GREP || undefined,
  });
  // Compiled one-to-one into out/test/integration, next to this file.
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(join(__dirname, file));

  await new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}
