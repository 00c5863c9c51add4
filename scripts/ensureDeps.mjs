// Makes sure node_modules matches the lockfile before anything runs from it (npm start, npm test).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';

// npm writes package-lock.json and node_modules/.package-lock.json in one install, in an order that is
// not guaranteed; a lockfile newer than that by more than this is a real change (a pull, a checkout).
const SAME_INSTALL_MS = 2_000;

/**
 * Runs `npm ci` (or `npm install` without a lockfile) when node_modules is missing or older than the
 * lockfile. Returns true when it installed. Throws when npm fails.
 */
export function ensureNodeModules({ cwd = repoRoot } = {}) {
  const lock = join(cwd, 'package-lock.json');
  const hasLock = existsSync(lock);
  // npm's own record of what is installed: rewritten by every install, unlike the folder's mtime.
  const installed = join(cwd, 'node_modules', '.package-lock.json');
  const wanted = hasLock ? lock : join(cwd, 'package.json');

  let reason;
  if (!existsSync(join(cwd, 'node_modules'))) reason = 'node_modules is missing';
  else if (!existsSync(installed)) reason = 'node_modules was not installed by npm';
  else if (statSync(wanted).mtimeMs - statSync(installed).mtimeMs > SAME_INSTALL_MS) reason = `${hasLock ? 'package-lock.json' : 'package.json'} changed since the last install`;
  if (!reason) return false;

  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  console.log(`${reason}: running npm ${args[0]}`);
  const result = spawnSync('npm', args, { cwd, stdio: 'inherit' });
  if (result.error) throw new Error(`could not run npm: ${result.error.message} (is Node.js with npm on PATH?)`);
  if (result.status !== 0) throw new Error(`npm ${args[0]} failed with exit code ${result.status ?? result.signal}`);
  return true;
}
