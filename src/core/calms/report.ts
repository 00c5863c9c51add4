// The CALMS report: catalogue + evidence + the team's answers → items, pillar scores, overall score and
// history. The same JSON comes from `devops-lifecycle calms --json` and the devopsLifecycle.calms.open
// command, so dashboards and tests read one shape.
import type { ScanResult } from '../lifecycle/model';
import { CATALOGUE, type CalmsItem, PILLARS, type PillarId } from './catalogue';
import { CALMS_FILE, type Answer, type CalmsDocument, type Snapshot } from './document';
import { type EvidenceLink, type EvidenceStatus, evaluateEvidence, type ItemEvaluation } from './evaluate';
import { gatherFacts, type GatherOptions } from './facts';
import { computeScores, itemStatuses, type ItemStatus, type Scores } from './score';
import type { CalmsFileState } from './store';

export interface ReportItem {
  readonly id: string;
  readonly title: string;
  readonly why: string;
  /** `evidence`: the workspace can prove it; `manual`: the team answers it. */
  readonly kind: 'evidence' | 'manual';
  readonly done: boolean;
  readonly source: 'evidence' | 'answer' | null;
  readonly evidence?: { readonly status: EvidenceStatus; readonly links: readonly EvidenceLink[]; readonly reason?: string };
  readonly answer?: { readonly done: boolean; readonly note?: string; readonly by?: string; readonly at?: string };
}

export interface ReportPillar {
  readonly id: PillarId;
  readonly name: string;
  readonly score: number;
  readonly done: number;
  readonly total: number;
  readonly items: readonly ReportItem[];
}

export interface CalmsReport {
  readonly root: string;
  readonly file: { readonly path: string; readonly status: CalmsFileState['status']; readonly message?: string };
  readonly overall: number;
  readonly pillars: readonly ReportPillar[];
  readonly history: readonly Snapshot[];
}

/** The document whose answers count: none while the file cannot be used (it is reported instead). */
export function usableDocument(state: CalmsFileState): CalmsDocument | undefined {
  return state.status === 'ok' || state.status === 'missing' ? state.doc : undefined;
}

export function buildReport(
  root: string,
  evaluations: ReadonlyMap<string, ItemEvaluation> | undefined,
  state: CalmsFileState,
  catalogue: readonly CalmsItem[] = CATALOGUE,
): CalmsReport {
  const doc = usableDocument(state);
  const statuses = itemStatuses(evaluations, doc?.answers ?? {}, catalogue);
  const scores = computeScores(statuses);
  return {
    root,
    file: { path: CALMS_FILE, status: state.status, ...(state.status === 'invalid' || state.status === 'future' ? { message: state.message } : {}) },
    overall: scores.overall,
    pillars: pillarsOf(statuses, scores),
    history: doc?.history ?? [],
  };
}

function pillarsOf(statuses: readonly ItemStatus[], scores: Scores): ReportPillar[] {
  return PILLARS.map((p) => ({
    id: p.id,
    name: p.name,
    ...scores.pillars[p.id],
    items: statuses.filter((s) => s.item.pillar === p.id).map(reportItem),
  }));
}

function reportItem(s: ItemStatus): ReportItem {
  return {
    id: s.item.id,
    title: s.item.title,
    why: s.item.why,
    kind: s.item.evidence ? 'evidence' : 'manual',
    done: s.done,
    source: s.source ?? null,
    ...(s.evaluation ? { evidence: { status: s.evaluation.status, links: s.evaluation.evidence, ...(s.evaluation.reason ? { reason: s.evaluation.reason } : {}) } } : {}),
    ...(s.answer ? { answer: plainAnswer(s.answer) } : {}),
  };
}

function plainAnswer(a: Answer): ReportItem['answer'] {
  return { done: a.done, ...(a.note !== undefined ? { note: a.note } : {}), ...(a.by !== undefined ? { by: a.by } : {}), ...(a.at !== undefined ? { at: a.at } : {}) };
}

/** Gathers the facts for `root` and evaluates every evidence item. */
export async function evaluateFolder(root: string, scan: ScanResult, options: GatherOptions, now: Date = new Date()): Promise<Map<string, ItemEvaluation>> {
  const facts = await gatherFacts(root, scan, options);
  return evaluateEvidence(facts, now, options.catalogue);
}
