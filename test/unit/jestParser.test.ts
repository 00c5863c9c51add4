// The test file parser on literal sources: every block form Jest accepts, ranges, `.each` templates,
// modifiers, computed titles, TypeScript/JSX/Flow syntax, and files that do not parse.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestBlock } from '../../src/core/jest/model';
import { parseTestFile } from '../../src/core/jest/testFileParser';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'jest');

/** A compact outline: `describe math [2-36]` lines, indented by depth. */
function outline(blocks: readonly TestBlock[], depth = 0): string[] {
  return blocks.flatMap((b) => [
    `${'  '.repeat(depth)}${b.kind} ${b.name}${b.modifiers.length ? ` (${b.modifiers.join(',')})` : ''} [${b.range.start.line}-${b.range.end.line}]`,
    ...outline(b.children, depth + 1),
  ]);
}

describe('jest parser', () => {
  it('reads the JS fixture: nested describes, test.each as one template item, skip and todo', () => {
    const file = join(FIXTURES, 'basic', 'src', 'math.test.js');
    const parsed = parseTestFile(readFileSync(file, 'utf8'), file);
    assert.equal(parsed.error, undefined);
    assert.deepEqual(outline(parsed.blocks), [
      'describe math [2-36]',
      '  describe add [3-19]',
      '    test adds two numbers [4-6]',
      '    test is wrong on purpose [8-10]',
      '    test adds %i + %i = %i (each) [12-18]',
      '  describe divide [21-33]',
      '    test divides [22-24]',
      '    test throws on zero [26-28]',
      '    test rounds (not yet) (skip) [30-32]',
      '  test multiplies (todo) [35-35]',
    ]);
  });

  it('reads the TS fixture: type annotations, tagged-template it.each, describe.skip', () => {
    const file = join(FIXTURES, 'basic', 'src', 'strings.test.ts');
    const parsed = parseTestFile(readFileSync(file, 'utf8'), file);
    assert.equal(parsed.error, undefined);
    assert.deepEqual(outline(parsed.blocks), [
      'describe strings [2-33]',
      '  describe greet [3-16]',
      '    test greets by name [4-7]',
      '    test greets $name with $punctuation (each) [9-15]',
      '  describe words [18-26]',
      '    test splits on whitespace [19-21]',
      '    test keeps punctuation (fails on purpose) [23-25]',
      '  describe unicode (skip) [28-32]',
      '    test splits on no-break space [29-31]',
    ]);
    assert.deepEqual(parsed.blocks[0]!.children[0]!.children[1]!.nameParts, [{ kind: 'template', text: 'greets $name with $punctuation' }]);
  });

  it('knows every alias and chain: fit, xit, xtest, fdescribe, xdescribe, .only, .concurrent.skip, .failing, describe.each', () => {
    const src = [
      "fdescribe('focused', () => { fit('f', () => {}); });",
      "xdescribe('off', () => { xit('x', () => {}); xtest('y', () => {}); });",
      "test.only('only', () => {});",
      "test.concurrent.skip('cs', async () => {});",
      "it.failing('known bug', () => {});",
      "describe.each([[1], [2]])('row %d', (n) => { test('is a number', () => {}); });",
      "describe.only.each`a\n${1}`('tag $a', () => {});",
      "test.each([1]); // not a block without its second call",
      "expect.each; other.test('no', () => {}); test['skip']('computed member is not a chain', () => {});",
    ].join('\n');
    const parsed = parseTestFile(src, 'aliases.test.js');
    assert.deepEqual(outline(parsed.blocks), [
      'describe focused (only) [0-0]',
      '  test f (only) [0-0]',
      'describe off (skip) [1-1]',
      '  test x (skip) [1-1]',
      '  test y (skip) [1-1]',
      'test only (only) [2-2]',
      'test cs (concurrent,skip) [3-3]',
      'test known bug (failing) [4-4]',
      'describe row %d (each) [5-5]',
      '  test is a number [5-5]',
      'describe tag $a (only,each) [6-7]',
    ]);
  });

  it('keeps computed titles as dynamic parts and template literals as text', () => {
    const src = "describe(Service.name, () => {\n  test(`plain ${'x'} end`, () => {});\n  test(`no expressions`, () => {});\n});\n";
    const parsed = parseTestFile(src, 'dyn.test.ts');
    const d = parsed.blocks[0]!;
    assert.deepEqual(d.nameParts, [{ kind: 'dynamic', text: 'Service.name' }]);
    assert.deepEqual(d.children[0]!.nameParts, [
      { kind: 'literal', text: 'plain ' },
      { kind: 'dynamic', text: "${'x'}" },
      { kind: 'literal', text: ' end' },
    ]);
    assert.deepEqual(d.children[1]!.nameParts, [{ kind: 'literal', text: 'no expressions' }]);
  });

  it('finds blocks inside loops, helpers and conditionals, with columns', () => {
    const src = "for (const n of [1, 2]) {\n  if (n) {\n    test('in a loop', () => {});\n  }\n}\nfunction suite() { describe('in a helper', () => {}); }\n";
    const parsed = parseTestFile(src, 'loops.test.js');
    assert.deepEqual(parsed.blocks.map((b) => [b.name, b.range.start]), [
      ['in a loop', { line: 2, column: 4 }],
      ['in a helper', { line: 5, column: 19 }],
    ]);
  });

  it('parses TSX, generics, decorators, satisfies, and Flow-annotated JS', () => {
    const tsx = "import React from 'react';\ndescribe('App', () => { it('renders', () => { const el = <App<string> title=\"x\" />; expect(el).toBeTruthy(); }); });";
    assert.deepEqual(outline(parseTestFile(tsx, 'App.test.tsx').blocks), ['describe App [1-1]', '  test renders [1-1]']);
    const ts = "const cast = <T,>(x: unknown) => x as T;\n@Injectable() class S {}\nconst c = { a: 1 } satisfies Record<string, number>;\ntest('generic <T>', () => { expect(cast<number>(1)).toBe(1); });";
    assert.deepEqual(outline(parseTestFile(ts, 'g.test.ts').blocks), ['test generic <T> [3-3]']);
    const flow = "// @flow\nfunction f(x: number): string { return String(x); }\ntest('flow', () => {});";
    const parsed = parseTestFile(flow, 'flow.test.js');
    assert.equal(parsed.error, undefined);
    assert.deepEqual(outline(parsed.blocks), ['test flow [2-2]']);
  });

  it('reports a syntax error with its line and keeps the blocks it could recover', () => {
    const file = join(FIXTURES, 'faults', 'syntax-error', 'src', 'broken.test.js');
    const parsed = parseTestFile(readFileSync(file, 'utf8'), file);
    assert.ok(parsed.error, 'expected a parse error');
    assert.equal(parsed.error.line, 6);
    assert.match(parsed.error.message, /Unexpected token/);
    const hopeless = parseTestFile("describe('a', () => {\n  test('b', () => {\n", 'cut.test.js');
    assert.ok(hopeless.error);
    assert.equal(hopeless.blocks.length, 0);
  });

  it('parses a 3,000-test file in well under a second', () => {
    const body = Array.from({ length: 300 }, (_, i) => `describe('group ${i}', () => {\n${Array.from({ length: 10 }, (_, j) => `  test('case ${j}', () => { expect(${i} + ${j}).toBe(${i + j}); });`).join('\n')}\n});`).join('\n');
    const started = performance.now();
    const parsed = parseTestFile(body, 'big.test.js');
    const ms = performance.now() - started;
    assert.equal(parsed.blocks.length, 300);
    assert.equal(parsed.blocks.reduce((n, b) => n + b.children.length, 0), 3000);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });
});
