// The changes a team makes to .devops/calms.json, as pure functions of the document: answer an item
// (tick, untick, note), and record today's score. Each answer also records today's snapshot, so the
// history follows the answers without anyone remembering to record it.
import { CATALOGUE, type CalmsItem, itemById } from './catalogue';
import { type Answer, CALMS_SCHEMA_VERSION, type CalmsDocument, MAX_NOTE_LENGTH } from './document';
import type { ItemEvaluation } from './evaluate';
import { answerFor, computeScores, itemStatuses, localDay, snapshotOf, withSnapshot } from './score';

export interface AnswerChange {
  readonly itemId: string;
  readonly done: boolean;
  /** The note to keep: undefined leaves the current note, '' removes it. */
  readonly note?: string;
}

export function applyAnswer(
  doc: CalmsDocument,
  change: AnswerChange,
  who: string,
  now: Date,
  evaluations: ReadonlyMap<string, ItemEvaluation>,
  catalogue: readonly CalmsItem[] = CATALOGUE,
): CalmsDocument {
  if (!(catalogue === CATALOGUE ? itemById(change.itemId) : catalogue.find((i) => i.id === change.itemId))) {
    throw new Error(`There is no CALMS item "${change.itemId.slice(0, 80)}".`);
  }
  if (change.note !== undefined && change.note.length > MAX_NOTE_LENGTH) throw new Error(`A note can have at most ${MAX_NOTE_LENGTH} characters.`);
  const previous = answerFor(doc.answers, change.itemId);
  const { note: oldNote, ...rest } = previous ?? { done: false };
  const note = change.note === undefined ? oldNote : change.note.trim();
  const answer: Answer = { ...rest, done: change.done, ...(typeof note === 'string' && note !== '' ? { note } : {}), by: who, at: now.toISOString() };
  const answers = Object.fromEntries([...Object.entries(doc.answers).filter(([id]) => id !== change.itemId), [change.itemId, answer]]);
  return recordSnapshot({ ...doc, version: CALMS_SCHEMA_VERSION, answers }, now, evaluations, catalogue);
}

/** The document with today's score recorded (replacing an earlier snapshot of the same day). */
export function recordSnapshot(
  doc: CalmsDocument,
  now: Date,
  evaluations: ReadonlyMap<string, ItemEvaluation>,
  catalogue: readonly CalmsItem[] = CATALOGUE,
): CalmsDocument {
  const scores = computeScores(itemStatuses(evaluations, doc.answers, catalogue));
  return { ...doc, version: CALMS_SCHEMA_VERSION, history: withSnapshot(doc.history, snapshotOf(scores, localDay(now))) };
}
