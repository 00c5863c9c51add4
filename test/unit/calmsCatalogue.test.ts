// The CALMS catalogue: five pillars in order, 5–8 items each, stable unique ids, a one-line why for every
// item, and evidence rules that only name tools and stages the scanner really reports.
import * as assert from 'node:assert/strict';
import { CATALOGUE, itemById, itemsOf, PILLARS } from '../../src/core/calms/catalogue';
import { STAGES } from '../../src/core/lifecycle/stages';
import { TOOLS } from '../../src/core/lifecycle/tools';

describe('CALMS catalogue', () => {
  it('has the five pillars, in CALMS order', () => {
    assert.deepEqual(PILLARS.map((p) => p.id), ['culture', 'automation', 'lean', 'measurement', 'sharing']);
    assert.deepEqual(PILLARS.map((p) => p.name), ['Culture', 'Automation', 'Lean', 'Measurement', 'Sharing']);
    for (const p of PILLARS) assert.ok(p.summary.length > 20, `${p.id} has no summary`);
  });

  it('has 5 to 8 items per pillar, with evidence items in each and team answers where no file can prove it', () => {
    for (const p of PILLARS) {
      const items = itemsOf(p.id);
      assert.ok(items.length >= 5 && items.length <= 8, `${p.id} has ${items.length} items`);
      assert.ok(items.some((i) => i.evidence), `${p.id} has no evidence item`);
    }
    // Automation is all provable from files; the people practices of the other pillars are answered.
    for (const p of ['culture', 'lean', 'measurement', 'sharing'] as const) assert.ok(itemsOf(p).some((i) => !i.evidence), `${p} has no manual item`);
  });

  it('gives every item a unique <pillar>.<name> id, a title and a one-line why', () => {
    const ids = CATALOGUE.map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    for (const item of CATALOGUE) {
      assert.match(item.id, new RegExp(`^${item.pillar}\\.[a-z][a-z-]+$`));
      assert.equal(itemById(item.id), item);
      assert.ok(item.title.length > 5 && !item.title.endsWith('.'), `${item.id}: title`);
      assert.ok(!item.why.includes('\n') && item.why.length >= 30 && item.why.length <= 160, `${item.id}: why must be one line (${item.why.length} chars)`);
      assert.match(item.why, /\.$/, `${item.id}: why is a sentence`);
    }
  });

  it('names only tools and stages the scanner reports, and says what it looks for', () => {
    const tools = new Set(TOOLS.map((t) => t.id));
    const stages = new Set(STAGES.map((s) => s.id));
    for (const item of CATALOGUE) {
      if (!item.evidence) continue;
      assert.ok(item.evidence.lookFor.length > 10, `${item.id}: lookFor`);
      assert.ok(item.evidence.rules.length > 0, `${item.id}: no rules`);
      for (const rule of item.evidence.rules) {
        if (rule.kind === 'tools') for (const t of rule.tools) assert.ok(tools.has(t), `${item.id}: unknown tool ${t}`);
        if (rule.kind === 'stage') assert.ok(stages.has(rule.stage), `${item.id}: unknown stage ${rule.stage}`);
      }
    }
  });

  it('includes the practices CALMS is known for', () => {
    for (const id of ['culture.codeowners', 'culture.postmortems', 'automation.ci', 'automation.iac', 'automation.deploy', 'lean.short-branches',
      'lean.small-changes', 'measurement.monitoring', 'measurement.dora', 'sharing.readme', 'sharing.contributing', 'sharing.runbooks', 'sharing.adrs']) {
      assert.ok(itemById(id), `missing ${id}`);
    }
  });
});
