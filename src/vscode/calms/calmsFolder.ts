// One workspace folder's CALMS checklist, live: the evidence (re-evaluated when the lifecycle scan or
// any file changes, debounced), the team's answers in .devops/calms.json (reloaded when the file changes
// on disk, e.g. after a `git pull`), and the actions that change the file. Lives as long as its panel.
import { relative } from 'node:path';
import * as vscode from 'vscode';
import { CATALOGUE, itemById, PILLARS } from '../../core/calms/catalogue';
import { type AnswerChange, applyAnswer, recordSnapshot } from '../../core/calms/changes';
import { type CalmsDocument, emptyDocument, serializeCalms } from '../../core/calms/document';
import { evaluateEvidence, type ItemEvaluation } from '../../core/calms/evaluate';
import { gatherFacts, type GitFacts } from '../../core/calms/facts';
import { whoAmI } from '../../core/calms/identity';
import { buildReport, type CalmsReport, usableDocument } from '../../core/calms/report';
import { localDay } from '../../core/calms/score';
import { type CalmsFileState, CalmsStore } from '../../core/calms/store';
import type { Logger } from '../../core/process';
import type { ViewState } from '../../webview/protocol';
import { Config } from '../config';
import type { FolderLifecycle } from '../folderLifecycle';

/** Evidence is re-checked this long after the last file event (a checkout fires many at once). */
const EVALUATE_DEBOUNCE_MS = 400;
const RELOAD_DEBOUNCE_MS = 50;
const CALMS_REL = '.devops/calms.json';

export class CalmsFolder implements vscode.Disposable {
  readonly store: CalmsStore;
  private evaluations: ReadonlyMap<string, ItemEvaluation> | undefined;
  /** The last git facts, so an unmoved HEAD does not pay for its diffstat again. */
  private gitFacts: GitFacts | undefined;
  private file: CalmsFileState | undefined;
  private evaluating = false;
  private running: Promise<void> | undefined;
  private again = false;
  private evaluateTimer: NodeJS.Timeout | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private identity: { trusted: boolean; name: Promise<string> } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private disposed = false;

