// Parses a Jest test file into its describe/test blocks with their ranges, using Babel's parser (the
// one Jest itself uses through babel-jest), without running anything. Understands every form Jest
// accepts: `describe`/`test`/`it`, their `x`/`f` aliases, `.skip/.only/.todo/.concurrent/.failing`
// chains and `.each` in its array and tagged-template forms (one block named by the template).
import { parse, type ParserPlugin } from '@babel/parser';
import type { BlockModifier, NamePart, ParsedTestFile, ParseProblem, Range, TestBlock } from './model';

/** The block functions Jest puts in scope, and what their alias implies. */
const ROOTS: Record<string, { kind: 'describe' | 'test'; implied?: BlockModifier }> = {
  describe: { kind: 'describe' },
  fdescribe: { kind: 'describe', implied: 'only' },
  xdescribe: { kind: 'describe', implied: 'skip' },
  test: { kind: 'test' },
  it: { kind: 'test' },
  fit: { kind: 'test', implied: 'only' },
  xit: { kind: 'test', implied: 'skip' },
  xtest: { kind: 'test', implied: 'skip' },
};

const MODIFIERS = new Set<string>(['skip', 'only', 'todo', 'each', 'concurrent', 'failing']);

/** AST keys that never hold a test block: positions, comments and type annotations. */
const SKIP_KEYS = new Set([
  'loc', 'start', 'end', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments',
  'typeAnnotation', 'typeParameters', 'returnType', 'typeArguments', 'superTypeParameters', 'decorators',
]);

// The AST is walked generically (any node, any key) so that blocks inside helpers, loops and
// conditionals are found too; these are the few node shapes the walk needs to read.
interface Node {
  type: string;
  start?: number | null;
  end?: number | null;
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } } | null;
  [key: string]: unknown;
}

/** Babel plugin sets to try for a file, in order: the first that parses wins. */
function pluginSets(fileName: string): ParserPlugin[][] {
  const common: ParserPlugin[] = ['decorators-legacy', 'explicitResourceManagement'];
  if (/\.[mc]?tsx$/i.test(fileName)) return [['typescript', 'jsx', ...common]];
  if (/\.[mc]?ts$/i.test(fileName)) return [['typescript', ...common], ['typescript', 'jsx', ...common]];
  // JavaScript: plain JSX first; Flow-annotated files (React Native projects) parse with the flow plugin.
  return [['jsx', ...common], ['jsx', 'flow', ...common]];
}

export function parseTestFile(source: string, fileName: string): ParsedTestFile {
  let firstError: ParseProblem | undefined;
  for (const plugins of pluginSets(fileName)) {
    let ast: Node;
    try {
      ast = parse(source, {
        sourceType: 'unambiguous',
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        plugins,
      }) as unknown as Node;
    } catch (e) {
      firstError ??= toProblem(e);
      continue;
    }
    const blocks: TestBlock[] = [];
    walk(ast.program, blocks, source);
    const recovered = (ast.errors as unknown[] | undefined) ?? [];
    return recovered.length > 0 ? { blocks, error: toProblem(recovered[0]) } : { blocks };
  }
  return { blocks: [], error: firstError ?? { message: 'the file could not be parsed', line: 0, column: 0 } };
}

function toProblem(e: unknown): ParseProblem {
  const err = e as { message?: string; loc?: { line: number; column: number } };
  // Babel appends " (line:column)" to its messages; the location is reported separately.
  const message = (err.message ?? String(e)).replace(/\s*\(\d+:\d+\)$/, '');
  return { message, line: Math.max(0, (err.loc?.line ?? 1) - 1), column: err.loc?.column ?? 0 };
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';
}

function walk(node: unknown, into: TestBlock[], source: string): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, into, source);
    return;
  }
  if (!isNode(node)) return;
  if (node.type === 'CallExpression') {
    const block = blockOf(node, source);
    if (block) {
      into.push(block.block);
      // Only describes hold blocks; a test's body cannot declare tests.
      if (block.block.kind === 'describe') walk(node.arguments, block.children, source);
      return;
    }
  }
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
    const child = node[key];
    if (typeof child === 'object' && child !== null) walk(child, into, source);
  }
}

