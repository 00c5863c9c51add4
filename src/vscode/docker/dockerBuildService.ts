// Docker builds in VS Code: each build is a task of the contributed type `devops-docker-build` (so it can
// also live in tasks.json), executed through a Pseudoterminal that streams the build's output and ends the
// build when the task is terminated. This service owns what the builds leave behind: the last result and
// tag per Dockerfile (workspaceState), the Problems entries of failed builds, and the Dockerfiles' stages.
import { promises as fsp } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { BuildIndicator } from '../../core/buildIndicator';
import { loadDockerConfig, resolveBuildPlan, type BuildRequest, type DockerBuildPlan } from '../../core/docker/buildConfig';
import { LineSplitter } from '../../core/docker/buildOutput';
import { checkContext, describeContextCheck } from '../../core/docker/contextCheck';
import { DockerError, dockerBuildArgv, runDockerBuild, type DockerBuildResult } from '../../core/docker/dockerBuild';
import { parseDockerfile, type DockerStage } from '../../core/docker/dockerfile';
import type { Logger } from '../../core/process';
import { Config } from '../config';
import type { FolderLifecycle } from '../folderLifecycle';
import type { WorkspaceLifecycle } from '../workspaceLifecycle';

export const DOCKER_TASK_TYPE = 'devops-docker-build';

/** The task definition contributed in package.json (`taskDefinitions`). Paths are relative to the folder. */
export interface DockerTaskDefinition extends vscode.TaskDefinition {
  readonly type: typeof DOCKER_TASK_TYPE;
  readonly dockerfile: string;
  readonly context?: string;
  readonly tag?: string;
  readonly target?: string;
  readonly network?: string;
  readonly buildArgs?: Record<string, string>;
  readonly noCache?: boolean;
}

/** What the service remembers of a Dockerfile's last build. */
export interface DockerBuildRecord {
  readonly outcome: 'passed' | 'failed' | 'cancelled';
  readonly tag: string;
  readonly durationMs: number;
  readonly finishedAt: number;
  readonly message?: string;
  readonly line?: number;
}

/** A finished task run, as the command returns it. */
export interface DockerTaskOutcome {
  readonly result?: DockerBuildResult;
  readonly error?: DockerError;
}

const TAG_KEY = 'devopsLifecycle.docker.tag:';
const LAST_KEY = 'devopsLifecycle.docker.last:';

