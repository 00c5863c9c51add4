// Reads the parts of a Jest config that decide which files are tests — without running it. JSON
// (jest.config.json, package.json "jest") is read whole; JavaScript and TypeScript configs are parsed
// and only what is written literally is taken (`module.exports = {…}`, `export default {…}`,
// `defineConfig({…})`, a `const config = {…}` exported by name). Anything computed is reported as
// dynamic and Jest's default is used for it: the workspace's code is never executed.
import { parse } from '@babel/parser';
import { isRecord } from '../values';
import type { StaticJestConfig } from './model';

/** Config file names Jest looks for, in its own order of precedence. */
export const JEST_CONFIG_FILES = [
  'jest.config.js', 'jest.config.ts', 'jest.config.mjs', 'jest.config.cjs', 'jest.config.mts', 'jest.config.cts', 'jest.config.json',
] as const;

const KEYS = ['rootDir', 'roots', 'testMatch', 'testRegex', 'testPathIgnorePatterns', 'moduleFileExtensions', 'projects'] as const;
type Key = (typeof KEYS)[number];

/** A config from a JSON value (package.json's `jest` key or jest.config.json). */
export function configFromJson(value: unknown): StaticJestConfig {
  if (!isRecord(value)) return { dynamicKeys: [] };
  const obj = value;
  const out: Record<string, unknown> = {};
  const dynamicKeys: string[] = [];
  for (const key of KEYS) {
    if (!(key in obj)) continue;
    const v = normalise(key, obj[key]);
    if (v === undefined) dynamicKeys.push(key);
    else out[key] = v;
  }
  return { ...(out as Partial<StaticJestConfig>), dynamicKeys };
}

/** Keeps a key's value when it has the type Jest expects; `projects` keeps only its path entries. */
function normalise(key: Key, v: unknown): unknown {
  const strings = (x: unknown) => (Array.isArray(x) && x.every((s) => typeof s === 'string') ? (x as string[]) : undefined);
  switch (key) {
    case 'rootDir':
      return typeof v === 'string' ? v : undefined;
    case 'testRegex':
      return typeof v === 'string' ? [v] : strings(v);
    case 'projects':
      return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : undefined;
    default:
      return strings(v);
  }
}

interface Node {
  type: string;
  start?: number | null;
  end?: number | null;
  [key: string]: unknown;
}

/** A config from the source of jest.config.{js,ts,mjs,cjs,mts,cts}, as far as it is literal. */
export function configFromSource(source: string, fileName: string): StaticJestConfig {
  let program: Node;
  try {
    const ast = parse(source, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      plugins: /\.[mc]?ts$/.test(fileName) ? ['typescript'] : ['jsx'],
    }) as unknown as { program: Node };
    program = ast.program;
  } catch {
    return { dynamicKeys: ['(the file does not parse)'] };
  }
  const body = program.body as Node[];
  const bindings = new Map<string, Node>();
  for (const stmt of body) {
    const decl = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? (stmt.declaration as Node) : stmt;
    if (decl.type !== 'VariableDeclaration') continue;
    for (const d of decl.declarations as Node[]) {
      const id = d.id as Node;
      if (id.type === 'Identifier' && d.init) bindings.set(id.name as string, d.init as Node);
    }
  }
  let exported: Node | undefined;
  for (const stmt of body) {
    if (stmt.type === 'ExportDefaultDeclaration') exported = stmt.declaration as Node;
    if (stmt.type === 'ExpressionStatement') {
      const e = stmt.expression as Node;
      if (e.type === 'AssignmentExpression' && isModuleExports(e.left as Node)) exported = e.right as Node;
    }
    // TypeScript's `export = {…}`.
    if (stmt.type === 'TSExportAssignment') exported = stmt.expression as Node;
  }
  const object = exported && resolveObject(exported, bindings, 0);
  if (!object) return { dynamicKeys: exported ? ['(the exported config is computed)'] : ['(no exported config found)'] };
  return readObject(object, bindings);
}

