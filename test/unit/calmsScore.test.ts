// Scoring (items done by evidence or by answer, pillar shares, overall as the mean of pillars), the
// history (at most one snapshot per day), and the answer changes that record today's score.
import * as assert from 'node:assert/strict';
import { CATALOGUE, itemsOf, PILLARS } from '../../src/core/calms/catalogue';
import { applyAnswer, recordSnapshot } from '../../src/core/calms/changes';
import { type Answer, type CalmsDocument, emptyDocument, MAX_NOTE_LENGTH, type Snapshot } from '../../src/core/calms/document';
import type { ItemEvaluation } from '../../src/core/calms/evaluate';
import { computeScores, itemStatuses, localDay, withSnapshot } from '../../src/core/calms/score';

const met = (path: string): ItemEvaluation => ({ status: 'met', evidence: [{ path }] });
const unmet: ItemEvaluation = { status: 'unmet', evidence: [], reason: 'Not found: x.' };

/** Every evidence item unmet, except those given. */
function evaluations(metIds: string[] = []): Map<string, ItemEvaluation> {
  return new Map(CATALOGUE.filter((i) => i.evidence).map((i) => [i.id, metIds.includes(i.id) ? met('x') : unmet]));
}

describe('CALMS scoring', () => {
  it('an item is done by evidence, or by the team’s tick; evidence wins over an untick', () => {
    const answers: Record<string, Answer> = {
      'culture.retrospectives': { done: true },
      'automation.ci': { done: false, note: 'the pipeline lives in another repository' },
      'culture.oncall': { done: false },
    };
    const statuses = itemStatuses(evaluations(['automation.ci']), answers);
    const by = (id: string) => statuses.find((s) => s.item.id === id)!;
    assert.deepEqual([by('automation.ci').done, by('automation.ci').source], [true, 'evidence']);
    assert.deepEqual([by('culture.retrospectives').done, by('culture.retrospectives').source], [true, 'answer']);
    assert.deepEqual([by('culture.oncall').done, by('culture.oncall').source], [false, undefined]);
    assert.equal(by('automation.ci').answer?.note, 'the pipeline lives in another repository');
  });

  it('an evidence item without proof can be ticked by hand (the practice lives elsewhere)', () => {
    const statuses = itemStatuses(evaluations(), { 'automation.ci': { done: true } });
    const ci = statuses.find((s) => s.item.id === 'automation.ci')!;
    assert.deepEqual([ci.done, ci.source], [true, 'answer']);
  });

  it('scores each pillar by the share of its items done, and overall as the mean of the pillars', () => {
    const none = computeScores(itemStatuses(evaluations(), {}));
    assert.equal(none.overall, 0);
    for (const p of PILLARS) assert.deepEqual(none.pillars[p.id], { done: 0, total: itemsOf(p.id).length, score: 0 });

    // All of Culture ticked: Culture 100%, the others 0% → overall 20% however many items Culture has.
    const culture = Object.fromEntries(itemsOf('culture').map((i) => [i.id, { done: true }]));
    const scores = computeScores(itemStatuses(evaluations(), culture));
    assert.equal(scores.pillars.culture.score, 100);
    assert.equal(scores.overall, 20);

    // Two of Automation's eight proven: 25%; the overall is 5%.
    const two = computeScores(itemStatuses(evaluations(['automation.ci', 'automation.iac']), {}));
    assert.deepEqual(two.pillars.automation, { done: 2, total: itemsOf('automation').length, score: Math.round((2 / itemsOf('automation').length) * 100) });
    assert.equal(two.overall, Math.round((2 / itemsOf('automation').length / 5) * 100));
  });

  it('answers for unknown item ids do not count, and inherited names are not answers', () => {
    const answers = JSON.parse('{"nope.item": {"done": true}, "constructor": {"done": true}}') as Record<string, Answer>;
    assert.equal(computeScores(itemStatuses(evaluations(), answers)).overall, 0);
    const empty = itemStatuses(evaluations(), {});
    assert.ok(empty.every((s) => s.answer === undefined));
  });

  it('keeps at most one snapshot per day, replacing the day’s earlier one, oldest first', () => {
    const s = (date: string, overall: number): Snapshot => ({ date, overall, pillars: { culture: overall } });
    let h: Snapshot[] = [];
    h = withSnapshot(h, s('2025-01-02', 10));
    h = withSnapshot(h, s('2025-01-01', 5));
    h = withSnapshot(h, s('2025-01-02', 30));
    assert.deepEqual(h.map((x) => [x.date, x.overall]), [['2025-01-01', 5], ['2025-01-02', 30]]);
    // A merge of two branches' histories may leave the same day twice: the next snapshot collapses it.
    const merged = [s('2025-01-01', 5), s('2025-01-03', 1), s('2025-01-03', 2)];
    assert.deepEqual(withSnapshot(merged, s('2025-01-04', 9)).map((x) => x.date), ['2025-01-01', '2025-01-03', '2025-01-04']);
  });

  it('uses the local calendar day', () => {
    const d = new Date(2025, 0, 31, 23, 59); // local time
    assert.equal(localDay(d), '2025-01-31');
  });
});

