// Pure parsers of `docker build` output, for both builders: the legacy builder ("Step 3/7 : RUN …"),
// BuildKit with --progress=plain ("#7 [build 2/4] RUN …", "#7 ERROR: …") and Podman/Buildah ("STEP 3/7: RUN …").
// They turn lines into step progress and a failed build's output into one line and a Dockerfile line.
import type { DockerfileModel, DockerInstruction } from './dockerfile';
import { escapeRegExp } from '../values';

export type Builder = 'legacy' | 'buildkit' | 'podman';

export interface BuildStep {
  readonly builder: Builder;
  /** Legacy/Podman: the step over all instructions. BuildKit: the step within its stage. */
  readonly current: number;
  readonly total: number;
  /** BuildKit's stage label (`base`, `stage-1`), when it prints one. */
  readonly stage?: string;
  /** The instruction as the builder printed it (`RUN npm ci`). */
  readonly instruction: string;
  /** BuildKit's vertex number (`#7`). */
  readonly vertex?: number;
}

const LEGACY_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const PODMAN_STEP = /^STEP (\d+)\/(\d+): (.*)$/;
const BUILDKIT_STEP = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;

/** One output line → the step it starts, if it starts one. */
export function parseStepLine(line: string): BuildStep | undefined {
  const text = line.replace(/\r$/, '');
  let m = LEGACY_STEP.exec(text);
  if (m) return { builder: 'legacy', current: Number(m[1]), total: Number(m[2]), instruction: m[3]! };
  m = BUILDKIT_STEP.exec(text);
  if (m) {
    return { builder: 'buildkit', vertex: Number(m[1]), stage: m[2], current: Number(m[3]), total: Number(m[4]), instruction: m[5]! };
  }
  m = PODMAN_STEP.exec(text);
  if (m) return { builder: 'podman', current: Number(m[1]), total: Number(m[2]), instruction: m[3]! };
  return undefined;
}

/** `step 3/7: RUN npm ci` / `[build 2/4] RUN npm ci`: the indicator's one-line detail. */
export function describeStep(step: BuildStep): string {
  const where = step.builder === 'buildkit' ? `[${step.stage ? `${step.stage} ` : ''}${step.current}/${step.total}]` : `step ${step.current}/${step.total}:`;
  return `${where} ${truncate(step.instruction, 80)}`;
}

/** Splits a stream of chunks into whole lines (a chunk may end mid-line). */
export class LineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map((l) => l.replace(/\r$/, ''));
  }
  flush(): string[] {
    const last = this.rest;
    this.rest = '';
    return last ? [last] : [];
  }
}

export type FailureKind = 'syntax' | 'step' | 'engine' | 'cli' | 'unknown';

export interface BuildFailure {
  readonly kind: FailureKind;
  /** What failed, in one line. */
  readonly message: string;
  /** 1-based Dockerfile line, when the output names or implies it. */
  readonly line?: number;
}

/** Lines a builder prints that never say what went wrong. */
const NOISE = [
  /^DEPRECATED: The legacy builder/,
  /^\s+(Install the buildx component|https:\/\/docs\.docker\.com\/go\/buildx)/,
  /^Sending build context/,
  /^Removing intermediate container/,
  /^\s*---> /,
  /^-+$/,
  /^Usage:/,
  /^Run 'docker build --help'/,
  /^See 'docker build --help'/,
];

// The BuildKit client of the 20.10 CLI races its own session dial against the daemon check, so the same dead
// socket is reported either way: "Cannot connect to the Docker daemon at …" or "failed to dial gRPC: …".
const ENGINE_DOWN = /(Cannot connect to the Docker daemon at (\S+?)\.? Is the docker daemon running\?|failed to dial gRPC: cannot connect to the Docker daemon.*|error during connect:.*|Cannot connect to Podman.*)/;

/**
 * Why a build failed, from its whole output (stdout and stderr interleaved) and the Dockerfile that ran:
 * the one-line reason, and the Dockerfile line when the builder names it (a parse error), shows it
 * (BuildKit's `Dockerfile:12` excerpt) or implies it (the step that was running).
 */
