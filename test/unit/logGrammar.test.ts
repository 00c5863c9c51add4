// The log grammar injected into the Output view: valid, injected into the log language, and its patterns
// pick out the parts of the lines the extension writes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'devops-lifecycle-log.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, { match: string; name: string }>;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
};

/** The first rule whose pattern matches `text` (the grammar's regexes are plain enough for JS). */
function scopesIn(line: string): string[] {
  const found: string[] = [];
  for (const rule of Object.values(grammar.repository)) {
    for (const m of line.matchAll(new RegExp(rule.match, 'g'))) if (m[0]) found.push(`${rule.name}:${m[0]}`);
  }
  return found;
}

describe('log grammar', () => {
  it('is contributed as an injection into the log language', () => {
    const contributed = pkg.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
    assert.ok(contributed, 'package.json does not contribute the grammar');
    assert.deepEqual(contributed.injectTo, ['text.log']);
    assert.equal(grammar.injectionSelector, 'L:text.log');
  });

  it('colours stage tags, paths and durations of a scan line', () => {
    const scopes = scopesIn('[build] Docker: Dockerfile, api/Dockerfile.dev');
    assert.ok(scopes.includes('keyword.control.stage.devops-lifecycle:[build]'));
    assert.ok(scopes.includes('string.unquoted.path.devops-lifecycle:Dockerfile'));
    assert.ok(scopesIn('[scan] demo: 17 tools in 8/8 stages — 23 files listed with git in 25 ms').includes('constant.numeric.duration.devops-lifecycle:25 ms'));
  });

  it('marks problems and gaps', () => {
    assert.ok(scopesIn('[problem] k8s/broken.yaml:3 malformed YAML').some((s) => s.startsWith('invalid.illegal.devops-lifecycle:[problem]')));
    assert.ok(scopesIn('[plan] gap: nothing detected').includes('comment.line.gap.devops-lifecycle:gap: nothing detected'));
    assert.ok(scopesIn('[plan] gap: nothing detected').includes('keyword.control.stage.devops-lifecycle:[plan]'));
  });
});
