// What a Docker build uses, and where each answer comes from: the request (command arguments or a
// tasks.json entry) first, then the Dockerfile's entry in `.devops/lifecycle.yml`, then the settings,
// then the defaults (context = the Dockerfile's folder, tag = `<folder>:latest` or the last one used).
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isRecord } from '../values';
import { suggestTag } from './imageReference';

/** One `docker.builds[]` entry of `.devops/lifecycle.yml` (paths relative to the workspace folder). */
export interface DockerBuildEntry {
  readonly dockerfile: string;
  readonly context?: string;
  readonly tag?: string;
  readonly target?: string;
  readonly network?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

export interface DockerLifecycleConfig {
  readonly builds: readonly DockerBuildEntry[];
  /** What was wrong with the file (it is still used as far as it makes sense). */
  readonly problems: readonly string[];
}

export const LIFECYCLE_FILE = '.devops/lifecycle.yml';

/** Reads the `docker:` section of `.devops/lifecycle.yml`; a missing file is an empty config. */
export function loadDockerConfig(root: string): DockerLifecycleConfig {
  const file = join(root, LIFECYCLE_FILE);
  if (!existsSync(file)) return { builds: [], problems: [] };
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    return { builds: [], problems: [`${LIFECYCLE_FILE} is not valid YAML (${firstLine((e as Error).message)}): its docker builds are ignored`] };
  }
  return parseDockerSection(doc);
}

/** The `docker:` section of an already parsed lifecycle.yml document. */
export function parseDockerSection(doc: unknown): DockerLifecycleConfig {
  const problems: string[] = [];
  const docker = isRecord(doc) ? doc.docker : undefined;
  if (docker === undefined || docker === null) return { builds: [], problems };
  if (!isRecord(docker)) return { builds: [], problems: [`${LIFECYCLE_FILE}: "docker" must be a mapping with a "builds" list`] };
  const list = docker.builds;
  if (list === undefined) return { builds: [], problems };
  if (!Array.isArray(list)) return { builds: [], problems: [`${LIFECYCLE_FILE}: docker.builds must be a list`] };
  const builds: DockerBuildEntry[] = [];
  list.forEach((raw: unknown, i) => {
    const where = `${LIFECYCLE_FILE}: docker.builds[${i}]`;
    if (!isRecord(raw) || typeof raw.dockerfile !== 'string' || raw.dockerfile.length === 0) {
      problems.push(`${where} needs a "dockerfile" path`);
      return;
    }
    const str = (key: string): string | undefined => {
      const v = raw[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'string' || typeof v === 'number') return String(v);
      problems.push(`${where}.${key} must be a string`);
      return undefined;
    };
    let buildArgs: Record<string, string> | undefined;
    if (raw.buildArgs !== undefined && raw.buildArgs !== null) {
      if (isRecord(raw.buildArgs)) buildArgs = stringRecord(raw.buildArgs);
      else problems.push(`${where}.buildArgs must be a mapping of NAME: value`);
    }
    builds.push({ dockerfile: raw.dockerfile, context: str('context'), tag: str('tag'), target: str('target'), network: str('network'), buildArgs });
  });
  return { builds, problems };
}

export type ContextDefault = 'dockerfileFolder' | 'workspaceFolder';

export interface BuildSettings {
  readonly context: ContextDefault;
  readonly buildArgs: Readonly<Record<string, string>>;
}

/** What a caller asks for: the answers a lifecycle.yml entry can give, plus the per-build switches. */
export interface BuildRequest extends DockerBuildEntry {
  /** Build every step again, ignoring the engine's cache (`--no-cache`). */
  readonly noCache?: boolean;
}

export type AnswerSource = 'request' | 'lifecycle.yml' | 'settings' | 'remembered' | 'default';

/** Everything `docker build` needs, with absolute paths. */
export interface DockerBuildPlan {
  readonly root: string;
  readonly dockerfile: string;
  readonly context: string;
  readonly tag: string;
  readonly target?: string;
  readonly network?: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Build every step again (`--no-cache`). */
  readonly noCache?: boolean;
  /** Where the context and tag came from (for the log and the "which context?" question). */
  readonly sources: { readonly context: AnswerSource; readonly tag: AnswerSource };
}

/**
 * Resolves a build's answers. `root` is the workspace folder; relative paths in the request and in
 * lifecycle.yml are relative to it. Build args merge: settings, then lifecycle.yml, then the request.
 */
export function resolveBuildPlan(
  root: string,
  request: BuildRequest,
  config: DockerLifecycleConfig,
  settings: BuildSettings,
  rememberedTag?: string,
): DockerBuildPlan {
  const dockerfile = resolve(root, request.dockerfile);
  const entry = findEntry(root, dockerfile, config);
  let context: string;
  let contextSource: AnswerSource;
  if (request.context) [context, contextSource] = [resolve(root, request.context), 'request'];
  else if (entry?.context) [context, contextSource] = [resolve(root, entry.context), 'lifecycle.yml'];
  else if (settings.context === 'workspaceFolder') [context, contextSource] = [root, 'settings'];
  else [context, contextSource] = [dirname(dockerfile), 'default'];
  let tag: string;
  let tagSource: AnswerSource;
  if (request.tag) [tag, tagSource] = [request.tag, 'request'];
  else if (rememberedTag) [tag, tagSource] = [rememberedTag, 'remembered'];
  else if (entry?.tag) [tag, tagSource] = [entry.tag, 'lifecycle.yml'];
  else [tag, tagSource] = [defaultTag(root, dockerfile), 'default'];
  return {
    root,
    dockerfile,
    context,
    tag,
    target: request.target || entry?.target || undefined,
    network: request.network || entry?.network || undefined,
    buildArgs: { ...settings.buildArgs, ...entry?.buildArgs, ...request.buildArgs },
    ...(request.noCache === true ? { noCache: true } : {}),
    sources: { context: contextSource, tag: tagSource },
  };
}

/** The lifecycle.yml entry for a Dockerfile, matched by its path relative to the folder. */
export function findEntry(root: string, dockerfile: string, config: DockerLifecycleConfig): DockerBuildEntry | undefined {
  const abs = isAbsolute(dockerfile) ? dockerfile : resolve(root, dockerfile);
  return config.builds.find((b) => resolve(root, b.dockerfile) === abs);
}

/**
 * `<folder>:latest`, where the folder is the Dockerfile's own folder, or the workspace folder's name
 * for a Dockerfile at its root.
 */
export function defaultTag(root: string, dockerfile: string): string {
  const dir = dirname(resolve(root, dockerfile));
  const name = relative(root, dir) === '' ? basename(root) : basename(dir);
  return suggestTag(name);
}

function stringRecord(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
