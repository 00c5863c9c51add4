// `devopsLifecycle.docker.build {folder, dockerfile, context, tag, target, buildArgs, network, noCache}` →
// `{success, tag, durationMs}`. Called with no arguments (palette) or from a tree row it asks for what is
// missing — the Dockerfile when there are several, the tag (pre-filled with the last one or
// `<folder>:latest`), and whether to switch context when COPY sources are only at the workspace root.
// Called with an argument object (tests, keybindings) it asks nothing: missing answers take their defaults.
import { promises as fsp } from 'node:fs';
import { relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { checkContext, describeContextCheck } from '../../core/docker/contextCheck';
import { DockerError } from '../../core/docker/dockerBuild';
import { parseDockerfile } from '../../core/docker/dockerfile';
import { parseImageReference } from '../../core/docker/imageReference';
import { isRecord } from '../../core/values';
import type { FolderLifecycle } from '../folderLifecycle';
import type { CommandTable, Services } from '../services';
import { requireTrust } from '../trust';
import { DOCKER_TASK_TYPE, dockerfileLabel, dockerfilesOf, type DockerTaskDefinition, type DockerTaskOutcome } from './dockerBuildService';
import type { DockerNode } from './dockerSection';

export interface DockerBuildCommandResult {
  readonly success: boolean;
  readonly tag: string;
  readonly durationMs: number;
  /** When the build failed: what failed, in one line, and the Dockerfile line. */
  readonly message?: string;
  readonly line?: number;
}

export const DOCKER_COMMANDS: CommandTable = {
  'devopsLifecycle.docker.build': buildImage,
};

async function buildImage(s: Services, args: Record<string, unknown>): Promise<DockerBuildCommandResult> {
  requireTrust('Building a Docker image');
  const node = isDockerNode(args.node) ? args.node : undefined;
  // Only the palette and tree rows ask questions; an argument object is a complete request.
  const interactive = Object.keys(args).every((k) => k === 'node');
  // Any tree row (a Dockerfile, a stage, the Docker tool row) carries its folder.
  const rowFolder = (args.node as { folder?: FolderLifecycle } | undefined)?.folder;
  const folder: FolderLifecycle = rowFolder ?? s.model.resolve(str(args.folder));
  const root = folder.folder.uri.fsPath;

  let dockerfile = node?.dockerfile ?? str(args.dockerfile);
  if (!dockerfile) {
    await folder.settled();
    const found = dockerfilesOf(folder);
    if (found.length === 0) throw new Error(`No Dockerfile in ${folder.folder.name}: add a Dockerfile (or Containerfile), or pass "dockerfile".`);
    if (found.length === 1 || !interactive) dockerfile = found[0]!;
    else {
      const pick = await vscode.window.showQuickPick(
        found.map((rel) => ({ ...dockerfileLabel(rel), rel })),
        { title: 'Build Docker Image', placeHolder: 'Which Dockerfile?', matchOnDescription: true },
      );
      if (!pick) throw new vscode.CancellationError();
      dockerfile = pick.rel;
    }
  }
  // Workspace-relative from here on (the task definition and tasks.json use that form).
  dockerfile = relative(root, resolve(root, dockerfile));

  const request = {
    dockerfile,
    context: str(args.context),
    tag: str(args.tag),
    target: node?.target ?? str(args.target),
    network: str(args.network),
    buildArgs: stringRecord(args.buildArgs),
    noCache: args.noCache === true,
  };
  let plan = s.docker.plan(folder.folder, request);

  let tag = plan.tag;
  if (interactive) {
    const answer = await vscode.window.showInputBox({
      title: `Build ${dockerfile}${plan.target ? ` (target ${plan.target})` : ''}`,
      prompt: 'Image name and tag (name[:tag])',
      value: tag,
      valueSelection: [0, tag.lastIndexOf(':') > tag.lastIndexOf('/') ? tag.lastIndexOf(':') : tag.length],
      validateInput: (v) => {
        try {
          parseImageReference(v);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (answer === undefined) throw new vscode.CancellationError();
    tag = answer.trim();
  }
  // Checked before anything runs, with the rule that was broken.
  parseImageReference(tag);

  let context = request.context;
  if (interactive && !context) {
    const check = checkContext(parseDockerfile(await fsp.readFile(plan.dockerfile, 'utf8').catch(() => '')), plan.context, root);
    const warning = describeContextCheck(check, plan.context, root);
    if (warning) {
      const useRoot = 'Use Workspace Folder as Context';
      const pick = await vscode.window.showWarningMessage(warning, { modal: true }, useRoot, 'Build Anyway');
      if (!pick) throw new vscode.CancellationError();
      if (pick === useRoot) context = '.';
    }
  }
  plan = s.docker.plan(folder.folder, { ...request, tag, context });

  const definition: DockerTaskDefinition = {
    type: DOCKER_TASK_TYPE,
    dockerfile,
    context: relative(root, plan.context) || '.',
    tag: plan.tag,
    ...(plan.target ? { target: plan.target } : {}),
    ...(plan.network ? { network: plan.network } : {}),
    ...(Object.keys(plan.buildArgs).length > 0 ? { buildArgs: { ...plan.buildArgs } } : {}),
    ...(plan.noCache ? { noCache: true } : {}),
  };
  const outcome = await runTask(s, folder, definition);
  if (outcome.error) {
    if (outcome.error.code === 'CANCELLED') throw new vscode.CancellationError();
    throw new Error(outcome.error.message);
  }
  const r = outcome.result!;
  return { success: r.success, tag: r.tag, durationMs: r.durationMs, ...(r.failure ? { message: r.failure.message, line: r.failure.line } : {}) };
}

/** Executes the build as a task and resolves when its terminal reports the outcome (or the task ends without one). */
function runTask(s: Services, folder: FolderLifecycle, definition: DockerTaskDefinition): Promise<DockerTaskOutcome> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: DockerTaskOutcome) => {
      if (settled) return;
      settled = true;
      ended.dispose();
      resolve(outcome);
    };
    const task = s.docker.createTask(folder.folder, definition, finish);
    let execution: vscode.TaskExecution | undefined;
    // A task that ends before its terminal reported (closed before it opened) was cancelled.
    const ended = vscode.tasks.onDidEndTask((e) => {
      if (e.execution === execution) setTimeout(() => finish({ error: new DockerError('The build task ended before it reported a result.', 'CANCELLED') }), 1000);
    });
    vscode.tasks.executeTask(task).then(
      (e) => (execution = e),
      (e: unknown) => {
        ended.dispose();
        reject(new Error(`The build task could not start: ${(e as Error).message}`));
      },
    );
  });
}

function isDockerNode(value: unknown): value is DockerNode {
  return typeof value === 'object' && value !== null && typeof (value as DockerNode).dockerfile === 'string' && (value as DockerNode).kind === 'section';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}
