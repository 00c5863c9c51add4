// `npm run package`, then install the .vsix into a fresh code-server extensions folder, the way a user
// installs it into desktop VS Code (`code --install-extension`), and check what landed: the manifest, the
// bundles, the webview, the grammar, and no source or test files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_ID, ensureCodeServer, repoRoot } from './codeServer.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const vsix = join(repoRoot, 'dist', 'devops-lifecycle.vsix');
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? '✓' : '✗'} ${what}`);
  if (!ok) failed++;
};

const packed = spawnSync(npm, ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
check(packed.status === 0 && existsSync(vsix), 'npm run package makes dist/devops-lifecycle.vsix');

if (existsSync(vsix)) {
  const codeServer = await ensureCodeServer();
  const home = mkdtempSync(join(tmpdir(), 'devops-lifecycle-vsix-'));
  const extensionsDir = join(home, 'extensions');
  try {
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), EXTENSIONS_GALLERY: '{}' };
    const installed = spawnSync(codeServer, ['--extensions-dir', extensionsDir, '--user-data-dir', join(home, 'user'), '--install-extension', vsix], { env, encoding: 'utf8' });
    check(installed.status === 0, `code-server --install-extension accepts it${installed.status === 0 ? '' : `: ${installed.stderr || installed.stdout}`}`);
    const folder = existsSync(extensionsDir) ? readdirSync(extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`)) : undefined;
    check(folder === `${EXTENSION_ID}-${pkg.version}`, `installed as ${EXTENSION_ID}-${pkg.version}`);
    if (folder) {
      const root = join(extensionsDir, folder);
      for (const file of ['package.json', 'dist/extension.js', 'dist/cli.js', 'dist/webview/calms.js', 'syntaxes/devops-lifecycle-log.tmLanguage.json', 'media/devops.svg']) {
        check(existsSync(join(root, file)), `contains ${file}`);
      }
      check(!existsSync(join(root, 'src')) && !existsSync(join(root, 'test')) && !existsSync(join(root, 'node_modules')), 'carries no sources, tests or node_modules');
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
console.log(`${failed === 0 ? 1 : 0} passed, ${failed === 0 ? 0 : 1} failed`);
process.exit(failed === 0 ? 0 : 1);
