// Runs one `docker build` (or podman, or any CLI with the same flags): the argv is data built by a pure
// function (never a shell, so build args with spaces or `$(…)` reach Docker as written), the output
// streams to the caller line by line with step progress, the build indicator follows it, and a failure
// becomes one line plus the Dockerfile line it happened on.
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type { BuildIndicator, BuildOutputRef, BuildRun } from '../buildIndicator';
import { childEnv, commandLineForLog, ProcessError, runProcess, type Logger } from '../process';
import { analyzeFailure, describeStep, LineSplitter, parseStepLine, type BuildFailure, type BuildStep } from './buildOutput';
import type { DockerBuildPlan } from './buildConfig';
import { checkContext } from './contextCheck';
import { parseDockerfile, type DockerfileModel } from './dockerfile';
import { parseImageReference } from './imageReference';

/** `docker build` argv for a plan. BuildKit's plain progress is asked for through the environment
 * (BUILDKIT_PROGRESS), because the legacy builder of CLIs without buildx rejects `--progress`. */
export function dockerBuildArgv(plan: Pick<DockerBuildPlan, 'dockerfile' | 'context' | 'tag' | 'target' | 'network' | 'buildArgs' | 'noCache'>): string[] {
  const argv = ['build', '--file', plan.dockerfile, '--tag', plan.tag];
  if (plan.target) argv.push('--target', plan.target);
  if (plan.network) argv.push('--network', plan.network);
  if (plan.noCache) argv.push('--no-cache');
  for (const [name, value] of Object.entries(plan.buildArgs)) argv.push('--build-arg', `${name}=${value}`);
  argv.push(plan.context);
  return argv;
}

export type DockerErrorCode = 'NO_CLI' | 'NO_ENGINE' | 'INVALID' | 'CANCELLED' | 'CLI';

/** A build that could not run (as opposed to one that ran and failed): the message says what to do. */
export class DockerError extends Error {
  constructor(
    message: string,
    readonly code: DockerErrorCode,
  ) {
    super(message);
    this.name = 'DockerError';
  }
}

export interface DockerBuildOptions {
  /** The CLI: `docker` (default), `podman`, or a path. */
  readonly command?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Raw output as it arrives (for a terminal). */
  readonly onOutput?: (chunk: string) => void;
  readonly onStep?: (step: BuildStep) => void;
  /** Reports the build to the indicator; the build waits its turn when another run is active. */
  readonly indicator?: BuildIndicator;
  readonly output?: BuildOutputRef;
  /** Called once the build has its turn on the indicator (after any wait). */
  readonly onStart?: () => void;
  readonly log?: Logger;
}

export interface DockerBuildResult {
  readonly success: boolean;
  readonly tag: string;
  readonly durationMs: number;
  /** Set when the build failed. */
  readonly failure?: BuildFailure;
  readonly dockerfile: string;
}

/** Most of a build's output that is kept for analysing a failure (the tail matters). */
const KEEP_OUTPUT = 4 * 1024 * 1024;

/**
 * Builds the image. Resolves with `success: false` when Docker ran the build and it failed; rejects with a
 * DockerError when the build could not run (no CLI, no engine, a bad tag, cancelled).
 */