describe('CALMS answer changes', () => {
  const now = new Date(2025, 4, 6, 10, 30);
  const e = evaluations(['automation.ci']);

  it('ticks an item with who and when, and records today’s snapshot', () => {
    const doc = applyAnswer(emptyDocument(), { itemId: 'culture.retrospectives', done: true, note: '  every other Friday  ' }, 'Ada Lovelace', now, e);
    assert.deepEqual(doc.answers['culture.retrospectives'], { done: true, note: 'every other Friday', by: 'Ada Lovelace', at: now.toISOString() });
    assert.equal(doc.history.length, 1);
    assert.equal(doc.history[0]!.date, localDay(now));
    const expected = computeScores(itemStatuses(e, doc.answers));
    assert.equal(doc.history[0]!.overall, expected.overall);
    assert.equal(doc.history[0]!.pillars.culture, expected.pillars.culture.score);
  });

  it('keeps the note when a tick changes without one, removes it when emptied, and keeps unknown fields', () => {
    let doc: CalmsDocument = { ...emptyDocument(), answers: { 'lean.wip-limits': { done: true, note: 'WIP 3', ticket: 'OPS-12' } } };
    doc = applyAnswer(doc, { itemId: 'lean.wip-limits', done: false }, 'Grace', now, e);
    assert.deepEqual(doc.answers['lean.wip-limits'], { done: false, note: 'WIP 3', ticket: 'OPS-12', by: 'Grace', at: now.toISOString() });
    doc = applyAnswer(doc, { itemId: 'lean.wip-limits', done: false, note: '' }, 'Grace', now, e);
    assert.equal(doc.answers['lean.wip-limits']!.note, undefined);
  });

  it('a second change the same day replaces that day’s snapshot', () => {
    let doc = applyAnswer(emptyDocument(), { itemId: 'culture.review', done: true }, 'A', now, e);
    doc = applyAnswer(doc, { itemId: 'culture.oncall', done: true }, 'A', new Date(now.getTime() + 3600_000), e);
    assert.equal(doc.history.length, 1);
    assert.equal(doc.history[0]!.pillars.culture, Math.round((2 / itemsOf('culture').length) * 100));
    const tomorrow = new Date(now.getTime() + 24 * 3600_000);
    doc = recordSnapshot(doc, tomorrow, e);
    assert.deepEqual(doc.history.map((h) => h.date), [localDay(now), localDay(tomorrow)]);
  });

  it('refuses an unknown item and an oversized note', () => {
    assert.throws(() => applyAnswer(emptyDocument(), { itemId: 'culture.nope', done: true }, 'A', now, e), /no CALMS item "culture.nope"/);
    assert.throws(() => applyAnswer(emptyDocument(), { itemId: 'culture.review', done: true, note: 'x'.repeat(MAX_NOTE_LENGTH + 1) }, 'A', now, e), /at most 2000 characters/);
  });

  it('keeps answers of items this version does not know', () => {
    const doc = applyAnswer({ ...emptyDocument(), answers: { 'future.item': { done: true } } }, { itemId: 'culture.review', done: true }, 'A', now, e);
    assert.deepEqual(doc.answers['future.item'], { done: true });
  });
});