  constructor(
    readonly lifecycle: FolderLifecycle,
    private readonly log: Logger,
  ) {
    this.store = new CalmsStore(this.root);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(lifecycle.folder, '**/*'));
    const onEvent = (uri: vscode.Uri) => this.onFileEvent(uri);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(onEvent),
      watcher.onDidChange(onEvent),
      watcher.onDidDelete(onEvent),
      lifecycle.onDidChange(() => this.scheduleEvaluation()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.identity = undefined;
        this.scheduleEvaluation(0);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affectsScan(e, lifecycle.folder.uri)) this.scheduleEvaluation();
      }),
    );
  }

  get root(): string {
    return this.lifecycle.folder.uri.fsPath;
  }

  /** Resolves once the file is loaded and the evidence evaluated at least once. */
  async ready(): Promise<void> {
    await Promise.all([this.file ? undefined : this.reloadFile(), this.evaluations ? undefined : this.evaluate()]);
  }

  report(): CalmsReport {
    return buildReport(this.root, this.evaluations, this.file ?? { status: 'missing', doc: emptyDocument() });
  }

  /** The workspace files the view links to: the only paths the webview may ask to open. */
  evidencePaths(): Set<string> {
    const paths = new Set<string>();
    for (const e of this.evaluations?.values() ?? []) for (const l of e.evidence) if (l.path) paths.add(l.path);
    return paths;
  }

  viewState(): ViewState {
    const report = this.report();
    const doc = this.file && usableDocument(this.file);
    const summary = new Map(PILLARS.map((p) => [p.id, p.summary] as const));
    return {
      folderName: this.lifecycle.folder.name,
      folderPath: this.root,
      trusted: vscode.workspace.isTrusted,
      evaluating: this.evaluating || this.evaluations === undefined,
      file: report.file,
      editable: report.file.status === 'ok' || report.file.status === 'missing',
      overall: report.overall,
      history: report.history,
      today: localDay(new Date()),
      pillars: report.pillars.map((p) => ({
        id: p.id,
        name: p.name,
        summary: summary.get(p.id) ?? '',
        score: p.score,
        done: p.done,
        total: p.total,
        items: p.items.map((i) => ({
          id: i.id,
          title: i.title,
          why: i.why,
          kind: i.kind,
          status: i.kind === 'manual' ? 'manual' : (i.evidence?.status ?? 'pending'),
          ...(i.evidence?.reason ? { reason: i.evidence.reason } : {}),
          evidence: i.evidence?.links ?? [],
          done: i.done,
          source: i.source,
          ...(i.answer ? { answer: i.answer } : {}),
        })),
      })),
      otherAnswers: Object.entries(doc?.answers ?? {})
        .filter(([id]) => !itemById(id))
        .map(([id, a]) => ({ id, done: a.done, note: typeof a.note === 'string' ? a.note : undefined, by: a.by, at: a.at })),
    };
  }

  async setAnswer(change: AnswerChange): Promise<void> {
    if (!itemById(change.itemId)) throw new Error(`There is no CALMS item "${change.itemId.slice(0, 80)}".`);
    const evaluations = await this.currentEvaluations();
    const who = await this.whoAmI();
    const doc = await this.save(() => this.store.update((d) => applyAnswer(d, change, who, new Date(), evaluations)));
    const answer = doc.answers[change.itemId];
    this.log.info(`[calms] ${change.itemId} ${change.done ? 'ticked' : 'unticked'} by ${who}${answer?.note ? ' (with a note)' : ''}`);
  }

  async recordScore(): Promise<void> {
    const evaluations = await this.currentEvaluations();
    const doc = await this.save(() => this.store.update((d) => recordSnapshot(d, new Date(), evaluations)));
    const last = doc.history[doc.history.length - 1];
    this.log.info(`[calms] recorded the score of ${last?.date}: ${last?.overall}%`);
  }

  /** Backs the file up and starts over; resolves with the backup's path, if there was a file. */
  async reset(): Promise<string | undefined> {
    const backup = await this.store.reset();
    this.log.warn(`[calms] ${CALMS_REL} started over${backup ? `; the previous file is kept as ${relative(this.root, backup)}` : ''}`);
    await this.reloadFile();
    return backup;
  }

  private async save(write: () => Promise<CalmsDocument>): Promise<CalmsDocument> {
    try {
      const doc = await write();
      this.setFile({ status: 'ok', doc, text: serializeCalms(doc) });
      return doc;
    } catch (e) {
      // The file may have turned corrupt underneath: show what is on disk now.
      await this.reloadFile();
      throw e;
    }
  }

  private async currentEvaluations(): Promise<ReadonlyMap<string, ItemEvaluation>> {
    if (!this.evaluations || this.running) await this.evaluate();
    return this.evaluations ?? new Map();
  }

  private whoAmI(): Promise<string> {
    const trusted = vscode.workspace.isTrusted;
    if (!this.identity || this.identity.trusted !== trusted) this.identity = { trusted, name: whoAmI(this.root, trusted) };
    return this.identity.name;
  }

  private onFileEvent(uri: vscode.Uri): void {
    const rel = relative(this.root, uri.fsPath).split('\\').join('/');
    if (rel.startsWith('..') || rel === '') return;
    if (rel === CALMS_REL || rel === '.devops') {
      this.scheduleReload();
      return;
    }
    // Our own temporary files, backups and git's internals are not evidence.
    if (rel.startsWith('.devops/.calms.json.') || rel.startsWith('.devops/calms.json.bak-') || rel === '.git' || rel.startsWith('.git/')) return;
    this.scheduleEvaluation();
  }

  private scheduleReload(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reloadFile(), RELOAD_DEBOUNCE_MS);
  }

  private scheduleEvaluation(delay = EVALUATE_DEBOUNCE_MS): void {
    if (this.evaluateTimer) clearTimeout(this.evaluateTimer);
    this.evaluateTimer = setTimeout(() => void this.evaluate(), delay);
  }

  private async reloadFile(): Promise<void> {
    try {
      this.setFile(await this.store.load());
    } catch (e) {
      this.log.error(`[calms] ${CALMS_REL}: ${(e as Error).message}`);
    }
  }

  private setFile(state: CalmsFileState): void {
    if (this.disposed) return;
    const key = (s: CalmsFileState | undefined) => (s ? `${s.status}\0${'text' in s ? s.text : 'message' in s ? s.message : ''}` : '');
    if (key(state) === key(this.file)) return;
    const before = this.file?.status;
    this.file = state;
    if ((state.status === 'invalid' || state.status === 'future') && before !== state.status) {
      this.log.warn(`[calms] ${CALMS_REL} cannot be used: ${state.message}. It is kept as it is; answers are read-only until it is fixed.`);
    }
    this.changed.fire();
  }

  /** Evaluates the evidence; concurrent requests share one run, and a request during a run runs once more after it. */
  private evaluate(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.evaluateOnce();
      } while (this.again && !this.disposed);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async evaluateOnce(): Promise<void> {
    if (this.disposed) return;
    if (this.evaluateTimer) clearTimeout(this.evaluateTimer);
    this.evaluating = true;
    const started = performance.now();
    try {
      const scan = await this.lifecycle.settled();
      const trusted = vscode.workspace.isTrusted;
      const config = new Config(this.lifecycle.folder.uri);
      // Restricted Mode: only file evidence; git (config can run programs) waits for trust.
      const facts = await gatherFacts(this.root, scan, { useGit: config.useGit && trusted, runGit: trusted, exclude: config.scanExclude, previousGit: this.gitFacts });
      this.gitFacts = facts.git;
      this.evaluations = evaluateEvidence(facts);
      const met = [...this.evaluations.values()].filter((e) => e.status === 'met').length;
      this.log.debug(`[calms] ${this.lifecycle.folder.name}: evidence for ${met}/${this.evaluations.size} items in ${(performance.now() - started).toFixed(0)} ms`);
    } catch (e) {
      const reason = `The workspace could not be checked: ${(e as Error).message}`;
      this.log.error(`[calms] ${reason}`);
      this.evaluations = new Map(CATALOGUE.filter((i) => i.evidence).map((i) => [i.id, { status: 'unknown', evidence: [], reason }]));
    } finally {
      this.evaluating = false;
    }
    if (!this.disposed) this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    if (this.evaluateTimer) clearTimeout(this.evaluateTimer);
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    for (const d of this.disposables) d.dispose();
  }
}
