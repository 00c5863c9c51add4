// Temp copies of the CALMS fixture workspaces (test/fixtures/calms), made real git repositories with
// commits at chosen dates, so branch ages and change sizes are checked against real git.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';

export const CALMS_FIXTURES = resolve(__dirname, '../../../test/fixtures/calms');

const dirs: string[] = [];

export function tmpDir(prefix = 'calms-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(join(os.tmpdir(), `devops-lifecycle-${prefix}`)));
  dirs.push(dir);
  return dir;
}

export function removeTmpDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A copy of a fixture workspace in a temp folder. */
export function copyFixture(name: string): string {
  const dir = tmpDir(`${name}-`);
  fs.cpSync(join(CALMS_FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Runs git with a pinned identity, the machine's git config ignored, and commit dates of `when`. */
export function git(dir: string, args: string[], when = new Date()): string {
  const date = when.toISOString();
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Ada Lovelace',
      GIT_AUTHOR_EMAIL: 'ada@example.test',
      GIT_COMMITTER_NAME: 'Ada Lovelace',
      GIT_COMMITTER_EMAIL: 'ada@example.test',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      LC_ALL: 'C',
    },
  }).trim();
}

export function initRepo(dir: string, when = new Date()): void {
  git(dir, ['init', '-q', '-b', 'main'], when);
  git(dir, ['config', 'user.name', 'Ada Lovelace'], when);
  git(dir, ['config', 'commit.gpgsign', 'false'], when);
  git(dir, ['add', '-A'], when);
  git(dir, ['commit', '-q', '--allow-empty', '-m', 'Initial import'], when);
}

/** Writes `lines` lines to `file` and commits it at `when`. */
export function commitLines(dir: string, file: string, lines: number, when: Date, message = `change ${file}`): void {
  fs.mkdirSync(join(dir, file, '..'), { recursive: true });
  const previous = fs.existsSync(join(dir, file)) ? fs.readFileSync(join(dir, file), 'utf8') : '';
  fs.writeFileSync(join(dir, file), previous + Array.from({ length: lines }, (_, i) => `line ${i} ${when.getTime()}\n`).join(''));
  git(dir, ['add', file], when);
  git(dir, ['commit', '-q', '-m', message], when);
}

export const daysAgo = (days: number, now = new Date()) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
