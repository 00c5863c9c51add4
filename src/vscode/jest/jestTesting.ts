// Projects Jest into VS Code's Testing API: one TestController (`devopsLifecycle.jest`) whose items —
// project → file → describe → test — come from static discovery (no Jest process) as soon as a folder
// opens, a file's blocks parsed when it is expanded, opened or edited. Runs (Test Explorer, the command,
// the Lifecycle tree) go through the project's own Jest and land in a TestRun; each folder keeps its last
// run for the tree, and every run reports to the build indicator.
import { promises as fs, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve as resolvePathFrom, sep } from 'node:path';
import * as vscode from 'vscode';
import { parseCoverage } from '../../core/jest/coverage';
import { resolveJestCommand, JestNotInstalledError } from '../../core/jest/jestCommand';
import { JestRunError, runJest, type JestRunOutcome, type JestRunRequest } from '../../core/jest/jestRunner';
import type { DiscoveredProject, Discovery, FileResult, ParsedTestFile, RunSummary, TestBlock, TestFailure } from '../../core/jest/model';
import { findBlockForResult } from '../../core/jest/namePattern';
import { discoverJestProjects } from '../../core/jest/projectDiscovery';
import { planRuns, type PlannedRun, type RunTarget } from '../../core/jest/runPlan';
import { parseTestFile } from '../../core/jest/testFileParser';
import type { Logger } from '../../core/process';
import { escapeRegExp } from '../../core/values';
import { Config } from '../config';
import type { FolderLifecycle } from '../folderLifecycle';
import type { WorkspaceLifecycle } from '../workspaceLifecycle';

/** The slice of the build indicator a Jest run reports to (src/core/buildIndicator.ts). */
export interface RunReporter {
  start(info: { source: string; label: string; output?: { kind: 'log' } }): {
    progress(detail: string): void;
    finish(outcome: 'passed' | 'failed' | 'cancelled', detail?: string): void;
  };
}

export interface JestTestingOptions {
  /** Defaults to VS Code's Workspace Trust; tests pass their own. */
  readonly isTrusted?: () => boolean;
  /** The Jest runner; tests may watch it (it is never replaced by a fake in the shipped extension). */
  readonly runner?: (req: JestRunRequest) => Promise<JestRunOutcome>;
  readonly controllerId?: string;
  readonly reporter?: RunReporter;
}

type ItemData =
  | { readonly kind: 'project'; readonly folder: JestFolder; readonly project: DiscoveredProject }
  | { readonly kind: 'file'; readonly folder: JestFolder; readonly project: DiscoveredProject; readonly file: string }
  | {
      readonly kind: 'block';
      readonly folder: JestFolder;
      readonly project: DiscoveredProject;
      readonly file: string;
      readonly block: TestBlock;
      readonly path: readonly TestBlock[];
    }
  | { readonly kind: 'reported'; readonly folder: JestFolder; readonly project: DiscoveredProject; readonly file: string; readonly fullName: string };

export interface CoverageSummary {
  readonly file: string;
  readonly statements: { readonly covered: number; readonly total: number };
}

export type ItemState = 'passed' | 'failed' | 'skipped' | 'errored';

/** A failure as the Lifecycle tree lists it (one click opens it). */
export interface FailureRow {
  readonly label: string;
  readonly uri: vscode.Uri;
  readonly line?: number;
  readonly message: string;
}

export interface LastRun extends RunSummary {
  readonly projects: readonly string[];
  readonly finishedAt: number;
  readonly failures: readonly FailureRow[];
  readonly cancelled: boolean;
  /** Each Jest process the run started: where, and with which arguments (for the log and for tests). */
  readonly invocations: readonly { readonly cwd: string; readonly argv: readonly string[] }[];
  /** Per-file statement coverage, when the run collected coverage. */
  readonly coverage?: readonly CoverageSummary[];
  /** Set when the run could not happen or broke (Jest missing, config error, crash). */
  readonly error?: { readonly kind: string; readonly message: string };
}

/** A plain copy of the controller's items with their last result, for tests and other extensions. */
export interface JestItemSnapshot {
  readonly id: string;
  readonly label: string;
  readonly kind: ItemData['kind'];
  readonly description?: string;
  /** 0-based start line, when the item has a range. */
  readonly line?: number;
  readonly state?: ItemState;
  readonly message?: string;
  readonly children: readonly JestItemSnapshot[];
}

export interface RunArgs {
  readonly folder?: string;
  readonly project?: string;
  readonly file?: string;
  readonly testName?: string;
  readonly coverage?: boolean;
}

const DEBOUNCE_MS = 300;
const TEST_SOURCE = /\.[cm]?[jt]sx?$/;

/** One workspace folder's Jest state: its discovery, parsed files and last run. */
export class JestFolder {
  discovery: Discovery | undefined;
  discovering: Promise<Discovery> | undefined;
  lastRun: LastRun | undefined;
  running = 0;
  /** Set once Jest was found missing here: the message is shown once per folder, not once per run. */
  warnedNotInstalled = false;
  readonly parsed = new Map<string, ParsedTestFile>();
  constructor(readonly lifecycle: FolderLifecycle) {}
  get folder(): vscode.WorkspaceFolder {
    return this.lifecycle.folder;
  }
  get root(): string {
    return this.folder.uri.fsPath;
  }
}

