// Finds a folder's Jest projects and their test files without running Jest: the folder itself and the
// packages of its npm/yarn/pnpm workspaces (package.json `workspaces`, pnpm-workspace.yaml, lerna.json),
// each a project when its package.json depends on jest or configures it, its test script runs jest, or
// a jest.config.* sits in it. Test files come from each project's static config (see staticConfig.ts)
// or Jest's defaults; a file belongs to the innermost project that contains it.
import { promises as fs } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import { isRecord } from '../values';
import type { DiscoveredProject, Discovery, JestProject, StaticJestConfig } from './model';
import { configFromJson, configFromSource, JEST_CONFIG_FILES } from './staticConfig';
import { createTestFileMatcher, replaceRootDir, rootDirOf, type TestFileMatcher } from './testFileMatcher';
import { listWorkspaceFiles } from './workspaceFiles';

export interface DiscoveryOptions {
  readonly signal?: AbortSignal;
  /** Files of the folder (relative, forward slashes) when the caller already has them. */
  readonly files?: readonly string[];
}

type PackageJson = Record<string, unknown> & {
  name?: unknown;
  workspaces?: unknown;
  jest?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
};

const JEST_PACKAGES = ['jest', '@jest/core', 'jest-cli'];

export async function discoverJestProjects(folder: string, options: DiscoveryOptions = {}): Promise<Discovery> {
  const root = resolve(folder);
  const started = performance.now();
  const files = options.files ?? (await listWorkspaceFiles(root, { signal: options.signal }));
  const fileSet = new Set(files);
  const notes: string[] = [];
  const skipped: { dir: string; reason: string }[] = [];

  const rootPkg = await readPackageJson(join(root, 'package.json'), notes, 'package.json');
  const globs = [...workspaceGlobs(rootPkg), ...(await pnpmGlobs(root, fileSet, notes)), ...(await lernaGlobs(root, fileSet))];
  const packageDirs = globs.length === 0 ? [] : matchWorkspaceDirs(files, globs);

  const projects: { project: JestProject; matcher: TestFileMatcher; owns: (rel: string) => boolean }[] = [];
  for (const dir of ['.', ...packageDirs]) {
    const pkg = dir === '.' ? rootPkg : await readPackageJson(join(root, dir, 'package.json'), notes, `${dir}/package.json`);
    const found = await projectAt(root, dir, pkg, fileSet, notes);
    if (!found) {
      if (dir !== '.') skipped.push({ dir, reason: 'no jest dependency, jest config or jest test script' });
      continue;
    }
    projects.push(found);
  }

  // Innermost project first, so a package's files are its own and not the root's.
  const byDepth = [...projects].sort((a, b) => depth(b.project.id) - depth(a.project.id));
  const owned = new Map<string, string[]>(projects.map((p) => [p.project.id, []]));
  for (const rel of files) {
    if (!/\.[cm]?[jt]sx?$/.test(rel)) continue;
    const owner = byDepth.find((p) => p.owns(rel));
    if (owner && owner.matcher(join(root, rel))) owned.get(owner.project.id)!.push(join(root, rel));
  }

  const result: DiscoveredProject[] = [];
  for (const p of projects) {
    const testFiles = owned.get(p.project.id)!;
    // A monorepo root that only hoists jest for its packages is not a project of its own.
    if (p.project.id === '.' && testFiles.length === 0 && projects.length > 1) continue;
    result.push({ ...p.project, testFiles });
  }
  return { root, projects: result, skipped, notes, durationMs: Math.round(performance.now() - started) };
}

function depth(id: string): number {
  return id === '.' ? 0 : id.split('/').length;
}