export class DockerBuildService implements vscode.TaskProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a build result or a Dockerfile's stages changed. */
  readonly onDidChange = this.changed.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('docker-build');
  private readonly stageCache = new Map<string, readonly DockerStage[]>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Aborted on dispose: a build runs in its own process group and would otherwise outlive the extension host. */
  private readonly disposing = new AbortController();

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Logger & vscode.LogOutputChannel,
    private readonly indicator: BuildIndicator,
    private readonly model: WorkspaceLifecycle,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{Dockerfile,Dockerfile.*,*.dockerfile,*.Dockerfile,Containerfile,Containerfile.*}');
    const reparse = (uri: vscode.Uri) => void this.parseStages(uri.fsPath);
    this.disposables.push(
      this.changed,
      this.diagnostics,
      watcher,
      watcher.onDidChange(reparse),
      watcher.onDidCreate(reparse),
      watcher.onDidDelete((uri) => {
        this.stageCache.delete(uri.fsPath);
        this.changed.fire();
      }),
      vscode.tasks.registerTaskProvider(DOCKER_TASK_TYPE, this),
    );
  }

  // ---- what the tree shows (no I/O when read) ----

  lastBuild(dockerfile: string): DockerBuildRecord | undefined {
    return this.state.get<DockerBuildRecord>(LAST_KEY + dockerfile);
  }

  rememberedTag(dockerfile: string): string | undefined {
    return this.state.get<string>(TAG_KEY + dockerfile);
  }

  /** The Dockerfile's stages as last parsed; undefined until parsed (the section asks for a parse). */
  stages(dockerfile: string): readonly DockerStage[] | undefined {
    return this.stageCache.get(dockerfile);
  }

  /** Parses a Dockerfile's stages in the background and fires onDidChange when they changed. */
  async parseStages(dockerfile: string): Promise<void> {
    let stages: readonly DockerStage[] = [];
    try {
      stages = parseDockerfile(await fsp.readFile(dockerfile, 'utf8')).stages;
    } catch {
      // unreadable or gone: no stages
    }
    const before = this.stageCache.get(dockerfile);
    this.stageCache.set(dockerfile, stages);
    if (JSON.stringify(before) !== JSON.stringify(stages)) this.changed.fire();
  }

  // ---- planning ----

  /** Resolves a build's answers for a folder: the request, then .devops/lifecycle.yml, then the settings. */
  plan(folder: vscode.WorkspaceFolder, request: BuildRequest): DockerBuildPlan {
    const root = folder.uri.fsPath;
    const config = loadDockerConfig(root);
    for (const p of config.problems) this.log.warn(`[docker] ${p}`);
    const settings = new Config(folder.uri);
    const abs = resolve(root, request.dockerfile);
    return resolveBuildPlan(root, request, config, { context: settings.dockerBuildContext, buildArgs: settings.dockerBuildArgs }, this.rememberedTag(abs));
  }

  // ---- tasks ----

  provideTasks(): vscode.Task[] {
    const tasks: vscode.Task[] = [];
    for (const folder of this.model.all) {
      for (const dockerfile of dockerfilesOf(folder)) tasks.push(this.createTask(folder.folder, { type: DOCKER_TASK_TYPE, dockerfile }));
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as DockerTaskDefinition;
    if (definition.type !== DOCKER_TASK_TYPE || typeof definition.dockerfile !== 'string') return undefined;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    return this.createTask(folder, definition, undefined, task.name);
  }

  /**
   * A build task. `done` (from the command) receives the outcome; without it (tasks.json, Run Task) the
   * terminal and a notification are the only report.
   */
  createTask(folder: vscode.WorkspaceFolder, definition: DockerTaskDefinition, done?: (outcome: DockerTaskOutcome) => void, name?: string): vscode.Task {
    const taskName = name ?? `build ${definition.dockerfile}${definition.target ? ` (${definition.target})` : ''}`;
    const task = new vscode.Task(
      definition,
      folder,
      taskName,
      'DevOps',
      new vscode.CustomExecution(async (resolved) => new DockerBuildTerminal(this, folder, { ...definition, ...(resolved as DockerTaskDefinition) }, taskName, done)),
      [],
    );
    task.group = vscode.TaskGroup.Build;
    task.detail = `docker build ${definition.dockerfile}${definition.tag ? ` -t ${definition.tag}` : ''}`;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    return task;
  }

  /** Runs one build for a task terminal; records its result, its Problems entry and its notification. */
  async execute(
    folder: vscode.WorkspaceFolder,
    definition: DockerTaskDefinition,
    terminalName: string,
    write: (text: string) => void,
    signal: AbortSignal,
    fromCommand: boolean,
  ): Promise<DockerTaskOutcome> {
    let plan: DockerBuildPlan;
    try {
      plan = this.plan(folder, definition);
    } catch (e) {
      return { error: new DockerError((e as Error).message, 'INVALID') };
    }
    const uri = vscode.Uri.file(plan.dockerfile);
    const rel = relative(plan.root, plan.dockerfile);
    const command = new Config(folder.uri).dockerCommand;
    write(`\x1b[1m> ${command} ${dockerBuildArgv(plan).join(' ')}\x1b[0m\r\n`);
    write(`  context: ${relative(plan.root, plan.context) || '.'} (${plan.sources.context}), tag: ${plan.tag} (${plan.sources.tag})\r\n`);
    try {
      const check = checkContext(parseDockerfile(await fsp.readFile(plan.dockerfile, 'utf8')), plan.context, plan.root);
      const warning = describeContextCheck(check, plan.context, plan.root);
      if (warning) {
        this.log.warn(`[docker] ${warning}`);
        write(`\x1b[33m⚠ ${warning}\x1b[0m\r\n`);
      }
    } catch {
      // an unreadable Dockerfile is reported by the build itself
    }
    this.diagnostics.delete(uri);
    if (this.indicator.busy) write(`\x1b[2mWaiting for ${this.indicator.snapshot.label ?? 'the running build'} to finish… (terminate this task to give up)\x1b[0m\r\n`);
    await this.state.update(TAG_KEY + plan.dockerfile, plan.tag);
    const lines = new LineSplitter();
    try {
      const result = await runDockerBuild(plan, {
        command,
        signal: AbortSignal.any([signal, this.disposing.signal]),
        indicator: this.indicator,
        output: { kind: 'terminal', name: terminalName },
        log: this.log,
        onOutput: (chunk) => {
          write(chunk.replace(/\r?\n/g, '\r\n'));
          for (const line of lines.push(chunk)) if (line.trim()) this.log.info(`[docker] ${line}`);
        },
      });
      const f = result.failure;
      await this.record(plan.dockerfile, {
        outcome: result.success ? 'passed' : 'failed', tag: plan.tag, durationMs: result.durationMs, finishedAt: Date.now(), message: f?.message, line: f?.line,
      });
      if (result.success) {
        write(`\r\n\x1b[32m✓ Built ${plan.tag} in ${(result.durationMs / 1000).toFixed(1)} s\x1b[0m\r\n`);
      } else {
        const where = f?.line ? `${rel}:${f.line}` : rel;
        write(`\r\n\x1b[31m✗ ${where}: ${f?.message ?? 'the build failed'}\x1b[0m\r\n`);
        if (f?.line) {
          const d = new vscode.Diagnostic(new vscode.Range(f.line - 1, 0, f.line - 1, Number.MAX_SAFE_INTEGER), f.message, vscode.DiagnosticSeverity.Error);
          d.source = 'docker build';
          this.diagnostics.set(uri, [d]);
        }
        this.notifyFailure(`Docker build of ${plan.tag} failed at ${where}: ${f?.message ?? 'see the output'}`, terminalName);
      }
      return { result };
    } catch (e) {
      const error = e instanceof DockerError ? e : new DockerError((e as Error).message, 'CLI');
      const cancelled = error.code === 'CANCELLED';
      if (error.code !== 'INVALID') {
        await this.record(plan.dockerfile, { outcome: cancelled ? 'cancelled' : 'failed', tag: plan.tag, durationMs: 0, finishedAt: Date.now(), message: error.message });
      }
      write(`\r\n\x1b[${cancelled ? '33' : '31'}m${cancelled ? '■' : '✗'} ${error.message}\x1b[0m\r\n`);
      // From the command, its error handler shows the message; from tasks.json nobody else would.
      if (!fromCommand && !cancelled) this.notifyFailure(error.message, terminalName);
      return { error };
    }
  }

  private async record(dockerfile: string, record: DockerBuildRecord): Promise<void> {
    await this.state.update(LAST_KEY + dockerfile, record);
    this.changed.fire();
  }

  private notifyFailure(message: string, terminalName: string): void {
    void vscode.window.showErrorMessage(message, 'Show Output').then((pick) => {
      if (!pick) return;
      const terminal = vscode.window.terminals.find((t) => t.name.includes(terminalName));
      if (terminal) terminal.show();
      else this.log.show();
    });
  }

  dispose(): void {
    this.disposing.abort();
    for (const d of this.disposables) d.dispose();
  }
}

