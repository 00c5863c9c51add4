// `npm test`: every check, in the order that fails fastest — types and lint, the build, unit tests in
// plain Node, the integration suite inside a real VS Code (code-server), and the end-to-end suite that
// clicks the real workbench. Installs what is missing first (node_modules, Debian packages, code-server).
// Prints one closing line `Tests: N passed, N failed, N skipped` over all suites.
//
// Env: DEVOPS_LIFECYCLE_SUITES=unit,integration (a subset), CI=true (a missing component fails, never skips).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNodeModules } from './ensureDeps.mjs';

const root = join(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const all = ['lint', 'unit', 'integration', 'e2e', 'start', 'package'];
const wanted = (process.env.DEVOPS_LIFECYCLE_SUITES ?? all.join(',')).split(',').map((s) => s.trim()).filter(Boolean);

/** Runs a command with inherited output, also capturing it to count mocha's results. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (b) => { process.stdout.write(b); text += b; });
    child.stderr.on('data', (b) => { process.stderr.write(b); text += b; });
    child.on('error', (e) => resolve({ code: 1, text: `${command}: ${e.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, text }));
  });
}

/** Counts from mocha's spec reporter ("N passing", "N failing", "N pending") or our runners' "N passed, N failed". */
function counts(text) {
  const n = (re) => [...text.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
  const mocha = { passed: n(/^\s*(\d+) passing\b/gm), failed: n(/^\s*(\d+) failing\b/gm), skipped: n(/^\s*(\d+) pending\b/gm) };
  if (mocha.passed + mocha.failed + mocha.skipped > 0) return mocha;
  return { passed: n(/^(?:\w+: )?(\d+) passed\b/gm), failed: n(/(\d+) failed\b/gm), skipped: n(/(\d+) skipped\b/gm) };
}

const steps = {
  lint: () => run(npm, ['run', '--silent', 'lint']),
  unit: async () => {
    const build = await run(npm, ['run', '--silent', 'build']);
    if (build.code !== 0) return build;
    return run(npm, ['run', '--silent', 'test:unit']);
  },
  integration: () => run(npm, ['run', '--silent', 'test:integration']),
  e2e: () => run(npm, ['run', '--silent', 'test:e2e']),
  // The newcomer's first command: `npm start` serves the demo and the DevOps view loads in the page.
  start: async () => {
    const r = await run(process.execPath, [join(root, 'scripts', 'start.mjs'), '--check']);
    return { code: r.code, text: `${r.text}\n${r.code === 0 ? '1 passed' : '0 passed, 1 failed'}\n` };
  },
  // The .vsix a user installs: packaged, installed into a fresh extensions folder, its contents checked.
  package: () => run(process.execPath, [join(root, 'scripts', 'checkPackage.mjs')]),
};

async function main() {
  await ensureNodeModules();
  if (process.platform === 'linux' && (wanted.includes('integration') || wanted.includes('e2e') || wanted.includes('unit'))) {
    const sys = await run('bash', [join(root, 'scripts', 'install-system-deps.sh')]);
    if (sys.code !== 0) {
      console.error('The Debian packages the tests need are missing (see above).');
      process.exit(1);
    }
  }
  const total = { passed: 0, failed: 0, skipped: 0 };
  const failedSteps = [];
  for (const name of all) {
    if (!wanted.includes(name)) continue;
    console.log(`\n━━ ${name} ━━`);
    const started = Date.now();
    const { code, text } = await steps[name]();
    const c = counts(text);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    console.log(`━━ ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) {
      failedSteps.push(name);
      if (c.failed === 0) total.failed += 1; // a step that failed without a failing test (types, a crash) still counts
    }
  }
  if (!existsSync(join(root, 'test-results'))) console.log('(no test-results/ folder: the e2e suite did not save screenshots)');
  console.log(`\n${failedSteps.length === 0 ? 'All suites passed.' : `Failed: ${failedSteps.join(', ')}`}`);
  console.log(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(failedSteps.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