export async function runDockerBuild(plan: DockerBuildPlan, options: DockerBuildOptions = {}): Promise<DockerBuildResult> {
  const command = options.command || 'docker';
  try {
    parseImageReference(plan.tag);
  } catch (e) {
    throw new DockerError((e as Error).message, 'INVALID');
  }
  let model: DockerfileModel | undefined;
  try {
    model = parseDockerfile(readFileSync(plan.dockerfile, 'utf8'));
  } catch (e) {
    throw new DockerError(`Cannot read ${plan.dockerfile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Check the path.`, 'INVALID');
  }

  if (!existsSync(plan.context)) throw new DockerError(`The build context ${plan.context} does not exist: choose an existing folder.`, 'INVALID');

  let run: BuildRun | undefined;
  if (options.indicator) {
    try {
      run = await options.indicator.queue({ source: 'docker', label: plan.tag, output: options.output }, options.signal);
    } catch {
      throw new DockerError('The build was cancelled before it started.', 'CANCELLED');
    }
  }
  options.onStart?.();
  const started = Date.now();
  let kept = '';
  const lines = new LineSplitter();
  const onLine = (line: string) => {
    const step = parseStepLine(line);
    if (!step) return;
    run?.progress(describeStep(step));
    options.onStep?.(step);
  };
  const argv = dockerBuildArgv(plan);
  options.log?.info(`[docker] ${commandLineForLog(command, argv)}`);
  try {
    await runProcess(command, argv, {
      cwd: plan.root,
      env: childEnv({ BUILDKIT_PROGRESS: 'plain', DOCKER_CLI_HINTS: 'false', ...options.env }),
      signal: options.signal,
      // Streamed to the terminal as it comes; failures are read from the tail kept below.
      retainBytes: 256 * 1024,
      onOutput: (chunk) => {
        kept = (kept + chunk).slice(-KEEP_OUTPUT);
        options.onOutput?.(chunk);
        for (const line of lines.push(chunk)) onLine(line);
      },
    });
    for (const line of lines.flush()) onLine(line);
    const durationMs = Date.now() - started;
    run?.finish('passed');
    options.log?.info(`[docker] built ${plan.tag} in ${durationMs} ms`);
    return { success: true, tag: plan.tag, durationMs, dockerfile: plan.dockerfile };
  } catch (e) {
    for (const line of lines.flush()) onLine(line);
    const durationMs = Date.now() - started;
    const error = e instanceof ProcessError ? e : undefined;
    if (error?.code === 'CANCELLED') {
      run?.finish('cancelled');
      options.log?.info(`[docker] build of ${plan.tag} cancelled after ${durationMs} ms`);
      throw new DockerError(`The build of ${plan.tag} was cancelled.`, 'CANCELLED');
    }
    if (error?.code === 'NOT_FOUND') {
      run?.finish('failed', `${command} not found`);
      throw new DockerError(
        `The container CLI "${command}" was not found. Install Docker (or Podman), or set devopsLifecycle.docker.command to the CLI's name or full path.`,
        'NO_CLI',
      );
    }
    if (error?.code !== 'EXIT') {
      run?.finish('failed', error?.message ?? (e as Error).message);
      throw new DockerError(`${command} could not run: ${(e as Error).message}`, 'CLI');
    }
    const failure = explainMissingSource(analyzeFailure(kept, model, basename(plan.dockerfile)), model, plan);
    if (failure.kind === 'engine') {
      run?.finish('failed', 'no Docker engine');
      throw new DockerError(engineDownMessage(command, failure.message, options.env), 'NO_ENGINE');
    }
    if (failure.kind === 'cli') {
      run?.finish('failed', failure.message);
      const fix = /buildx/.test(failure.message) ? ' Install the buildx plugin, or unset DOCKER_BUILDKIT to use the legacy builder.' : '';
      throw new DockerError(`${command} refused the build: ${failure.message}.${fix}`, 'CLI');
    }
    run?.finish('failed', failure.message);
    options.log?.error(`[docker] build of ${plan.tag} failed after ${durationMs} ms: ${failure.message}${failure.line ? ` (${basename(plan.dockerfile)}:${failure.line})` : ''}`);
    return { success: false, tag: plan.tag, durationMs, failure, dockerfile: plan.dockerfile };
  }
}

/**
 * A COPY/ADD that failed on a source the build context lacks: Docker names the path, not the context it
 * looked in. Say which context, and when the workspace folder has the file, that it is the context to use
 * (the classic mistake with a Dockerfile in a subfolder).
 */
function explainMissingSource(failure: BuildFailure, model: DockerfileModel | undefined, plan: DockerBuildPlan): BuildFailure {
  if (failure.kind !== 'step' || failure.line === undefined || !model) return failure;
  const check = checkContext(model, plan.context, plan.root);
  const here = (list: typeof check.missing) => list.filter((s) => s.line === failure.line).map((s) => s.source);
  const inRoot = here(check.inRootOnly);
  const nowhere = here(check.missing);
  if (inRoot.length === 0 && nowhere.length === 0) return failure;
  const context = `the build context "${relative(plan.root, plan.context) || '.'}"`;
  const hint =
    inRoot.length > 0
      ? `${inRoot.join(', ')} is not in ${context} but is in the workspace folder: build with the workspace folder as the context`
      : `${nowhere.join(', ')} is not in ${context}`;
  return { ...failure, message: `${failure.message} (${hint})` };
}

/** What to say when the CLI is there but no engine answers: where it looked and how to start one. */
export function engineDownMessage(command: string, detail: string, env?: NodeJS.ProcessEnv): string {
  const host = env?.DOCKER_HOST ?? process.env.DOCKER_HOST;
  const where = host ? `at DOCKER_HOST=${host}` : 'on the default socket';
  if (/podman/i.test(command) || /podman/i.test(detail)) {
    return `Podman is not running (${where}): start it with "podman machine start" (macOS/Windows) or "systemctl --user start podman.socket" (Linux).`;
  }
  return `Docker is not running: no engine answers ${where}. Start it ("sudo systemctl start docker" on Linux, or open Docker Desktop), or point DOCKER_HOST at a running engine.`;
}