/** The task's terminal: starts the build when VS Code opens it, cancels it when the task is terminated. */
class DockerBuildTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private readonly controller = new AbortController();

  constructor(
    private readonly service: DockerBuildService,
    private readonly folder: vscode.WorkspaceFolder,
    private readonly definition: DockerTaskDefinition,
    private readonly name: string,
    private readonly done?: (outcome: DockerTaskOutcome) => void,
  ) {}

  open(): void {
    void this.service
      .execute(this.folder, this.definition, this.name, (text) => this.writer.fire(text), this.controller.signal, this.done !== undefined)
      // execute reports build failures as outcomes; anything it throws (e.g. saving the result failed) must
      // still end the task and answer the command, which otherwise waits for ever.
      .catch((e: unknown): DockerTaskOutcome => {
        const error = e instanceof DockerError ? e : new DockerError(`The build task failed: ${(e as Error).message}`, 'CLI');
        this.writer.fire(`\r\n\x1b[31m✗ ${error.message}\x1b[0m\r\n`);
        return { error };
      })
      .then((outcome) => {
        this.done?.(outcome);
        const code = outcome.result?.success ? 0 : outcome.error?.code === 'CANCELLED' ? 130 : 1;
        this.closer.fire(code);
      });
  }

  /** The user terminated the task or closed its terminal: end the build (its whole process group). */
  close(): void {
    this.controller.abort();
  }
}

/** The Dockerfiles the scanner found in a folder (workspace-relative). */
export function dockerfilesOf(folder: FolderLifecycle): string[] {
  const build = folder.result?.stages.find((s) => s.id === 'build');
  return build?.tools.find((t) => t.id === 'docker')?.evidence ?? [];
}

/** `api/Dockerfile` → `Dockerfile` with its folder as the description, for pickers and rows. */
export function dockerfileLabel(rel: string): { label: string; description: string } {
  const slash = rel.lastIndexOf('/');
  return { label: basename(rel), description: slash > 0 ? rel.slice(0, slash) : '' };
}
