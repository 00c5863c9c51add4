// Pure parsers of the git output the gitflow engine reads: `git status --porcelain=v2 --branch -z`,
// `git for-each-ref` with a tab-separated format, `git config -z --get-regexp`, and `git push --porcelain`.
// Each is tested on literal strings.
import { CONFIG_KEYS, DEFAULT_PREFIXES, type FlowConfig, type FlowPrefixes, type PrefixKey } from './model';

export interface StatusSummary {
  /** The checked-out branch; undefined when HEAD is detached. */
  readonly branch?: string;
  /** The commit HEAD points at; undefined in a repository without commits. */
  readonly oid?: string;
  readonly detached: boolean;
  readonly upstream?: string;
  readonly ahead: number;
  readonly behind: number;
  /** Tracked paths with staged or unstaged changes (untracked files are not counted, as in AVH). */
  readonly changed: string[];
  /** Paths with unresolved merge conflicts. */
  readonly conflicted: string[];
}

/** Parses `git status --porcelain=v2 --branch -z` (NUL-separated records). */
export function parseStatusV2(text: string): StatusSummary {
  let branch: string | undefined;
  let oid: string | undefined;
  let detached = false;
  let upstream: string | undefined;
  let ahead = 0;
  let behind = 0;
  const changed: string[] = [];
  const conflicted: string[] = [];
  const records = text.split('\0');
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    if (rec.length === 0) continue;
    if (rec.startsWith('# ')) {
      const [key, ...rest] = rec.slice(2).split(' ');
      const value = rest.join(' ');
      if (key === 'branch.oid') oid = value === '(initial)' ? undefined : value;
      else if (key === 'branch.head') {
        if (value === '(detached)') detached = true;
        else branch = value;
      } else if (key === 'branch.upstream') upstream = value;
      else if (key === 'branch.ab') {
        const m = /^\+(\d+) -(\d+)$/.exec(value);
        if (m) {
          ahead = Number(m[1]);
          behind = Number(m[2]);
        }
      }
      continue;
    }
    const type = rec[0];
    if (type === '1') changed.push(field(rec, 8));
    else if (type === '2') {
      changed.push(field(rec, 9));
      i++; // the original path of a rename follows as its own record
    } else if (type === 'u') {
      const path = field(rec, 10);
      changed.push(path);
      conflicted.push(path);
    }
  }
  return { branch, oid, detached, upstream, ahead, behind, changed, conflicted };
}

/** The rest of a space-separated record from field `n` on (paths may contain spaces). */
function field(rec: string, n: number): string {
  let at = 0;
  for (let k = 0; k < n; k++) {
    at = rec.indexOf(' ', at) + 1;
    if (at === 0) return '';
  }
  return rec.slice(at);
}

export interface RefSnapshot {
  /** Local branches: short name → commit. */
  readonly heads: Map<string, string>;
  /** Remote-tracking branches: `origin/x` → commit (symbolic `origin/HEAD` left out). */
  readonly remotes: Map<string, string>;
  /** Tags: name → the commit it peels to. */
  readonly tags: Map<string, string>;
}

/** The format string that `parseRefs` reads. */
export const REF_FORMAT = '%(objectname)%09%(*objectname)%09%(refname)';

/** Parses `git for-each-ref --format=REF_FORMAT refs/heads refs/remotes refs/tags`. */
export function parseRefs(text: string): RefSnapshot {
  const heads = new Map<string, string>();
  const remotes = new Map<string, string>();
  const tags = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [object, peeled, ref] = line.split('\t');
    if (!object || ref === undefined) continue;
    if (ref.startsWith('refs/heads/')) heads.set(ref.slice(11), object);
    else if (ref.startsWith('refs/remotes/')) {
      if (!ref.endsWith('/HEAD')) remotes.set(ref.slice(13), object);
    } else if (ref.startsWith('refs/tags/')) tags.set(ref.slice(10), peeled || object);
  }
  return { heads, remotes, tags };
}

/**
 * Parses `git config -z --get-regexp …` ("key\nvalue\0" records). Section and key names come back
 * lower-cased by git; subsections (branch names) keep their case. A later value wins, as in `git config --get`.
 */
export function parseConfigZ(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rec of text.split('\0')) {
    if (!rec) continue;
    const nl = rec.indexOf('\n');
    if (nl === -1) out.set(rec, 'true'); // a key without a value is boolean true
    else out.set(rec.slice(0, nl), rec.slice(nl + 1));
  }
  return out;
}

/** Reads the gitflow settings out of a parsed config (as AVH would see them). */
export function flowConfigFrom(config: ReadonlyMap<string, string>): FlowConfig {
  const prefixes = { ...DEFAULT_PREFIXES } as FlowPrefixes;
  let hasPrefixes = false;
  for (const key of Object.keys(DEFAULT_PREFIXES) as PrefixKey[]) {
    const value = config.get(CONFIG_KEYS.prefix(key));
    if (value !== undefined) {
      prefixes[key] = value;
      hasPrefixes = true;
    }
  }
  const bases = new Map<string, string>();
  for (const [key, value] of config) {
    if (key.startsWith('gitflow.branch.') && key.endsWith('.base') && key.length > 'gitflow.branch..base'.length) {
      bases.set(key.slice('gitflow.branch.'.length, -'.base'.length), value);
    }
  }
  return {
    production: config.get(CONFIG_KEYS.production) || undefined,
    develop: config.get(CONFIG_KEYS.develop) || undefined,
    prefixes,
    origin: config.get(CONFIG_KEYS.origin) || 'origin',
    bases,
    hasPrefixes,
  };
}

export interface PushRefResult {
  readonly flag: string;
  readonly from: string;
  readonly to: string;
  readonly summary: string;
  /** True for a rejected or failed ref (`!`). */
  readonly rejected: boolean;
}

/** Parses `git push --porcelain` (stdout): one `flag\tfrom:to\tsummary` line per ref. */
export function parsePushPorcelain(text: string): PushRefResult[] {
  const out: PushRefResult[] = [];
  for (const line of text.split('\n')) {
    const m = /^([ +\-*=!])\t([^\t]*)\t(.*)$/.exec(line);
    if (!m) continue;
    const [from, to] = splitRefspec(m[2]!);
    out.push({ flag: m[1]!, from, to, summary: m[3]!, rejected: m[1] === '!' });
  }
  return out;
}

function splitRefspec(spec: string): [string, string] {
  const colon = spec.indexOf(':');
  return colon === -1 ? [spec, spec] : [spec.slice(0, colon), spec.slice(colon + 1)];
}
