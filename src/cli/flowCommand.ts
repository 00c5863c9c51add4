// `devops-lifecycle flow [-C DIR] init|start|finish|status …`: gitflow from a terminal or a pipeline,
// through the same engine as the extension's commands. Each prints one summary line (or --json).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  abortFinish, DEFAULT_PREFIXES, finishFlow, FLOW_KINDS, Git, GitflowConflictError, initFlow, isFlowKind, listFiles,
  type FlowPrefixes, type PrefixKey, readFlowStatus, startFlow,
} from '../core/gitflow';
import type { Logger } from '../core/process';
import { type CliIo, UsageError } from './cli';

export const FLOW_USAGE = `  devops-lifecycle flow [-C DIR] init [--production B] [--develop B] [--prefix KIND=P]…
  devops-lifecycle flow [-C DIR] start <${FLOW_KINDS.join('|')}> <name> [--base B] [--stash]
  devops-lifecycle flow [-C DIR] finish [BRANCH] [--message M] [--keep] [--fetch] [--push] [--stash]
  devops-lifecycle flow [-C DIR] finish --abort
  devops-lifecycle flow [-C DIR] status
                                         gitflow in plain git (git-flow AVH config); --json prints the result`;

interface Parsed {
  readonly positional: string[];
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
}

/** Parses `args` against the options a subcommand takes: names that take a value, and bare flags. */
function parse(args: readonly string[], valued: readonly string[], flags: readonly string[], sub: string): Parsed {
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (valued.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`flow ${sub}: --${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (flags.includes(name) && eq === -1) seen.add(name);
    else throw new UsageError(`flow ${sub}: unknown option '${arg}'`);
  }
  return { positional, values, flags: seen };
}

const one = (p: Parsed, name: string) => p.values.get(name)?.at(-1);

/** Where changes an operation stashed are, for a summary line (they are never re-applied for the user). */
const stashNote = (stashed: string | undefined) => (stashed ? ` (your changes are stashed: "${stashed}")` : '');

export async function flowCommand(args: string[], io: CliIo): Promise<number> {
  let dir = io.cwd;
  let rest = args;
  while (rest[0] === '-C') {
    if (rest[1] === undefined) throw new UsageError('flow: -C needs a folder');
    dir = resolve(dir, rest[1]);
    rest = rest.slice(2);
  }
  const [sub, ...subArgs] = rest;
  if (sub !== undefined && !(await stat(dir).then((st) => st.isDirectory(), () => false))) throw new Error(`${dir} does not exist or is not a folder.`);
  const stderrLog: Logger = { debug() {}, info() {}, warn: (m) => io.stderr.write(`${m}\n`), error: (m) => io.stderr.write(`${m}\n`) };
  const git = new Git(dir, { log: stderrLog });
  const print = (json: boolean, result: unknown, line: string) => {
    io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${line}\n`);
    return 0;
  };

  switch (sub) {
    case 'init': {
      const p = parse(subArgs, ['production', 'develop', 'prefix'], ['json'], 'init');
      if (p.positional.length > 0) throw new UsageError(`flow init: unexpected '${p.positional[0]}'`);
      const prefixes: Partial<FlowPrefixes> = {};
      for (const spec of p.values.get('prefix') ?? []) {
        const eq = spec.indexOf('=');
        const key = spec.slice(0, eq === -1 ? undefined : eq);
        if (eq === -1 || !(key in DEFAULT_PREFIXES)) {
          throw new UsageError(`flow init: --prefix takes KIND=PREFIX with KIND one of ${Object.keys(DEFAULT_PREFIXES).join(', ')}`);
        }
        prefixes[key as PrefixKey] = spec.slice(eq + 1);
      }
      const r = await initFlow(git, { production: one(p, 'production'), develop: one(p, 'develop'), prefixes });
      return print(
        p.flags.has('json'),
        r,
        r.alreadyInitialised
          ? `gitflow is already initialised: production ${r.production}, development ${r.develop}`
          : `gitflow initialised: production ${r.production}, development ${r.develop}${r.createdDevelop ? ` (created ${r.develop})` : ''}`,
      );
    }
    case 'start': {
      const p = parse(subArgs, ['base'], ['stash', 'json'], 'start');
      const [kind, name, extra] = p.positional;
      if (!isFlowKind(kind)) throw new UsageError(`flow start: the kind must be one of ${FLOW_KINDS.join(', ')}${kind ? ` (not '${kind}')` : ''}`);
      if (name === undefined) throw new UsageError(`flow start ${kind}: give the branch name`);
      if (extra !== undefined) throw new UsageError(`flow start: unexpected '${extra}' (a name cannot contain spaces)`);
      const r = await startFlow(git, { kind, name, base: one(p, 'base'), stash: p.flags.has('stash') });
      return print(p.flags.has('json'), r, `started ${r.branch} from ${r.base}${stashNote(r.stashed)}`);
    }
    case 'finish': {
      const p = parse(subArgs, ['message'], ['keep', 'fetch', 'push', 'stash', 'abort', 'json'], 'finish');
      if (p.positional.length > 1) throw new UsageError(`flow finish: one branch at a time (got ${p.positional.join(', ')})`);
      if (p.flags.has('abort')) {
        if (p.positional.length > 0 || p.values.size > 0 || p.flags.size > (p.flags.has('json') ? 2 : 1)) throw new UsageError('flow finish --abort takes no other options');
        const r = await abortFinish(git);
        return print(p.flags.has('json'), r, `aborted the finish of ${r.branch}${r.restored.length ? `: restored ${r.restored.join(', ')}` : ''}${r.deletedTag ? `, deleted tag ${r.deletedTag}` : ''}; on ${r.current}${stashNote(r.stashed)}`);
      }
      try {
        const r = await finishFlow(
          git,
          {
            branch: p.positional[0],
            tagMessage: one(p, 'message'),
            keepBranch: p.flags.has('keep'),
            fetch: p.flags.has('fetch'),
            push: p.flags.has('push'),
            stash: p.flags.has('stash'),
          },
        );
        return print(
          p.flags.has('json'),
          r,
          `finished ${r.branch}: merged into ${r.mergedInto.join(', ')}${r.tag ? `, tagged ${r.tag}` : ''}${r.deleted ? ', branch deleted' : ''}${r.pushed ? `, pushed ${r.pushed.join(', ')}` : ''}; on ${r.current}${stashNote(r.stashed)}`,
        );
      } catch (e) {
        if (e instanceof GitflowConflictError) {
          throw new Error(`merging into ${e.into} stopped on conflicts in ${listFiles(e.files)}: resolve them, git add them, then run "devops-lifecycle flow finish" again, or "devops-lifecycle flow finish --abort"${stashNote(e.stashed)}`);
        }
        throw e;
      }
    }
    case 'status': {
      const p = parse(subArgs, [], ['json'], 'status');
      const s = await readFlowStatus(git);
      if (!s.isRepo) throw new Error(`${dir} is not in a git repository`);
      const head = s.detached ? `detached at ${s.sha?.slice(0, 7)}` : `${s.branch}${s.unborn ? ' (no commits yet)' : ''}`;
      const sync = s.upstream ? ` (${s.upstream}: ${s.ahead} ahead, ${s.behind} behind)` : '';
      const lines = [`on ${head}${sync}`, s.initialised ? `gitflow: production ${s.production}, development ${s.develop}` : 'gitflow: not initialised'];
      for (const b of s.branches) lines.push(`  ${b.current ? '*' : ' '} ${b.kind.padEnd(8)} ${b.branch} (from ${b.base})`);
      if (s.finish) lines.push(`finish of ${s.finish.branch} in progress${s.finish.conflicted.length ? `: conflicts in ${listFiles(s.finish.conflicted)}` : ''}`);
      return print(p.flags.has('json'), s, lines.join('\n'));
    }
    case undefined:
      throw new UsageError('flow: say init, start, finish or status');
    default:
      throw new UsageError(`flow: unknown subcommand '${sub}' (init, start, finish, status)`);
  }
}