async function projectAt(
  root: string,
  dir: string,
  pkg: PackageJson | undefined,
  fileSet: ReadonlySet<string>,
  notes: string[],
): Promise<{ project: JestProject; matcher: TestFileMatcher; owns: (rel: string) => boolean } | undefined> {
  const rel = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
  const configName = JEST_CONFIG_FILES.find((name) => fileSet.has(rel(name)));
  const reason = configName
    ? configName
    : pkg && 'jest' in pkg
      ? 'package.json "jest"'
      : pkg && hasJestDependency(pkg)
        ? 'jest dependency'
        : pkg && typeof pkg.scripts?.test === 'string' && /(^|[\s;&|(/])jest(\s|$)/.test(pkg.scripts.test)
          ? 'test script runs jest'
          : undefined;
  if (!reason) return undefined;
  const absDir = dir === '.' ? root : join(root, dir);
  const config = configName
    ? await readConfigFile(join(absDir, configName), configName, notes, rel(configName))
    : configFromJson(pkg?.jest);
  if (config.dynamicKeys.length > 0) {
    notes.push(`${rel(configName ?? 'package.json')}: ${config.dynamicKeys.join(', ')} could not be read without running the config; Jest's defaults are used for discovery (runs use the real config).`);
  }
  const name = typeof pkg?.name === 'string' && pkg.name ? pkg.name : basename(absDir);
  const project: JestProject = { id: dir, name, dir: absDir, configFile: configName ?? (pkg?.jest ? 'package.json' : undefined), config, reason };
  const matcher = await projectMatcher(root, absDir, config, fileSet, notes);
  const prefix = dir === '.' ? '' : `${dir}/`;
  return { project, matcher, owns: (file) => file.startsWith(prefix) };
}

/** A project's matcher; a root config with `projects` matches each listed folder with that folder's own config. */
async function projectMatcher(root: string, absDir: string, config: StaticJestConfig, fileSet: ReadonlySet<string>, notes: string[]): Promise<TestFileMatcher> {
  if (!config.projects || config.projects.length === 0) return createTestFileMatcher(absDir, config);
  const rootDir = rootDirOf(absDir, config);
  const dirs = new Set<string>();
  for (const entry of config.projects) {
    const pattern = posix.normalize(replaceRootDir(entry, rootDir));
    const relPattern = posix.relative(root.split('\\').join('/'), pattern) || '.';
    const isMatch = picomatch(relPattern);
    for (const f of fileSet) {
      const d = posix.dirname(f);
      if (isMatch(d) || relPattern === d) dirs.add(d);
    }
    if (!/[*?{[]/.test(relPattern)) dirs.add(relPattern);
  }
  const matchers: TestFileMatcher[] = [];
  for (const d of dirs) {
    const rel = (name: string) => (d === '.' ? name : `${d}/${name}`);
    const configName = JEST_CONFIG_FILES.find((name) => fileSet.has(rel(name)));
    const abs = join(root, d);
    const sub = configName
      ? await readConfigFile(join(abs, configName), configName, notes, rel(configName))
      : configFromJson((await readPackageJson(join(abs, 'package.json'), notes, rel('package.json')))?.jest);
    matchers.push(createTestFileMatcher(abs, sub));
  }
  return (path) => matchers.some((m) => m(path));
}

async function readConfigFile(path: string, name: string, notes: string[], display: string): Promise<StaticJestConfig> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    notes.push(`${display}: could not be read (${(e as Error).message})`);
    return { dynamicKeys: [] };
  }
  if (name.endsWith('.json')) {
    try {
      return configFromJson(JSON.parse(text));
    } catch (e) {
      notes.push(`${display} is not valid JSON (${(e as Error).message}); Jest's defaults are used for discovery.`);
      return { dynamicKeys: [] };
    }
  }
  return configFromSource(text, name);
}

function hasJestDependency(pkg: PackageJson): boolean {
  return [pkg.dependencies, pkg.devDependencies].some((deps) => typeof deps === 'object' && deps !== null && JEST_PACKAGES.some((n) => n in deps));
}

async function readPackageJson(path: string, notes: string[], display: string): Promise<PackageJson | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as unknown;
    return isRecord(value) ? (value as PackageJson) : undefined;
  } catch (e) {
    notes.push(`${display} is not valid JSON (${(e as Error).message}).`);
    return undefined;
  }
}

function workspaceGlobs(pkg: PackageJson | undefined): string[] {
  const ws = pkg?.workspaces;
  const list = Array.isArray(ws) ? ws : typeof ws === 'object' && ws !== null ? (ws as { packages?: unknown }).packages : undefined;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : [];
}

async function pnpmGlobs(root: string, fileSet: ReadonlySet<string>, notes: string[]): Promise<string[]> {
  if (!fileSet.has('pnpm-workspace.yaml')) return [];
  try {
    const doc = parseYaml(await fs.readFile(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: unknown } | null;
    return Array.isArray(doc?.packages) ? doc.packages.filter((g): g is string => typeof g === 'string') : [];
  } catch (e) {
    notes.push(`pnpm-workspace.yaml could not be read (${(e as Error).message}).`);
    return [];
  }
}

async function lernaGlobs(root: string, fileSet: ReadonlySet<string>): Promise<string[]> {
  if (!fileSet.has('lerna.json')) return [];
  try {
    const doc = JSON.parse(await fs.readFile(join(root, 'lerna.json'), 'utf8')) as { packages?: unknown };
    return Array.isArray(doc.packages) ? doc.packages.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}

/** Folders holding a package.json that the workspace globs select (`!` globs exclude). */
function matchWorkspaceDirs(files: readonly string[], globs: readonly string[]): string[] {
  const clean = (g: string) => g.replace(/^\.\//, '').replace(/\/+$/, '');
  const yes = picomatch(globs.filter((g) => !g.startsWith('!')).map(clean));
  const negatives = globs.filter((g) => g.startsWith('!')).map((g) => clean(g.slice(1)));
  const no = negatives.length > 0 ? picomatch(negatives) : () => false;
  const dirs: string[] = [];
  for (const f of files) {
    if (!f.endsWith('/package.json')) continue;
    const d = f.slice(0, -'/package.json'.length);
    if (yes(d) && !no(d)) dirs.push(d);
  }
  return dirs.sort();
}