export class JestTesting implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly folders = new Map<string, JestFolder>();
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly states = new Map<string, { state: ItemState; message?: string }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<JestFolder | undefined>();
  /** Fires when a folder's discovery or last run changed (the Lifecycle tree re-reads it). */
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Runs in progress: ended on dispose, since Jest runs in its own process group and would outlive the extension host. */
  private readonly activeRuns = new Set<AbortController>();
  private readonly isTrusted: () => boolean;
  private readonly runner: (req: JestRunRequest) => Promise<JestRunOutcome>;
  readonly runProfile: vscode.TestRunProfile;
  readonly coverageProfile: vscode.TestRunProfile;

  constructor(
    private readonly model: WorkspaceLifecycle,
    private readonly log: Logger & { show?(): void },
    private readonly options: JestTestingOptions = {},
  ) {
    this.isTrusted = options.isTrusted ?? (() => vscode.workspace.isTrusted);
    this.runner = options.runner ?? runJest;
    this.controller = vscode.tests.createTestController(options.controllerId ?? 'devopsLifecycle.jest', 'Jest');
    this.controller.resolveHandler = (item) => this.resolve(item);
    this.controller.refreshHandler = () => Promise.all([...this.folders.values()].map((f) => this.discover(f))).then(() => undefined);
    this.runProfile = this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (req, token) => this.runRequest(req, token, false), true);
    this.coverageProfile = this.controller.createRunProfile('Run with Coverage', vscode.TestRunProfileKind.Coverage, (req, token) => this.runRequest(req, token, true), true);
    this.coverageProfile.loadDetailedCoverage = async (_run, fileCoverage) => (fileCoverage as JestFileCoverage).details;
    this.disposables.push(this.controller, this.changed);

    this.syncFolders();
    this.disposables.push(
      model.onDidChange((f) => {
        if (f === undefined) this.syncFolders();
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.parseDocument(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.parseDocumentSoon(e.document)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire(undefined)),
    );
    for (const d of vscode.workspace.textDocuments) this.parseDocument(d);
    // Config-like files change which files are tests; test sources change the items.
    const watcher = vscode.workspace.createFileSystemWatcher('**/{package.json,pnpm-workspace.yaml,lerna.json,.gitignore,jest.config.*,*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}}');
    const onFile = (uri: vscode.Uri, kind: 'create' | 'change' | 'delete') => this.onFileEvent(uri, kind);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => onFile(u, 'create')),
      watcher.onDidChange((u) => onFile(u, 'change')),
      watcher.onDidDelete((u) => onFile(u, 'delete')),
    );
  }

  // ---- folders and discovery -------------------------------------------------------------------------

  get all(): JestFolder[] {
    return [...this.folders.values()];
  }

  folderFor(lifecycle: FolderLifecycle): JestFolder | undefined {
    return this.folders.get(lifecycle.folder.uri.toString());
  }

  private syncFolders(): void {
    const wanted = new Map(this.model.all.map((f) => [f.folder.uri.toString(), f]));
    for (const key of [...this.folders.keys()]) if (!wanted.has(key)) this.folders.delete(key);
    for (const [key, lifecycle] of wanted) {
      if (this.folders.has(key)) continue;
      const jf = new JestFolder(lifecycle);
      this.folders.set(key, jf);
      void this.discover(jf);
    }
    this.rebuildRoots();
  }

  /** Discovery for every folder, finished (for tests and the command). */
  async ready(): Promise<void> {
    await Promise.all(this.all.map((f) => f.discovering ?? this.discover(f)));
  }

  private discover(jf: JestFolder): Promise<Discovery> {
    const run = discoverJestProjects(jf.root).then(
      (d) => {
        if (jf.discovering === run) jf.discovering = undefined;
        jf.discovery = d;
        const files = d.projects.reduce((n, p) => n + p.testFiles.length, 0);
        this.log.info(`[jest] ${jf.folder.name}: ${d.projects.length} project(s), ${files} test file(s) found in ${d.durationMs} ms without running Jest`);
        for (const note of d.notes) this.log.info(`[jest] ${note}`);
        for (const s of d.skipped) this.log.debug(`[jest] ${s.dir}: not a Jest project (${s.reason})`);
        // Parsed files that are no longer tests are forgotten; the rest stay parsed.
        const known = new Set(d.projects.flatMap((p) => p.testFiles));
        for (const f of [...jf.parsed.keys()]) if (!known.has(f)) jf.parsed.delete(f);
        this.rebuildRoots();
        this.changed.fire(jf);
        return d;
      },
      (e: unknown) => {
        if (jf.discovering === run) jf.discovering = undefined;
        this.log.error(`[jest] ${jf.folder.name}: discovery failed: ${(e as Error).message}`);
        throw e;
      },
    );
    jf.discovering = run;
    return run;
  }

  private onFileEvent(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): void {
    const wf = vscode.workspace.getWorkspaceFolder(uri);
    const jf = wf && this.folders.get(wf.uri.toString());
    if (!jf) return;
    const path = uri.fsPath;
    if (path.split(sep).includes('node_modules')) return;
    if (kind === 'change' && TEST_SOURCE.test(path) && !/jest\.config\./.test(path)) {
      // An edited test file: re-parse it if it is one of ours (open documents are parsed from the editor).
      if (this.projectOfFile(jf, path) && !vscode.workspace.textDocuments.some((d) => d.uri.fsPath === path)) {
        this.debounce(`parse:${path}`, () => void this.parseFromDisk(jf, path));
      }
      return;
    }
    // A created or deleted source file, or a changed config: discovery is cheap, run it again.
    this.debounce(`discover:${jf.root}`, () => void this.discover(jf).catch(() => undefined));
  }

  private debounce(key: string, fn: () => void): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        fn();
      }, DEBOUNCE_MS),
    );
  }

  private projectOfFile(jf: JestFolder, file: string): DiscoveredProject | undefined {
    return jf.discovery?.projects.find((p) => p.testFiles.includes(file));
  }

  /** The project whose folder holds `file` (innermost), whether or not discovery saw it as a test. */
  private projectContaining(jf: JestFolder, file: string): DiscoveredProject | undefined {
    const candidates = (jf.discovery?.projects ?? []).filter((p) => file === p.dir || file.startsWith(p.dir + sep));
    return candidates.sort((a, b) => b.dir.length - a.dir.length)[0];
  }

  // ---- items ---------------------------------------------------------------------------------------

  /** Projects are shown as their own level only when there is more than one. */
  private get showProjects(): boolean {
    return this.all.reduce((n, f) => n + (f.discovery?.projects.length ?? 0), 0) > 1;
  }

  private rebuildRoots(): void {
    const roots: vscode.TestItem[] = [];
    const withProjects = this.showProjects;
    const multiRoot = this.all.length > 1;
    for (const jf of this.all) {
      for (const project of jf.discovery?.projects ?? []) {
        if (withProjects) {
          const id = `${jf.folder.uri.toString()}#project:${project.id}`;
          const item = this.reuse(this.controller.items, undefined, id, project.name, jf.folder.uri);
          item.description = [multiRoot ? jf.folder.name : '', project.id === '.' ? '' : project.id].filter(Boolean).join(' · ') || undefined;
          this.data.set(item, { kind: 'project', folder: jf, project });
          item.children.replace(this.fileItems(jf, project, item.children));
          roots.push(item);
        } else {
          roots.push(...this.fileItems(jf, project, this.controller.items));
        }
      }
    }
    this.controller.items.replace(roots);
  }

  private fileItems(jf: JestFolder, project: DiscoveredProject, existing: vscode.TestItemCollection): vscode.TestItem[] {
    return project.testFiles.map((file) => {
      const uri = vscode.Uri.file(file);
      const item = this.reuse(existing, this.controller.items, uri.toString(), relative(project.dir, file).split(sep).join('/'), uri);
      this.data.set(item, { kind: 'file', folder: jf, project, file });
      const parsed = jf.parsed.get(file);
      if (parsed) this.applyParsed(item, parsed);
      else item.canResolveChildren = true;
      return item;
    });
  }

  /** An existing item with this id (keeps its results and expansion), or a new one. */
  private reuse(col: vscode.TestItemCollection, alt: vscode.TestItemCollection | undefined, id: string, label: string, uri?: vscode.Uri): vscode.TestItem {
    const found = col.get(id) ?? alt?.get(id);
    if (found && found.label === label) return found;
    return this.controller.createTestItem(id, label, uri);
  }

  private async resolve(item: vscode.TestItem | undefined): Promise<void> {
    if (!item) {
      await this.ready().catch(() => undefined);
      return;
    }
    const d = this.data.get(item);
    if (d?.kind === 'file') await this.parseFromDisk(d.folder, d.file);
  }

  private async parseFromDisk(jf: JestFolder, file: string): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return; // deleted meanwhile: discovery will drop it
    }
    this.setParsed(jf, file, parseTestFile(text, file));
  }

  private parseDocument(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !TEST_SOURCE.test(doc.uri.fsPath)) return;
    const wf = vscode.workspace.getWorkspaceFolder(doc.uri);
    const jf = wf && this.folders.get(wf.uri.toString());
    if (!jf) return;
    const apply = () => {
      if (this.projectOfFile(jf, doc.uri.fsPath)) this.setParsed(jf, doc.uri.fsPath, parseTestFile(doc.getText(), doc.uri.fsPath));
    };
    if (jf.discovery) apply();
    else void jf.discovering?.then(apply, () => undefined);
  }

  private parseDocumentSoon(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !TEST_SOURCE.test(doc.uri.fsPath)) return;
    this.debounce(`doc:${doc.uri.toString()}`, () => this.parseDocument(doc));
  }

  private setParsed(jf: JestFolder, file: string, parsed: ParsedTestFile): void {
    jf.parsed.set(file, parsed);
    const item = this.fileItem(file);
    if (item) this.applyParsed(item, parsed);
  }

  private fileItem(file: string): vscode.TestItem | undefined {
    const id = vscode.Uri.file(file).toString();
    const direct = this.controller.items.get(id);
    if (direct) return direct;
    let found: vscode.TestItem | undefined;
    this.controller.items.forEach((p) => (found ??= p.children.get(id)));
    return found;
  }

  private applyParsed(item: vscode.TestItem, parsed: ParsedTestFile): void {
    const d = this.data.get(item);
    if (d?.kind !== 'file') return;
    item.canResolveChildren = false;
    item.error = parsed.error
      ? new vscode.MarkdownString(`Could not read the tests of this file: ${escapeMd(parsed.error.message)} (line ${parsed.error.line + 1}). Fix the syntax error; Jest will report the same.`)
      : undefined;
    // A file that does not parse keeps the items it had, so a half-typed edit does not wipe the tree.
    if (parsed.error && parsed.blocks.length === 0 && item.children.size > 0) return;
    if (parsed.blocks.length === 0 && !parsed.error) item.range = undefined;
    const build = (blocks: readonly TestBlock[], parent: vscode.TestItem, path: readonly TestBlock[]) => {
      const seen = new Map<string, number>();
      const items = blocks.map((block) => {
        const key = `${block.kind}:${block.name}`;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        const id = `${parent.id}\u203a${block.name}${n > 1 ? `#${n}` : ''}`;
        const child = parent.children.get(id) ?? this.controller.createTestItem(id, block.name, item.uri);
        child.label = block.name;
        child.range = new vscode.Range(block.range.start.line, block.range.start.column, block.range.end.line, block.range.end.column);
        const tags = block.modifiers.filter((m) => m !== 'concurrent');
        child.description = tags.length > 0 ? tags.map((m) => `.${m}`).join('') : undefined;
        child.sortText = String(block.range.start.line).padStart(6, '0');
        this.data.set(child, { kind: 'block', folder: d.folder, project: d.project, file: d.file, block, path });
        build(block.children, child, [...path, block]);
        return child;
      });
      // Tests Jest reported that the parser could not see (generated in loops…) stay until the next parse;
      // the rows of an `.each` table stay under their template until its next run names them again.
      const rows: vscode.TestItem[] = [];
      const pd = this.data.get(parent);
      if (pd?.kind === 'block' && pd.block.modifiers.includes('each')) parent.children.forEach((c) => (this.data.get(c)?.kind === 'reported' ? rows.push(c) : undefined));
      parent.children.replace([...items, ...rows]);
    };
    build(parsed.blocks, item, []);
  }

  // ---- runs ----------------------------------------------------------------------------------------

  /** The Test Explorer's run and coverage profiles. */
  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken, coverage: boolean): Promise<void> {
    const included = request.include ?? this.rootItems();
    const excluded = new Set(request.exclude ?? []);
    const targets: { folder: JestFolder; target: RunTarget<DiscoveredProject>; item: vscode.TestItem }[] = [];
    for (const item of included) {
      if (excluded.has(item)) continue;
      const d = this.data.get(item);
      const t = d && this.targetOf(d);
      if (d && t) targets.push({ folder: d.folder, target: t, item });
    }
    await this.execute(request, targets, token, coverage);
    // Jest missing is said once per folder, and in one notification for all the folders of a run (a popup
    // per run, or per folder of a multi-root workspace, is noise); the Test stage row and the run's output
    // keep saying it.
    const missing = [...new Set(targets.map((t) => t.folder))].filter((jf) => jf.lastRun?.error?.kind === 'not-installed' && !jf.warnedNotInstalled);
    for (const jf of missing) jf.warnedNotInstalled = true;
    const first = missing[0]?.lastRun?.error?.message;
    if (first !== undefined) {
      const message =
        missing.length === 1
          ? first
          : `Jest is not installed in ${missing.length} folders (${missing.map((jf) => jf.folder.name).join(', ')}): run \`npm install --save-dev jest\` in each (or set devopsLifecycle.jest.command).`;
      void vscode.window.showWarningMessage(message, 'Show Log').then((pick) => pick && this.log.show?.());
    }
  }

  private rootItems(): vscode.TestItem[] {
    const list: vscode.TestItem[] = [];
    this.controller.items.forEach((i) => list.push(i));
    return list;
  }

  private targetOf(d: ItemData): RunTarget<DiscoveredProject> | undefined {
    switch (d.kind) {
      case 'project':
        return { kind: 'project', project: d.project };
      case 'file':
        return { kind: 'file', project: d.project, file: d.file };
      case 'block':
        return { kind: 'block', project: d.project, file: d.file, path: d.path, block: d.block };
      case 'reported':
        return { kind: 'name', project: d.project, file: d.file, pattern: `^${escapeRegExp(d.fullName)}$` };
    }
  }

  /** `devopsLifecycle.jest.run`: resolves the arguments to items, runs them, returns the counts. */
  async runFromCommand(args: RunArgs, token?: vscode.CancellationToken): Promise<RunSummary> {
    const lifecycle = this.model.resolve(args.folder);
    const jf = this.folderFor(lifecycle);
    if (!jf) throw new Error(`${lifecycle.folder.name} is not a local folder: Jest runs only in folders on this machine.`);
    if (!this.isTrusted()) throw new UntrustedJestError();
    const discovery = jf.discovery ?? (await (jf.discovering ?? this.discover(jf)));
    let projects = discovery.projects;
    if (args.project) {
      const p = findProject(discovery, jf.root, args.project);
      if (!p) throw new Error(`No Jest project "${args.project}" in ${jf.folder.name}: the projects are ${discovery.projects.map((x) => x.name).join(', ') || 'none'}.`);
      projects = [p];
    }
    const file = args.file ? resolvePath(jf.root, args.file) : undefined;
    if (file && !args.project) {
      const p = this.projectContaining(jf, file);
      if (!p) throw new Error(`${args.file} is not in a Jest project of ${jf.folder.name}.`);
      projects = [p];
    }
    if (projects.length === 0) {
      throw new Error(`No Jest project in ${jf.folder.name}: add jest to package.json (\`npm install --save-dev jest\`) or a jest.config.js.`);
    }
    const targets: { folder: JestFolder; target: RunTarget<DiscoveredProject>; item?: vscode.TestItem }[] = projects.map((project) => {
      const pattern = args.testName ? `^${escapeRegExp(args.testName)}( |$)` : undefined;
      const target: RunTarget<DiscoveredProject> =
        pattern !== undefined
          ? { kind: 'name', project, file, pattern }
          : file
            ? { kind: 'file', project, file }
            : { kind: 'project', project };
      return { folder: jf, target, item: file ? this.fileItem(file) : this.projectItem(jf, project) };
    });
    const items = targets.flatMap((t) => (t.item ? [t.item] : []));
    const request = new vscode.TestRunRequest(items.length > 0 ? items : undefined, undefined, this.runProfile);
    const uncancellable = token ? undefined : new vscode.CancellationTokenSource();
    let summary: RunSummary;
    try {
      summary = await this.execute(request, targets, token ?? uncancellable!.token, args.coverage === true);
    } finally {
      uncancellable?.dispose();
    }
    const error = jf.lastRun?.error;
    if (error && error.kind !== 'cancelled') {
      // The command's caller shows this message once; later Test Explorer runs do not repeat it as a popup.
      if (error.kind === 'not-installed') jf.warnedNotInstalled = true;
      throw new Error(error.message);
    }
    return summary;
  }

  private projectItem(jf: JestFolder, project: DiscoveredProject): vscode.TestItem | undefined {
    return this.controller.items.get(`${jf.folder.uri.toString()}#project:${project.id}`);
  }

  private async execute(
    request: vscode.TestRunRequest,
    targets: readonly { folder: JestFolder; target: RunTarget<DiscoveredProject>; item?: vscode.TestItem }[],
    token: vscode.CancellationToken,
    coverage: boolean,
  ): Promise<RunSummary> {
    const run = this.controller.createTestRun(request, undefined, true);
    const started = Date.now();
    const total: { passed: number; failed: number; skipped: number } = { passed: 0, failed: 0, skipped: 0 };
    const byFolder = new Map<JestFolder, typeof targets[number][]>();
    for (const t of targets) byFolder.set(t.folder, [...(byFolder.get(t.folder) ?? []), t]);
    if (!this.isTrusted()) {
      // Restricted Mode: nothing is started; the run says why.
      const message = new UntrustedJestError().message;
      run.appendOutput(`${message}\r\n`);
      for (const t of targets) if (t.item) run.errored(t.item, new vscode.TestMessage(message));
      for (const jf of byFolder.keys()) this.setLastRun(jf, { ...total, durationMs: 0, projects: [], finishedAt: Date.now(), failures: [], cancelled: false, invocations: [], error: { kind: 'untrusted', message } });
      run.end();
      return { ...total, durationMs: 0 };
    }
    const abort = new AbortController();
    this.activeRuns.add(abort);
    const cancel = token.onCancellationRequested(() => abort.abort());
    const projectNames = [...new Set(targets.map((t) => t.target.project.name))];
    const label =
      targets.length === 1 ? labelOf(targets[0]!.target) : projectNames.length === 1 ? projectNames[0]! : `${projectNames.length} Jest projects`;
    let report: ReturnType<RunReporter['start']> | undefined;
    try {
      report = this.options.reporter?.start({ source: 'jest', label, output: { kind: 'log' } });
    } catch (e) {
      this.log.debug(`[jest] the build indicator is busy (${(e as Error).message}); this run is not shown there`);
    }
    for (const t of targets) if (t.item) enqueueAll(run, t.item);
    let cancelled = false;
    try {
      for (const [jf, list] of byFolder) {
        const plans = planRuns(list.map((t) => t.target));
        jf.running++;
        this.changed.fire(jf);
        const failures: FailureRow[] = [];
        const invocations: { cwd: string; argv: readonly string[] }[] = [];
        const coverageFiles: CoverageSummary[] = [];
        const folderTotal = { passed: 0, failed: 0, skipped: 0 };
        let error: LastRun['error'];
        const folderStarted = Date.now();
        try {
          for (const plan of plans) {
            if (abort.signal.aborted) break;
            report?.progress(plan.project.name);
            const outcome = await this.runPlan(jf, plan, run, abort.signal, coverage, failures, invocations, coverageFiles);
            if ('error' in outcome) {
              error = outcome.error;
              if (outcome.error.kind === 'cancelled') cancelled = true;
              const items = list.filter((t) => t.target.project === plan.project).flatMap((t) => (t.item ? [t.item] : []));
              if (outcome.error.kind !== 'cancelled') for (const item of items) run.errored(item, new vscode.TestMessage(outcome.error.message));
              continue;
            }
            folderTotal.passed += outcome.summary.passed;
            folderTotal.failed += outcome.summary.failed;
            folderTotal.skipped += outcome.summary.skipped;
          }
        } finally {
          jf.running--;
        }
        total.passed += folderTotal.passed;
        total.failed += folderTotal.failed;
        total.skipped += folderTotal.skipped;
        this.setLastRun(jf, {
          ...folderTotal,
          durationMs: Date.now() - folderStarted,
          projects: [...new Set(plans.map((p) => p.project.name))],
          finishedAt: Date.now(),
          failures,
          invocations,
          coverage: coverage ? coverageFiles : undefined,
          cancelled: cancelled || abort.signal.aborted,
          error,
        });
      }
    } finally {
      cancel.dispose();
      this.activeRuns.delete(abort);
      run.end();
      const durationMs = Date.now() - started;
      const detail = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`;
      const broke = this.all.some((f) => f.lastRun?.error && f.lastRun.error.kind !== 'cancelled' && byFolder.has(f));
      report?.finish(cancelled || abort.signal.aborted ? 'cancelled' : total.failed > 0 || broke ? 'failed' : 'passed', detail);
      this.log.info(`[jest] ${cancelled ? 'cancelled after' : 'finished:'} ${detail} in ${(durationMs / 1000).toFixed(1)} s`);
    }
    return { ...total, durationMs: Date.now() - started };
  }

  private setLastRun(jf: JestFolder, last: LastRun): void {
    jf.lastRun = last;
    this.changed.fire(jf);
  }

  /** One Jest invocation: run it, map its report into the TestRun. */
  private async runPlan(
    jf: JestFolder,
    plan: PlannedRun<DiscoveredProject>,
    run: vscode.TestRun,
    signal: AbortSignal,
    withCoverage: boolean,
    failures: FailureRow[],
    invocations: { cwd: string; argv: readonly string[] }[],
    coverage: CoverageSummary[],
  ): Promise<{ summary: RunSummary } | { error: { kind: string; message: string } }> {
    const config = new Config(jf.folder.uri);
    let outcome: JestRunOutcome;
    try {
      const command = resolveJestCommand(plan.project.dir, jf.root, config.jestCommand);
      outcome = await this.runner({
        cwd: plan.project.dir,
        command,
        files: plan.files,
        testNamePattern: plan.testNamePattern,
        coverage: withCoverage,
        signal,
        log: this.log,
        onOutput: (chunk) => run.appendOutput(chunk.replace(/\r?\n/g, '\r\n')),
      });
    } catch (e) {
      const kind = e instanceof JestNotInstalledError ? 'not-installed' : e instanceof JestRunError ? e.kind : 'crashed';
      const message = (e as Error).message;
      run.appendOutput(`\r\n${message}\r\n`);
      if (kind === 'cancelled') {
        this.log.info(`[jest] ${plan.project.name}: cancelled; the Jest process group was ended`);
        return { error: { kind, message } };
      }
      this.log.error(`[jest] ${plan.project.name}: ${message}`);
      if (e instanceof JestRunError && e.details) this.log.debug(`[jest] ${e.details.split('\n').slice(0, 40).join('\n')}`);
      return { error: { kind, message } };
    }
    jf.warnedNotInstalled = false;
    invocations.push({ cwd: plan.project.dir, argv: outcome.argv });
    // With a name pattern Jest reports every other test of the file as skipped: those were not asked
    // for, so they keep their last result and are not counted.
    const selected = plan.testNamePattern ? safeRegex(plan.testNamePattern) : undefined;
    const inSelection = (fullName: string) => !selected || selected.test(fullName);
    for (const file of outcome.report.files) this.applyFileResult(jf, plan.project, file, run, failures, inSelection);
    if (outcome.coverageJson) coverage.push(...this.addCoverage(run, outcome.coverageJson));
    const skipped = selected
      ? outcome.report.files.flatMap((f) => f.assertions).filter((a) => a.status === 'skipped' && inSelection(a.fullName)).length
      : outcome.report.summary.skipped;
    return { summary: { ...outcome.report.summary, skipped, durationMs: outcome.durationMs } };
  }

  private applyFileResult(
    jf: JestFolder,
    project: DiscoveredProject,
    result: FileResult,
    run: vscode.TestRun,
    failures: FailureRow[],
    inSelection: (fullName: string) => boolean,
  ): void {
    // A result may belong to another project's file (a root Jest runs its packages' tests too).
    const owner = this.projectOfFile(jf, result.file) ?? project;
    let fileItem = this.fileItem(result.file);
    if (!fileItem) {
      // Jest ran a file discovery did not list (a config it could not read statically): show it anyway.
      const uri = vscode.Uri.file(result.file);
      fileItem = this.controller.createTestItem(uri.toString(), relative(owner.dir, result.file).split(sep).join('/'), uri);
      this.data.set(fileItem, { kind: 'file', folder: jf, project: owner, file: result.file });
      const parent = this.showProjects ? this.projectItem(jf, owner) : undefined;
      (parent?.children ?? this.controller.items).add(fileItem);
    }
    let parsed = jf.parsed.get(result.file);
    if (!parsed) {
      // Results need the blocks to land on: parse the file now (it has just been run, so it exists).
      try {
        parsed = parseTestFile(readFileSync(result.file, 'utf8'), result.file);
        this.setParsed(jf, result.file, parsed);
      } catch {
        parsed = { blocks: [] };
      }
    }
    const uri = fileItem.uri!;
    if (result.suiteError) {
      const msg = toTestMessage(result.suiteError, uri);
      run.errored(fileItem, msg, result.durationMs);
      this.states.set(fileItem.id, { state: 'errored', message: result.suiteError.message });
      failures.push({ label: `${fileItem.label} did not run`, uri, line: result.suiteError.location?.line, message: firstLine(result.suiteError.message) });
      return;
    }
    // `.each` rows land on their template item (it failed if any row failed) and, once Jest has named them,
    // each on a row item of its own under it, which runs just that row.
    const agg = new Map<vscode.TestItem, { state: 'passed' | 'failed' | 'skipped'; duration: number; messages: vscode.TestMessage[]; text: string[] }>();
    const add = (item: vscode.TestItem, a: FileResult['assertions'][number], messageItem: vscode.TestItem) => {
      const entry = agg.get(item) ?? { state: 'skipped', duration: 0, messages: [], text: [] };
      if (a.status === 'failed') entry.state = 'failed';
      else if (a.status === 'passed' && entry.state === 'skipped') entry.state = 'passed';
      entry.duration += a.durationMs ?? 0;
      for (const f of a.failures) {
        const m = toTestMessage(f, uri, messageItem.range?.start.line);
        if (a.title !== item.label) m.message = `${a.title}\n\n${typeof m.message === 'string' ? m.message : m.message.value}`;
        entry.messages.push(m);
        entry.text.push(f.message);
      }
      agg.set(item, entry);
    };
    for (const a of result.assertions) {
      if (a.status === 'skipped' && !inSelection(a.fullName)) continue;
      const found = findBlockForResult(parsed.blocks, a.ancestorTitles, a.title, a.location?.line);
      const item = found ? this.blockItem(fileItem, found.path, found.block) : this.reportedItem(jf, owner, fileItem, a.fullName, a.location?.line);
      if (!item) continue;
      if (found && found.block.modifiers.includes('each') && found.block.kind === 'test' && a.title !== found.block.name) {
        add(this.reportedItem(jf, owner, item, a.fullName, item.range?.start.line, a.title), a, item);
      }
      add(item, a, item);
      for (const f of a.failures) failures.push({ label: a.fullName, uri, line: f.location?.line ?? item.range?.start.line, message: firstLine(f.message) });
    }
    for (const [item, e] of agg) {
      if (e.state === 'passed') run.passed(item, e.duration);
      else if (e.state === 'failed') run.failed(item, e.messages, e.duration);
      else run.skipped(item);
      this.states.set(item.id, { state: e.state, message: e.text[0] });
    }
    this.states.set(fileItem.id, { state: result.status === 'failed' ? 'failed' : result.status === 'passed' ? 'passed' : 'skipped' });
  }

  private blockItem(fileItem: vscode.TestItem, path: readonly TestBlock[], block: TestBlock): vscode.TestItem | undefined {
    let level = fileItem;
    for (const b of [...path, block]) {
      let next: vscode.TestItem | undefined;
      level.children.forEach((c) => {
        const d = this.data.get(c);
        if (!next && d?.kind === 'block' && d.block === b) next = c;
      });
      if (!next) return undefined;
      level = next;
    }
    return level;
  }

  /**
   * A test known only from Jest's report, as an item of its own under `parent`: a title built at run time
   * (under its file), or one row of an `.each` table (under its template, labelled with the row's title).
   */
  private reportedItem(jf: JestFolder, project: DiscoveredProject, parent: vscode.TestItem, fullName: string, line?: number, label?: string): vscode.TestItem {
    const id = `${parent.id}\u203a\u203a${fullName}`;
    const existing = parent.children.get(id);
    if (existing) return existing;
    const item = this.controller.createTestItem(id, label ?? fullName, parent.uri);
    if (line !== undefined) item.range = new vscode.Range(line, 0, line, 0);
    item.description = label === undefined ? 'reported by Jest' : undefined;
    const file = parent.uri?.fsPath ?? (this.data.get(parent) as { file: string }).file;
    this.data.set(item, { kind: 'reported', folder: jf, project, file, fullName });
    parent.children.add(item);
    return item;
  }

  private addCoverage(run: vscode.TestRun, json: string): CoverageSummary[] {
    const out: CoverageSummary[] = [];
    try {
      for (const c of parseCoverage(json)) {
        out.push({ file: c.file, statements: c.statements });
        const uri = vscode.Uri.file(c.file);
        const fc = new JestFileCoverage(
          uri,
          new vscode.TestCoverageCount(c.statements.covered, c.statements.total),
          new vscode.TestCoverageCount(c.branches.covered, c.branches.total),
          new vscode.TestCoverageCount(c.functions.covered, c.functions.total),
        );
        const range = (r: { start: { line: number; column: number }; end: { line: number; column: number } }) =>
          new vscode.Range(r.start.line, r.start.column, r.end.line, Math.min(r.end.column, 10_000));
        fc.details = [
          ...c.statementDetails.map((s) => new vscode.StatementCoverage(s.count, range(s.range))),
          ...c.functionDetails.map((f) => new vscode.DeclarationCoverage(f.name, f.count, range(f.range))),
        ];
        run.addCoverage(fc);
      }
    } catch (e) {
      this.log.warn(`[jest] coverage could not be read: ${(e as Error).message}`);
    }
    return out;
  }

  // ---- reading state -------------------------------------------------------------------------------

  /** The items as plain data, with each one's last result (parses every file first, so blocks are there). */
  async snapshot(): Promise<JestItemSnapshot[]> {
    await this.ready().catch(() => undefined);
    const files: vscode.TestItem[] = [];
    const collect = (col: vscode.TestItemCollection) =>
      col.forEach((i) => {
        if (this.data.get(i)?.kind === 'file') files.push(i);
        else if (this.data.get(i)?.kind === 'project') collect(i.children);
      });
    collect(this.controller.items);
    await Promise.all(files.map((f) => (f.canResolveChildren ? this.resolve(f) : undefined)));
    const snap = (i: vscode.TestItem): JestItemSnapshot => {
      const children: JestItemSnapshot[] = [];
      i.children.forEach((c) => children.push(snap(c)));
      children.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.label.localeCompare(b.label));
      const s = this.states.get(i.id);
      return {
        id: i.id,
        label: i.label,
        kind: this.data.get(i)?.kind ?? 'file',
        description: i.description,
        line: i.range?.start.line,
        state: s?.state,
        message: s?.message,
        children,
      };
    };
    const out: JestItemSnapshot[] = [];
    this.controller.items.forEach((i) => out.push(snap(i)));
    return out.sort((a, b) => a.label.localeCompare(b.label));
  }

  get trusted(): boolean {
    return this.isTrusted();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const run of this.activeRuns) run.abort();
    for (const d of this.disposables) d.dispose();
  }
}

export class UntrustedJestError extends Error {
  constructor() {
    super('Running Jest needs a trusted workspace: this folder is open in Restricted Mode, where no process is started. Run "Workspaces: Manage Workspace Trust" to trust it, then run the tests again.');
    this.name = 'UntrustedJestError';
  }
}

class JestFileCoverage extends vscode.FileCoverage {
  details: vscode.FileCoverageDetail[] = [];
}

function enqueueAll(run: vscode.TestRun, item: vscode.TestItem): void {
  run.enqueued(item);
  item.children.forEach((c) => enqueueAll(run, c));
}

function toTestMessage(f: TestFailure, uri: vscode.Uri, fallbackLine?: number): vscode.TestMessage {
  const message =
    f.expected !== undefined && f.actual !== undefined ? vscode.TestMessage.diff(f.message, f.expected, f.actual) : new vscode.TestMessage(f.message);
  const line = f.location?.line ?? fallbackLine;
  if (line !== undefined) message.location = new vscode.Location(f.location ? vscode.Uri.file(f.location.file) : uri, new vscode.Position(line, f.location?.column ?? 0));
  return message;
}

function labelOf(t: RunTarget): string {
  switch (t.kind) {
    case 'project':
      return t.project.name;
    case 'file':
      return relative(t.project.dir, t.file).split(sep).join('/');
    case 'block':
      return t.block.name;
    case 'name':
      return t.pattern;
  }
}

function findProject(d: Discovery, root: string, wanted: string): DiscoveredProject | undefined {
  const abs = resolvePath(root, wanted);
  return d.projects.find((p) => p.name === wanted || p.id === wanted || p.dir === abs);
}

/** A path argument: absolute, or relative to the workspace folder. */
function resolvePath(root: string, p: string): string {
  return isAbsolute(p) ? p : resolvePathFrom(root, p);
}

function safeRegex(pattern: string): RegExp | undefined {
  try {
    // Jest matches --testNamePattern case-insensitively.
    return new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}
