// Scoring: an item is done when evidence proves it or the team ticked it. A pillar scores the share of
// its items that are done; the overall score is the mean of the five pillars, so each pillar weighs the
// same however many items it has. History keeps at most one snapshot per calendar day.
import { CATALOGUE, type CalmsItem, PILLARS, type PillarId } from './catalogue';
import type { Answer, Snapshot } from './document';
import type { ItemEvaluation } from './evaluate';

export interface ItemStatus {
  readonly item: CalmsItem;
  /** Undefined for manual items, and for evidence items not evaluated yet. */
  readonly evaluation?: ItemEvaluation;
  readonly answer?: Answer;
  readonly done: boolean;
  /** What made it done: proof in the workspace, or the team's answer. */
  readonly source?: 'evidence' | 'answer';
}

export interface PillarScore {
  readonly done: number;
  readonly total: number;
  /** 0–100, rounded. */
  readonly score: number;
}

export interface Scores {
  /** 0–100, rounded: the mean of the pillars' exact shares. */
  readonly overall: number;
  readonly pillars: Readonly<Record<PillarId, PillarScore>>;
}

/** Own answer for `id` (answers come from a file: never read inherited properties such as `constructor`). */
export function answerFor(answers: Readonly<Record<string, Answer>>, id: string): Answer | undefined {
  return Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined;
}

export function itemStatuses(
  evaluations: ReadonlyMap<string, ItemEvaluation> | undefined,
  answers: Readonly<Record<string, Answer>>,
  catalogue: readonly CalmsItem[] = CATALOGUE,
): ItemStatus[] {
  return catalogue.map((item) => {
    const evaluation = evaluations?.get(item.id);
    const answer = answerFor(answers, item.id);
    if (evaluation?.status === 'met') return { item, evaluation, answer, done: true, source: 'evidence' };
    if (answer?.done === true) return { item, evaluation, answer, done: true, source: 'answer' };
    return { item, evaluation, answer, done: false };
  });
}

export function computeScores(statuses: readonly ItemStatus[]): Scores {
  const pillars = {} as Record<PillarId, PillarScore>;
  let shareSum = 0;
  for (const p of PILLARS) {
    const items = statuses.filter((s) => s.item.pillar === p.id);
    const done = items.filter((s) => s.done).length;
    const share = items.length === 0 ? 0 : done / items.length;
    shareSum += share;
    pillars[p.id] = { done, total: items.length, score: Math.round(share * 100) };
  }
  return { overall: Math.round((shareSum / PILLARS.length) * 100), pillars };
}

/** The local calendar day of `d` as YYYY-MM-DD: a team's "today", not UTC's. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function snapshotOf(scores: Scores, day: string): Snapshot {
  return { date: day, overall: scores.overall, pillars: Object.fromEntries(PILLARS.map((p) => [p.id, scores.pillars[p.id].score])) };
}

/**
 * History with `snapshot` recorded: it replaces the snapshot of the same day (at most one per day; also
 * collapses duplicate days a merge may have left), and the result is sorted oldest first.
 */
export function withSnapshot(history: readonly Snapshot[], snapshot: Snapshot): Snapshot[] {
  const byDay = new Map<string, Snapshot>();
  for (const s of history) byDay.set(s.date, s);
  byDay.set(snapshot.date, { ...byDay.get(snapshot.date), ...snapshot });
  return [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
