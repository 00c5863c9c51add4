// Evaluates the catalogue's evidence rules against gathered workspace facts. Pure: the same facts and
// clock give the same answer, so every rule is tested on fixture workspaces and literal git output.
import type { Evidence } from '../lifecycle/model';
import { STAGES } from '../lifecycle/stages';
import { CATALOGUE, type CalmsItem, type EvidenceRule, type GitCheck } from './catalogue';
import type { BranchRef, WorkspaceFacts } from './facts';

/**
 * `met`: proof found (the item ticks itself). `unmet`: the rules ran and found nothing.
 * `unknown`: a rule could not run (git in Restricted Mode, no commits yet…); `reason` says why.
 */
export type EvidenceStatus = 'met' | 'unmet' | 'unknown';

/** A piece of proof: a file inside the folder (with line) that can be opened, or a fact with no file. */
export interface EvidenceLink {
  readonly path?: string;
  readonly line?: number;
  readonly detail?: string;
}

export interface ItemEvaluation {
  readonly status: EvidenceStatus;
  readonly evidence: readonly EvidenceLink[];
  /** For `unmet` and `unknown`: what was looked for, or what stopped the check. For `met` from git: the fact. */
  readonly reason?: string;
}

/** Unmerged branches older than this are long-lived. */
export const MAX_BRANCH_AGE_DAYS = 14;
/** The median commit of recent history may change at most this many lines. */
export const MAX_MEDIAN_CHANGE_LINES = 200;
/** Fewer commits than this say nothing about change size. */
export const MIN_COMMITS_FOR_SIZE = 5;
/** Evidence shown per item; the rest is counted. */
const MAX_LINKS = 20;

export function evaluateEvidence(facts: WorkspaceFacts, now: Date = new Date(), catalogue: readonly CalmsItem[] = CATALOGUE): Map<string, ItemEvaluation> {
  const out = new Map<string, ItemEvaluation>();
  for (const item of catalogue) {
    if (item.evidence) out.set(item.id, evaluateItem(item.evidence.rules, item.evidence.lookFor, facts, now));
  }
  return out;
}

function evaluateItem(rules: readonly EvidenceRule[], lookFor: string, facts: WorkspaceFacts, now: Date): ItemEvaluation {
  const links: EvidenceLink[] = [];
  const unknown: string[] = [];
  const gitNotes: string[] = [];
  for (const rule of rules) {
    const r = evaluateRule(rule, facts, now);
    if (r.kind === 'links') links.push(...r.links);
    else if (r.kind === 'unknown') unknown.push(r.reason);
    else if (r.kind === 'fact') {
      if (r.met) links.push({ detail: r.detail });
      else gitNotes.push(r.detail);
    }
  }
  const unique = dedupe(links);
  if (unique.length > 0) {
    const shown = unique.slice(0, MAX_LINKS);
    if (unique.length > MAX_LINKS) shown.push({ detail: `and ${unique.length - MAX_LINKS} more` });
    return { status: 'met', evidence: shown };
  }
  if (gitNotes.length > 0) return { status: 'unmet', evidence: [], reason: gitNotes.join(' ') };
  if (unknown.length > 0) return { status: 'unknown', evidence: [], reason: unknown.join(' ') };
  return { status: 'unmet', evidence: [], reason: `Not found: ${lookFor}.` };
}

type RuleOutcome =
  | { readonly kind: 'links'; readonly links: EvidenceLink[] }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'fact'; readonly met: boolean; readonly detail: string };

