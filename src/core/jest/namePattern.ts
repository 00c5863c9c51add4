// Turns test titles as written (literals, `.each` templates, computed parts) into the regular expressions
// Jest's `--testNamePattern` takes, and matches the titles Jest reports back to the blocks they came from.
import { escapeRegExp } from '../values';
import type { NamePart, TestBlock } from './model';


/**
 * Jest's `.each` placeholders: printf-style (`%s %d %i %f %j %o %O %p %c %#`, `%$` the row number) and the
 * tagged-template table's `$name` / `$name.path`. `%%` is a literal percent sign.
 */
const PLACEHOLDER = /%%|%[sdifjoOpc#$]|\$[A-Za-z_][\w]*(?:\.[\w]+)*/g;

/** Regex source (unanchored) that matches one title. */
export function titlePattern(parts: readonly NamePart[]): string {
  return parts
    .map((part) => {
      if (part.kind === 'literal') return escapeRegExp(part.text);
      if (part.kind === 'dynamic') return '.*';
      let out = '';
      let last = 0;
      for (const m of part.text.matchAll(PLACEHOLDER)) {
        out += escapeRegExp(part.text.slice(last, m.index));
        out += m[0] === '%%' ? '%' : '.*';
        last = m.index + m[0].length;
      }
      return out + escapeRegExp(part.text.slice(last));
    })
    .join('');
}

/**
 * The `--testNamePattern` for one block: Jest matches it against a test's full name (its describe titles
 * and its own, joined by spaces). A describe selects every test under it.
 */
export function blockNamePattern(path: readonly TestBlock[], block: TestBlock): string {
  const body = [...path, block].map((b) => titlePattern(b.nameParts)).join(' ');
  return block.kind === 'test' ? `^${body}$` : `^${body}( |$)`;
}

/** One pattern that selects any of several blocks. */
export function combinePatterns(patterns: readonly string[]): string {
  const unique = [...new Set(patterns)];
  return unique.length === 1 ? unique[0]! : unique.map((p) => `(?:${p})`).join('|');
}

const titleRegexCache = new WeakMap<readonly NamePart[], RegExp>();

/** True when a title Jest reported was produced by this block's title (exactly, or as an `.each` row). */
export function titleMatches(parts: readonly NamePart[], title: string): boolean {
  if (parts.every((p) => p.kind === 'literal')) return parts.map((p) => p.text).join('') === title;
  let re = titleRegexCache.get(parts);
  if (!re) {
    re = new RegExp(`^${titlePattern(parts)}$`, 's');
    titleRegexCache.set(parts, re);
  }
  return re.test(title);
}

/**
 * The test block a reported result belongs to: the describe titles must match level by level and the
 * title must match the test. Exact titles win over templates; among equals, the one declared at the
 * reported line (Jest's `location`) wins.
 */
export function findBlockForResult(
  blocks: readonly TestBlock[],
  ancestorTitles: readonly string[],
  title: string,
  line?: number,
): { block: TestBlock; path: TestBlock[] } | undefined {
  const found: { block: TestBlock; path: TestBlock[]; exact: boolean }[] = [];
  const visit = (level: readonly TestBlock[], depth: number, path: TestBlock[], exact: boolean) => {
    for (const b of level) {
      if (depth < ancestorTitles.length) {
        if (b.kind === 'describe' && titleMatches(b.nameParts, ancestorTitles[depth]!)) {
          visit(b.children, depth + 1, [...path, b], exact && isLiteral(b));
        }
      } else if (b.kind === 'test' && titleMatches(b.nameParts, title)) {
        found.push({ block: b, path, exact: exact && isLiteral(b) });
      }
    }
  };
  visit(blocks, 0, [], true);
  if (found.length <= 1) return found[0];
  const exact = found.filter((f) => f.exact);
  const pool = exact.length > 0 ? exact : found;
  if (line !== undefined) {
    const at = pool.find((f) => f.block.range.start.line <= line && line <= f.block.range.end.line);
    if (at) return at;
  }
  return pool[0];
}

function isLiteral(b: TestBlock): boolean {
  return b.nameParts.every((p) => p.kind === 'literal');
}
