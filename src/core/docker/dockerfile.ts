// A Dockerfile as this capability needs it, parsed with dockerfile-ast: its instructions (with lines), its
// stages (the multi-stage targets a build can stop at), and the local sources of COPY/ADD (to check the
// build context before building).
import { DockerfileParser } from 'dockerfile-ast';

export interface DockerInstruction {
  /** Uppercase keyword: FROM, RUN, COPY… */
  readonly keyword: string;
  /** 1-based first and last line (a continued instruction spans several). */
  readonly line: number;
  readonly endLine: number;
  /** The instruction as one line: keyword and arguments, continuations joined. */
  readonly text: string;
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  readonly stage: number;
  /** `--name=value` flags (`from`, `chown`…). */
  readonly flags: Readonly<Record<string, string>>;
  readonly args: readonly string[];
}

export interface DockerStage {
  readonly index: number;
  /** The `AS name`, when given. */
  readonly name?: string;
  /** The base image (`node:20-alpine`, `scratch`, or an earlier stage's name). */
  readonly image: string;
  /** 1-based line of its FROM. */
  readonly line: number;
}

export interface DockerfileModel {
  readonly instructions: readonly DockerInstruction[];
  readonly stages: readonly DockerStage[];
}

export function parseDockerfile(content: string): DockerfileModel {
  const doc = DockerfileParser.parse(content);
  const instructions: DockerInstruction[] = [];
  const stages: DockerStage[] = [];
  for (const i of doc.getInstructions()) {
    const keyword = i.getKeyword().toUpperCase();
    const range = i.getRange();
    const raw = i.getArgumentsContent() ?? '';
    const flags: Record<string, string> = {};
    const withFlags = i as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] };
    for (const f of withFlags.getFlags?.() ?? []) flags[f.getName().toLowerCase()] = f.getValue() ?? '';
    const args = jsonArgs(raw) ?? i.getArguments().map((a) => a.getValue());
    if (keyword === 'FROM') {
      const from = args.filter((a) => !a.startsWith('--'));
      const as = from.findIndex((a) => a.toLowerCase() === 'as');
      stages.push({ index: stages.length, name: as >= 0 ? from[as + 1] : undefined, image: from[0] ?? '', line: range.start.line + 1 });
    }
    instructions.push({
      keyword,
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      text: `${keyword} ${raw.replace(/\s+/g, ' ').trim()}`.trim(),
      stage: stages.length - 1,
      flags,
      args,
    });
  }
  return { instructions, stages };
}

/** `["a b", "c"]` exec/JSON form → its strings; undefined when the arguments are not a JSON array. */
function jsonArgs(raw: string): string[] | undefined {
  const t = raw.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export interface CopySource {
  /** The source as written (relative to the build context). */
  readonly source: string;
  readonly line: number;
  readonly keyword: 'COPY' | 'ADD';
}

/**
 * The local sources COPY/ADD read from the build context: not those copied from another stage or image
 * (`--from`), not URLs or git refs (ADD), and not ones with variables or wildcards, which only the
 * builder can resolve.
 */
export function contextSources(model: DockerfileModel): CopySource[] {
  const out: CopySource[] = [];
  for (const i of model.instructions) {
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
    if (i.flags.from !== undefined) continue;
    const operands = i.args.filter((a) => !a.startsWith('--'));
    // Heredoc sources (`COPY <<EOF /x`) are inline content.
    if (operands.some((a) => a.startsWith('<<'))) continue;
    for (const source of operands.slice(0, -1)) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@')) continue;
      if (/[$*?[\]]/.test(source)) continue;
      out.push({ source, line: i.line, keyword: i.keyword });
    }
  }
  return out;
}