function evaluateRule(rule: EvidenceRule, facts: WorkspaceFacts, now: Date): RuleOutcome {
  switch (rule.kind) {
    case 'tools': {
      const wanted = new Set(rule.tools);
      return { kind: 'links', links: facts.scan.stages.flatMap((s) => s.tools.filter((t) => wanted.has(t.id)).flatMap((t) => toolLinks(t.name, t.locations))) };
    }
    case 'stage': {
      const stage = facts.scan.stages.find((s) => s.id === rule.stage);
      const name = STAGES.find((s) => s.id === rule.stage)?.name ?? rule.stage;
      return { kind: 'links', links: (stage?.tools ?? []).flatMap((t) => toolLinks(`${name}: ${t.name}`, t.locations)) };
    }
    case 'files':
      return { kind: 'links', links: facts.files.filter((f) => rule.pattern.test(f)).sort().map((path) => ({ path })) };
    case 'content': {
      const links: EvidenceLink[] = [];
      for (const [path, text] of [...facts.texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (!rule.files.test(path)) continue;
        const line = firstMatchingLine(text, rule.pattern);
        if (line !== undefined) links.push({ path, line: line.number, detail: line.text });
      }
      return { kind: 'links', links };
    }
    case 'git':
      if (!facts.git) return { kind: 'unknown', reason: 'Needs a trusted workspace: git is not run in Restricted Mode.' };
      return gitCheck(rule.check, facts, now);
  }
}

/** Evidence from the scan, limited to files inside the folder (the git directory of a parent repo is not a link). */
function toolLinks(label: string, locations: readonly Evidence[]): EvidenceLink[] {
  return locations
    .filter((l) => isInside(l.path))
    .map((l) => ({ path: l.path, line: l.line, detail: l.detail ? `${label} · ${l.detail}` : label }));
}

export function isInside(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !/^[a-zA-Z]:/.test(path) && !path.split(/[\\/]/).includes('..');
}

function firstMatchingLine(text: string, pattern: RegExp): { number: number; text: string } | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const before = text.slice(0, m.index);
  const number = before.split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
  const line = (text.split('\n')[number - 1] ?? '').trim();
  return { number, text: line.length > 80 ? `${line.slice(0, 77)}…` : line };
}

function dedupe(links: EvidenceLink[]): EvidenceLink[] {
  const seen = new Set<string>();
  return links.filter((l) => {
    const key = `${l.path ?? ''}:${l.line ?? ''}:${l.path ? '' : (l.detail ?? '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function gitCheck(check: GitCheck, facts: WorkspaceFacts, now: Date): RuleOutcome {
  const git = facts.git!;
  if (check === 'short-lived-branches') {
    if (!git.branches.ok) return { kind: 'unknown', reason: `Could not list branches: ${git.branches.reason}.` };
    const r = checkBranchAges(git.branches.value.unmerged, git.branches.value.longLived, git.branches.value.longLivedPrefixes, now);
    return { kind: 'fact', met: r.met, detail: r.detail };
  }
  if (!git.changeSizes.ok) return { kind: 'unknown', reason: `Could not read the history: ${git.changeSizes.reason}.` };
  const r = checkChangeSizes(git.changeSizes.value);
  return r.met === undefined ? { kind: 'unknown', reason: r.detail } : { kind: 'fact', met: r.met, detail: r.detail };
}

const DAY_S = 24 * 60 * 60;

export function checkBranchAges(
  unmerged: readonly BranchRef[],
  longLived: readonly string[],
  longLivedPrefixes: readonly string[],
  now: Date,
  maxAgeDays = MAX_BRANCH_AGE_DAYS,
): { met: boolean; detail: string } {
  const nowS = now.getTime() / 1000;
  const considered = unmerged.filter((b) => !longLived.includes(b.name) && !longLivedPrefixes.some((p) => b.name.startsWith(p)));
  const stale = considered
    .map((b) => ({ b, days: Math.floor((nowS - b.committedAt) / DAY_S) }))
    .filter((x) => x.days > maxAgeDays)
    .sort((a, b) => b.days - a.days);
  if (stale.length === 0) {
    const n = considered.length;
    return { met: true, detail: n === 0 ? 'No unmerged work branches: work is integrated.' : `${n} unmerged branch${n === 1 ? '' : 'es'}, each with a commit in the last ${maxAgeDays} days.` };
  }
  const listed = stale.slice(0, 5).map((x) => `${x.b.display} (${x.days} days)`).join(', ');
  return { met: false, detail: `${stale.length} unmerged branch${stale.length === 1 ? ' has' : 'es have'} had no commit for more than ${maxAgeDays} days: ${listed}${stale.length > 5 ? ', …' : ''}.` };
}

export function checkChangeSizes(sizes: readonly number[], maxMedian = MAX_MEDIAN_CHANGE_LINES): { met?: boolean; detail: string } {
  if (sizes.length < MIN_COMMITS_FOR_SIZE) {
    return { detail: `Only ${sizes.length} commit${sizes.length === 1 ? '' : 's'} so far: at least ${MIN_COMMITS_FOR_SIZE} are needed to judge change size.` };
  }
  const median = medianOf(sizes);
  const over = `the last ${sizes.length} commits`;
  return median <= maxMedian
    ? { met: true, detail: `The median commit changes ${median} lines over ${over}.` }
    : { met: false, detail: `The median commit changes ${median} lines over ${over} (aim for ${maxMedian} or fewer).` };
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