function isModuleExports(n: Node): boolean {
  return (
    n.type === 'MemberExpression' &&
    (n.object as Node).type === 'Identifier' && (n.object as Node).name === 'module' &&
    (n.property as Node).type === 'Identifier' && (n.property as Node).name === 'exports'
  );
}

/** Follows `x as Config`, `defineConfig({…})`, `() => ({…})`, a named const, to the object literal. */
function resolveObject(n: Node, bindings: Map<string, Node>, depth: number): Node | undefined {
  if (depth > 8) return undefined;
  switch (n.type) {
    case 'ObjectExpression':
      return n;
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
      return resolveObject(n.expression as Node, bindings, depth + 1);
    case 'Identifier': {
      const bound = bindings.get(n.name as string);
      return bound && resolveObject(bound, bindings, depth + 1);
    }
    case 'CallExpression': {
      // defineConfig({…}) and similar identity helpers.
      const [first] = n.arguments as Node[];
      return first && resolveObject(first, bindings, depth + 1);
    }
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'FunctionDeclaration': {
      const body = n.body as Node;
      if (body.type !== 'BlockStatement') return resolveObject(body, bindings, depth + 1);
      const ret = (body.body as Node[]).find((s) => s.type === 'ReturnStatement');
      return ret?.argument ? resolveObject(ret.argument as Node, bindings, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

function readObject(object: Node, bindings: Map<string, Node>): StaticJestConfig {
  const out: Record<string, unknown> = {};
  const dynamicKeys: string[] = [];
  for (const prop of object.properties as Node[]) {
    if (prop.type === 'SpreadElement') {
      // `...base`: follow it when it is a literal object in the same file, else its keys are unknown.
      const spread = resolveObject(prop.argument as Node, bindings, 0);
      if (spread) {
        const inner = readObject(spread, bindings);
        Object.assign(out, inner);
        dynamicKeys.push(...inner.dynamicKeys);
      } else dynamicKeys.push('(spread)');
      continue;
    }
    if (prop.type !== 'ObjectProperty' || prop.computed) continue;
    const keyNode = prop.key as Node;
    const key = keyNode.type === 'Identifier' ? (keyNode.name as string) : keyNode.type === 'StringLiteral' ? (keyNode.value as string) : undefined;
    if (!key || !(KEYS as readonly string[]).includes(key)) continue;
    const value = literal(prop.value as Node, bindings, 0);
    const v = value === NOT_LITERAL ? undefined : normalise(key as Key, value);
    if (v === undefined) dynamicKeys.push(key);
    else out[key] = v;
  }
  return { ...(out as Partial<StaticJestConfig>), dynamicKeys: [...new Set(dynamicKeys)] };
}

const NOT_LITERAL = Symbol('not literal');

function literal(n: Node, bindings: Map<string, Node>, depth: number): unknown {
  if (depth > 8) return NOT_LITERAL;
  switch (n.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return n.value;
    case 'TemplateLiteral':
      return (n.expressions as Node[]).length === 0 ? ((n.quasis as Node[])[0]?.value as { cooked: string }).cooked : NOT_LITERAL;
    case 'RegExpLiteral':
      return n.pattern;
    case 'ArrayExpression': {
      const items = (n.elements as (Node | null)[]).map((e) => (e ? literal(e, bindings, depth + 1) : NOT_LITERAL));
      return items.includes(NOT_LITERAL) ? NOT_LITERAL : items;
    }
    case 'Identifier': {
      const bound = bindings.get(n.name as string);
      return bound ? literal(bound, bindings, depth + 1) : NOT_LITERAL;
    }
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'ParenthesizedExpression':
      return literal(n.expression as Node, bindings, depth + 1);
    case 'ObjectExpression':
      // `projects: [{…}]` inline project configs are not paths; keep them out.
      return {};
    default:
      return NOT_LITERAL;
  }
}
