// Jest's own rule for "is this file a test", applied to a path without running Jest: under one of the
// `roots`, matching `testMatch` globs (or `testRegex`), not matching `testPathIgnorePatterns`, and with
// an extension in `moduleFileExtensions`. Defaults are Jest 30's.
import { isAbsolute, join, resolve } from 'node:path';
import picomatch from 'picomatch';
import type { StaticJestConfig } from './model';

export const DEFAULT_TEST_MATCH = ['**/__tests__/**/*.?([mc])[jt]s?(x)', '**/?(*.)+(spec|test).?([mc])[jt]s?(x)'];
export const DEFAULT_IGNORE = ['/node_modules/'];
export const DEFAULT_EXTENSIONS = ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'json', 'node'];

export type TestFileMatcher = (absolutePath: string) => boolean;

const toPosix = (p: string) => p.split('\\').join('/');

/** The project's rootDir: the config's (relative to the config's folder) or the folder itself. */
export function rootDirOf(dir: string, config: StaticJestConfig): string {
  if (!config.rootDir) return dir;
  return isAbsolute(config.rootDir) ? config.rootDir : resolve(dir, config.rootDir);
}

export function replaceRootDir(pattern: string, rootDir: string): string {
  return pattern.split('<rootDir>').join(toPosix(rootDir));
}

/** The absolute folders Jest searches for tests. */
export function rootsOf(dir: string, config: StaticJestConfig): string[] {
  const rootDir = rootDirOf(dir, config);
  return (config.roots ?? ['<rootDir>']).map((r) => {
    const replaced = replaceRootDir(r, rootDir);
    return toPosix(isAbsolute(replaced) ? replaced : join(rootDir, replaced));
  });
}

export function createTestFileMatcher(dir: string, config: StaticJestConfig): TestFileMatcher {
  const rootDir = rootDirOf(dir, config);
  const roots = rootsOf(dir, config).map((r) => (r.endsWith('/') ? r : `${r}/`));
  const extensions = new Set(config.moduleFileExtensions ?? DEFAULT_EXTENSIONS);
  const ignores = (config.testPathIgnorePatterns ?? DEFAULT_IGNORE).map((p) => safeRegex(replaceRootDir(p, rootDir)));
  let isTest: (path: string) => boolean;
  if (config.testRegex && config.testRegex.length > 0) {
    const regexes = config.testRegex.map((p) => safeRegex(p));
    isTest = (path) => regexes.some((re) => re?.test(path) ?? false);
  } else {
    // As Jest does: a path is a test when it matches a positive glob and no negated one.
    const globs = (config.testMatch ?? DEFAULT_TEST_MATCH).map((g) => replaceRootDir(g, rootDir));
    const positive = globs.filter((g) => !g.startsWith('!'));
    const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
    const yes = positive.length > 0 ? picomatch(positive, { dot: true }) : () => false;
    const no = negative.length > 0 ? picomatch(negative, { dot: true }) : () => false;
    isTest = (path) => yes(path) && !no(path);
  }
  return (absolutePath) => {
    const path = toPosix(absolutePath);
    const dot = path.lastIndexOf('.');
    if (dot < 0 || !extensions.has(path.slice(dot + 1))) return false;
    if (!roots.some((r) => path.startsWith(r))) return false;
    if (ignores.some((re) => re?.test(path) ?? false)) return false;
    return isTest(path);
  };
}

/** A config's regex, or undefined when it is not valid JavaScript regex syntax (Jest would reject it too). */
function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}