export function analyzeFailure(output: string, model?: DockerfileModel, dockerfileName = 'Dockerfile'): BuildFailure {
  const lines = output.split(/\r?\n/);
  const engine = ENGINE_DOWN.exec(output);
  if (engine) return { kind: 'engine', message: engine[0].trim() };
  if (/BuildKit is enabled but the buildx component is missing or broken/.test(output)) {
    return { kind: 'cli', message: 'BuildKit is enabled (DOCKER_BUILDKIT=1) but the buildx component is missing or broken' };
  }
  const syntax = /dockerfile parse error (?:on )?line (\d+): (.+)$/im.exec(output);
  if (syntax) {
    return { kind: 'syntax', message: `Dockerfile syntax error on line ${syntax[1]}: ${syntax[2]!.trim()}`, line: Number(syntax[1]) };
  }
  const flag = lines.find((l) => /^(invalid argument .* for ".*" flag|unknown flag:|unknown shorthand flag:|"docker build" requires)/.test(l));
  if (flag) return { kind: 'cli', message: flag.trim() };

  // Where: BuildKit's excerpt header names the line outright.
  const named = new RegExp(`^${escapeRegExp(dockerfileName)}:(\\d+)$`, 'm').exec(output);
  let line = named ? Number(named[1]) : undefined;

  // What: the builder's own error line.
  const steps = lines.map(parseStepLine);
  const bkError = lastMatch(lines, /^#(\d+) ERROR: (.+)$/);
  if (bkError) {
    const vertex = Number(bkError[1]);
    const step = steps.find((s) => s?.builder === 'buildkit' && s.vertex === vertex);
    if (line === undefined && step && model) line = instructionForBuildKitStep(model, step)?.line;
    const what = step ? `${truncate(step.instruction, 60)}: ` : '';
    return { kind: 'step', message: `${what}${bkError[2]!.trim()}`, line };
  }
  const lastStepIndex = findLastIndex(steps, (s) => s !== undefined);
  const lastStep = lastStepIndex >= 0 ? steps[lastStepIndex] : undefined;
  const after = lines.slice(lastStepIndex + 1).map((l) => l.trim()).filter((l) => l && !NOISE.some((n) => n.test(l)));
  // The builder's own verdict is the last thing it prints; what the step itself printed comes before it.
  const reason =
    lastStep && lastStep.builder !== 'buildkit'
      ? (after.find((l) => /returned a non-zero code|^(COPY|ADD) failed|^Error: building at STEP/i.test(l)) ?? after.at(-1))
      : undefined;
  if (lastStep && reason) {
    if (line === undefined && model) line = instructionForGlobalStep(model, lastStep.current)?.line;
    return { kind: 'step', message: `${truncate(lastStep.instruction, 60)}: ${stripPrefix(reason)}`, line };
  }
  const final = lastMatch(lines, /^(?:ERROR: |error: )?(failed to solve.*|Error response from daemon: .*|error: .*|ERROR: .*)$/i);
  if (final) {
    // BuildKit's summary names the step that failed: ` > [build 2/4] RUN make:`.
    const summary = lastMatch(lines, /^ > \[(?:(\S+) )?(\d+)\/(\d+)\] (.*):$/);
    const what = summary ? `${truncate(summary[4]!, 60)}: ` : '';
    if (line === undefined && summary && model) {
      line = instructionForBuildKitStep(model, { builder: 'buildkit', stage: summary[1], current: Number(summary[2]), total: Number(summary[3]), instruction: summary[4]! })?.line;
    }
    return { kind: 'step', message: `${what}${stripPrefix(stripPrefix(final[1]!.trim()).replace(/^failed to solve: /, ''))}`, line };
  }
  const meaningful = lines.map((l) => l.trim()).filter((l) => l && !NOISE.some((n) => n.test(l)));
  return { kind: 'unknown', message: meaningful.at(-1) ?? 'the build failed without saying why', line };
}

/** Legacy builder and Podman number steps over every instruction of the file, ARGs before FROM included. */
export function instructionForGlobalStep(model: DockerfileModel, step: number): DockerInstruction | undefined {
  return model.instructions[step - 1];
}

/** Instructions BuildKit turns into a numbered vertex. */
const VERTEX_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/**
 * BuildKit numbers steps within a stage, counting only what makes a vertex (RUN, COPY, ADD, WORKDIR, and
 * FROM of an external image). The printed instruction has its variables expanded, so an exact text
 * match wins and the position is the fallback.
 */
export function instructionForBuildKitStep(model: DockerfileModel, step: BuildStep): DockerInstruction | undefined {
  const stage = resolveStage(model, step.stage);
  if (stage === undefined) return undefined;
  const names = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
  const inStage = model.instructions.filter((i) => i.stage === stage);
  const vertices = inStage.filter((i) => {
    if (i.keyword !== 'FROM') return VERTEX_KEYWORDS.has(i.keyword);
    const image = (i.args.find((a) => !a.startsWith('--')) ?? '').toLowerCase();
    return image !== 'scratch' && !names.has(image);
  });
  const normalized = normalize(step.instruction);
  const exact = vertices.filter((i) => normalize(i.text) === normalized);
  if (exact.length === 1) return exact[0];
  return vertices[step.current - 1] ?? exact[0];
}

function resolveStage(model: DockerfileModel, label: string | undefined): number | undefined {
  if (model.stages.length === 0) return undefined;
  if (label === undefined) return model.stages.length - 1;
  const byName = model.stages.find((s) => s.name?.toLowerCase() === label.toLowerCase());
  if (byName) return byName.index;
  const m = /^stage-(\d+)$/.exec(label);
  if (m && Number(m[1]) < model.stages.length) return Number(m[1]);
  return undefined;
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function stripPrefix(text: string): string {
  return text.replace(/^(ERROR: |error: )/i, '');
}

function lastMatch(lines: readonly string[], re: RegExp): RegExpExecArray | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = re.exec(lines[i]!);
    if (m) return m;
  }
  return undefined;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

