// Temporary folders for the scanner and CLI tests: fresh empty ones, or copies of test/fixtures/scan/NAME,
// all removed when the run ends.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(__dirname, '../../../test/fixtures/scan');

const tmpDirs: string[] = [];

export function tmpDir(prefix = 'devops-lifecycle-scan-'): string {
  const dir = fs.mkdtempSync(join(os.tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}

/** A tmp copy of a fixture folder. */
export function copyFixture(name: string): string {
  const dir = tmpDir();
  fs.cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

after(() => {
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
