// .devops/calms.json on a real file system: the schema (valid, invalid with where, future version),
// atomic writes (a crash before the rename leaves the old file byte for byte), corrupt and future files
// kept and never written over without a backup, and external edits between read and write merged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { applyAnswer } from '../../src/core/calms/changes';
import { CALMS_SCHEMA_VERSION, type CalmsDocument, emptyDocument, parseCalms, serializeCalms } from '../../src/core/calms/document';
import { CalmsFileError, CalmsStore } from '../../src/core/calms/store';
import { parseWebviewMessage } from '../../src/webview/protocol';
import { removeTmpDirs, tmpDir } from './calmsTestRepo';

const file = (root: string) => join(root, '.devops', 'calms.json');
const read = (root: string) => fs.readFileSync(file(root), 'utf8');
const write = (root: string, text: string) => {
  fs.mkdirSync(join(root, '.devops'), { recursive: true });
  fs.writeFileSync(file(root), text);
};
const devopsEntries = (root: string) => fs.readdirSync(join(root, '.devops')).sort();
const tick = (id: string, note?: string) => (d: CalmsDocument) => applyAnswer(d, { itemId: id, done: true, note }, 'Ada', new Date('2025-05-06T10:00:00Z'), new Map());

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof CalmsFileError, `not a CalmsFileError: ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

after(removeTmpDirs);

describe('calms.json schema', () => {
  it('reads a valid version 1 file', () => {
    const r = parseCalms(JSON.stringify({ version: 1, answers: { 'culture.review': { done: true, note: 'n', by: 'A', at: '2025-01-01T00:00:00Z' } }, history: [{ date: '2025-01-01', overall: 12, pillars: { culture: 40 } }] }));
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok') assert.equal(r.doc.answers['culture.review']?.note, 'n');
  });

  it('says where a file is wrong', () => {
    const cases: [string, RegExp][] = [
      ['{"version": 1, "answers": {', /not valid JSON \(line 1, column \d+\)/],
      ['<<<<<<< HEAD\n{"version": 1}\n=======\n', /not valid JSON/],
      ['[]', /must hold a JSON object/],
      ['{"answers": {}}', /"version" must be a whole number/],
      ['{"version": "1"}', /"version" must be a whole number/],
      ['{"version": 1, "answers": []}', /"answers" must be an object/],
      ['{"version": 1, "answers": {"culture.review": {"done": "yes"}}}', /answers\["culture.review"\].done must be true or false/],
      ['{"version": 1, "answers": {"culture.review": {"done": true, "note": 5}}}', /\.note must be text/],
      ['{"version": 1, "answers": {"culture.review": {"done": true, "at": "yesterday"}}}', /\.at must be an ISO 8601/],
      ['{"version": 1, "history": {}}', /"history" must be an array/],
      ['{"version": 1, "history": [{"date": "01/02/2025", "overall": 1, "pillars": {}}]}', /history\[0\].date must be a day/],
      ['{"version": 1, "history": [{"date": "2025-01-02", "overall": 101, "pillars": {}}]}', /history\[0\].overall must be a number from 0 to 100/],
      ['{"version": 1, "history": [{"date": "2025-01-02", "overall": 1, "pillars": {"lean": -1}}]}', /history\[0\].pillars.lean/],
    ];
    for (const [text, message] of cases) {
      const r = parseCalms(text);
      assert.equal(r.kind, 'invalid', text);
      if (r.kind === 'invalid') assert.match(r.message, message, text);
    }
  });

  it('recognises a file from a newer version', () => {
    const r = parseCalms('{"version": 2, "answers": {"x": "a shape this version does not know"}}');
    assert.equal(r.kind, 'future');
    if (r.kind === 'future') {
      assert.equal(r.version, 2);
      assert.match(r.message, /newer DevOps Lifecycle \(schema version 2; this one reads version 1\)/);
    }
  });

  it('keeps fields it does not know, and an id such as __proto__ stays data', () => {
    const text = '{"version": 1, "team": "shop", "answers": {"__proto__": {"done": true, "x": 1}, "culture.review": {"done": false, "ticket": "T-1"}}, "history": []}';
    const r = parseCalms(text);
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(({} as Record<string, unknown>).done, undefined, 'Object.prototype is untouched');
    const again = parseCalms(serializeCalms(r.doc));
    assert.equal(again.kind, 'ok');
    if (again.kind !== 'ok') return;
    assert.equal(again.doc.team, 'shop');
    assert.equal(again.doc.answers['culture.review']?.ticket, 'T-1');
    assert.ok(Object.prototype.hasOwnProperty.call(again.doc.answers, '__proto__'));
  });

  it('writes answers sorted by id and history by date, version first, with a final newline', () => {
    const text = serializeCalms({ version: 1, answers: { b: { done: true }, a: { done: false } }, history: [{ date: '2025-02-01', overall: 2, pillars: {} }, { date: '2025-01-01', overall: 1, pillars: {} }] });
    assert.ok(text.startsWith('{\n  "version": 1,'));
    assert.ok(text.indexOf('"a"') < text.indexOf('"b"'));
    assert.ok(text.indexOf('2025-01-01') < text.indexOf('2025-02-01'));
    assert.ok(text.endsWith('}\n'));
  });
});

describe('CalmsStore', () => {
  it('reports a missing file, and creates .devops/calms.json on the first change', async () => {
    const root = tmpDir();
    const store = new CalmsStore(root);
    assert.equal((await store.load()).status, 'missing');
    await store.update(tick('culture.review'));
    const state = await store.load();
    assert.equal(state.status, 'ok');
    if (state.status === 'ok') {
      assert.equal(state.doc.version, CALMS_SCHEMA_VERSION);
      assert.equal(state.doc.answers['culture.review']?.done, true);
    }
    assert.deepEqual(devopsEntries(root), ['calms.json'], 'no temporary file is left behind');
  });

  it('writes atomically: a crash before the rename leaves the old file byte for byte', async () => {
    const root = tmpDir();
    await new CalmsStore(root).update(tick('culture.review', 'first'));
    const before = read(root);
    const crashing = new CalmsStore(root, {
      beforeRename: (temp) => {
        assert.ok(fs.existsSync(temp), 'the new content is in a temporary file beside the target');
        assert.equal(join(temp, '..'), join(root, '.devops'));
        throw new Error('simulated crash');
      },
    });
    await rejectsWith(crashing.update(tick('culture.oncall', 'second')), 'IO', /could not save .devops\/calms.json: simulated crash/);
    assert.equal(read(root), before);
    assert.deepEqual(devopsEntries(root), ['calms.json']);
  });

  it('ignores a temporary file left by a process that died mid-save', async () => {
    const root = tmpDir();
    await new CalmsStore(root).update(tick('culture.review'));
    fs.writeFileSync(join(root, '.devops', '.calms.json.999-deadbeef.tmp'), '{"version": 1, "answ');
    const store = new CalmsStore(root);
    assert.equal((await store.load()).status, 'ok');
    await store.update(tick('culture.oncall'));
    const state = await store.load();
    assert.ok(state.status === 'ok' && state.doc.answers['culture.oncall']?.done);
  });

  it('a corrupt file is reported, kept, and never written over; starting over backs it up first', async () => {
    const root = tmpDir();
    const corrupt = '{"version": 1, "answers": {"culture.review": {"done": true}},\n  oops\n}';
    write(root, corrupt);
    const store = new CalmsStore(root);
    const state = await store.load();
    assert.equal(state.status, 'invalid');
    if (state.status === 'invalid') assert.match(state.message, /not valid JSON \(line 2, column 3\)/);
    await rejectsWith(store.update(tick('culture.oncall')), 'INVALID', /was not changed: it is not valid JSON.*back it up and start over/);
    assert.equal(read(root), corrupt, 'the corrupt file is untouched');

    const backup = await store.reset(new Date('2025-05-06T10:11:12.345Z'));
    assert.equal(backup, `${file(root)}.bak-20250506T101112Z`);
    assert.equal(fs.readFileSync(backup!, 'utf8'), corrupt, 'the backup holds the old bytes');
    assert.equal((await store.load()).status, 'ok');
    // A second reset in the same second does not overwrite the first backup.
    const second = await store.reset(new Date('2025-05-06T10:11:12.999Z'));
    assert.equal(second, `${file(root)}.bak-20250506T101112Z-1`);
    assert.equal(fs.readFileSync(backup!, 'utf8'), corrupt);
  });

  it('a file from a newer version is reported, kept, and never written over', async () => {
    const root = tmpDir();
    const future = '{"version": 7, "pillars": {"culture": {"items": []}}}\n';
    write(root, future);
    const store = new CalmsStore(root);
    const state = await store.load();
    assert.equal(state.status, 'future');
    await rejectsWith(store.update(tick('culture.review')), 'FUTURE', /newer DevOps Lifecycle \(schema version 7/);
    assert.equal(read(root), future);
    const backup = await store.reset();
    assert.equal(fs.readFileSync(backup!, 'utf8'), future);
  });

  it('an unreadable path is reported, not thrown', async () => {
    const root = tmpDir();
    fs.mkdirSync(join(root, '.devops', 'calms.json'), { recursive: true });
    const state = await new CalmsStore(root).load();
    assert.equal(state.status, 'invalid');
    if (state.status === 'invalid') assert.match(state.message, /not a file/);
  });

  it('merges an external edit made between its read and its write (a git pull, a teammate)', async () => {
    const root = tmpDir();
    await new CalmsStore(root).update(tick('culture.review'));
    let attempts = 0;
    const store = new CalmsStore(root, {
      beforeRename: async (_temp, attempt) => {
        attempts = attempt;
        if (attempt === 1) {
          // Someone else saves their answer while ours is on its way to disk.
          await new CalmsStore(root).update(tick('sharing.sessions', 'monthly demo'));
        }
      },
    });
    await store.update(tick('lean.wip-limits'));
    assert.equal(attempts, 2, 'the save noticed the change and started again from the new file');
    const state = await store.load();
    assert.equal(state.status, 'ok');
    if (state.status !== 'ok') return;
    assert.deepEqual(Object.keys(state.doc.answers).sort(), ['culture.review', 'lean.wip-limits', 'sharing.sessions']);
    assert.equal(state.doc.answers['sharing.sessions']?.note, 'monthly demo');
  });

  it('gives up, without writing, on a file that keeps changing', async () => {
    const root = tmpDir();
    let n = 0;
    const store = new CalmsStore(root, {
      beforeRename: () => {
        write(root, serializeCalms({ ...emptyDocument(), answers: { 'culture.review': { done: true, n: n++ } } }));
      },
    });
    await rejectsWith(store.update(tick('lean.wip-limits')), 'CONFLICT', /kept changing while it was being saved; your change was not written/);
    const state = await store.load();
    assert.ok(state.status === 'ok' && state.doc.answers['lean.wip-limits'] === undefined);
    assert.deepEqual(devopsEntries(root), ['calms.json']);
  });

  it('serialises its own concurrent saves: none is lost', async () => {
    const root = tmpDir();
    const store = new CalmsStore(root);
    const ids = ['culture.review', 'culture.oncall', 'culture.retrospectives', 'culture.shared-goals', 'lean.wip-limits', 'lean.value-stream', 'lean.fast-feedback', 'measurement.dora', 'sharing.sessions'];
    await Promise.all(ids.map((id) => store.update(tick(id))));
    const state = await store.load();
    assert.ok(state.status === 'ok');
    if (state.status === 'ok') assert.deepEqual(Object.keys(state.doc.answers).sort(), [...ids].sort());
  });

  it('hostile messages from the webview never touch the file: refused by the protocol or by the catalogue, byte for byte unchanged', async () => {
    const root = tmpDir();
    await new CalmsStore(root).update(tick('culture.review', 'first'));
    const before = read(root);
    const store = new CalmsStore(root);
    const hostile: unknown[] = [
      { type: 'setAnswer', requestId: 1, itemId: '__proto__', done: true },
      { type: 'setAnswer', requestId: 2, itemId: 'constructor', done: true },
      { type: 'setAnswer', requestId: 3, itemId: 'hasOwnProperty', done: true },
      { type: 'setAnswer', requestId: 4, itemId: '../../.git/config', done: true },
      { type: 'setAnswer', requestId: 5, itemId: 'culture.nope', done: true, note: 'x' },
      { type: 'setAnswer', requestId: 6, itemId: 'culture.review', done: 'true' },
      { type: 'setAnswer', requestId: 7, itemId: 'culture.review', done: true, note: 'x'.repeat(2001) },
      { type: 'setAnswer', requestId: 8, itemId: { toString: () => 'culture.review' }, done: true },
      { type: 'writeFile', requestId: 9, path: '.devops/calms.json', text: '{}' },
      { type: 'resetFile' }, // no requestId: not acted on
    ];
    let reachedTheStore = 0;
    for (const raw of hostile) {
      const parsed = parseWebviewMessage(raw);
      if (!parsed.ok) continue; // refused at the door, with a reason (calmsProtocol.test.ts)
      reachedTheStore++;
      assert.equal(parsed.message.type, 'setAnswer', JSON.stringify(raw));
      if (parsed.message.type !== 'setAnswer') continue;
      const { itemId, done, note } = parsed.message;
      // What the panel does with a well-formed setAnswer (CalmsFolder.setAnswer): the change, applied to the file.
      await assert.rejects(store.update((d) => applyAnswer(d, { itemId, done, note }, 'Mallory', new Date(), new Map())), /There is no CALMS item/, JSON.stringify(raw));
    }
    assert.equal(reachedTheStore, 5, 'the well-formed answers for items that do not exist got as far as the store');
    assert.equal(read(root), before, 'the file is byte for byte as it was');
    assert.deepEqual(devopsEntries(root), ['calms.json'], 'no temporary file left');
    assert.equal(({} as Record<string, unknown>).done, undefined, 'Object.prototype untouched');
    // A note that looks like markup is an answer like any other: kept as the text it is.
    await store.update(tick('culture.review', '<img src=x onerror=alert(1)>'));
    const state = await store.load();
    assert.ok(state.status === 'ok' && state.doc.answers['culture.review']?.note === '<img src=x onerror=alert(1)>');
  });

  it('does not rewrite a file whose content would not change', async () => {
    const root = tmpDir();
    const store = new CalmsStore(root);
    await store.update((d) => d);
    const mtime = fs.statSync(file(root)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await store.update((d) => d);
    assert.equal(fs.statSync(file(root)).mtimeMs, mtime);
  });
});