/** The identifier chain of a callee (`test.concurrent.only` → ['test','concurrent','only']), or undefined. */
function chainOf(node: Node): string[] | undefined {
  if (node.type === 'Identifier') return [node.name as string];
  if (node.type === 'MemberExpression' && !node.computed && isNode(node.object) && isNode(node.property) && node.property.type === 'Identifier') {
    const head = chainOf(node.object);
    return head && [...head, node.property.name as string];
  }
  return undefined;
}

function blockOf(call: Node, source: string): { block: TestBlock; children: TestBlock[] } | undefined {
  const callee = call.callee as Node;
  let chain: string[] | undefined;
  // `test.each(table)(name, fn)` and `test.each\`table\`(name, fn)`: the callee is itself a call or a tagged template.
  if (callee.type === 'CallExpression' && isNode(callee.callee)) chain = chainOf(callee.callee);
  else if (callee.type === 'TaggedTemplateExpression' && isNode(callee.tag)) chain = chainOf(callee.tag);
  else chain = chainOf(callee);
  if (!chain || chain.length === 0) return undefined;
  const [head, ...rest] = chain;
  const root = ROOTS[head!];
  if (!root || !rest.every((m) => MODIFIERS.has(m))) return undefined;
  const isEach = rest.includes('each');
  // `describe.each(table)` alone (without the second call) is not a block yet.
  if (isEach !== (callee.type === 'CallExpression' || callee.type === 'TaggedTemplateExpression')) return undefined;
  const args = call.arguments as Node[];
  const title = args[0];
  if (!title) return undefined;
  const modifiers = [...(root.implied ? [root.implied] : []), ...rest] as BlockModifier[];
  const nameParts = namePartsOf(title, source, isEach);
  const children: TestBlock[] = [];
  const block: TestBlock = {
    kind: root.kind,
    name: nameParts.map((p) => p.text).join(''),
    nameParts,
    modifiers,
    range: rangeOf(call),
    children,
  };
  return { block, children };
}

function namePartsOf(title: Node, source: string, isEach: boolean): NamePart[] {
  if (title.type === 'StringLiteral') return [{ kind: isEach ? 'template' : 'literal', text: title.value as string }];
  if (title.type === 'TemplateLiteral') {
    const quasis = title.quasis as Node[];
    const expressions = title.expressions as Node[];
    const parts: NamePart[] = [];
    quasis.forEach((q, i) => {
      const cooked = (q.value as { cooked?: string | null; raw: string }).cooked ?? (q.value as { raw: string }).raw;
      if (cooked) parts.push({ kind: isEach ? 'template' : 'literal', text: cooked });
      const e = expressions[i];
      if (e) parts.push({ kind: 'dynamic', text: `\${${source.slice(e.start ?? 0, e.end ?? 0)}}` });
    });
    return parts.length > 0 ? parts : [{ kind: 'literal', text: '' }];
  }
  // A class or function as the title (`describe(Foo, …)`), or any computed value: known at run time only.
  return [{ kind: 'dynamic', text: source.slice(title.start ?? 0, title.end ?? 0) }];
}

function rangeOf(node: Node): Range {
  const loc = node.loc!;
  return {
    start: { line: loc.start.line - 1, column: loc.start.column },
    end: { line: loc.end.line - 1, column: loc.end.column },
  };
}

/** Every block of a file in document order, with its path of enclosing blocks (handy for lookups). */
export function* flattenBlocks(blocks: readonly TestBlock[], path: readonly TestBlock[] = []): Generator<{ block: TestBlock; path: readonly TestBlock[] }> {
  for (const block of blocks) {
    yield { block, path };
    yield* flattenBlocks(block.children, [...path, block]);
  }
}
