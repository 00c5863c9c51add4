// The webview → host messages are untrusted: parseWebviewMessage accepts the protocol's shapes and
// refuses everything else with a reason (and the request id, where there is one, so the webview hears back).
import * as assert from 'node:assert/strict';
import { MAX_NOTE_LENGTH, parseWebviewMessage } from '../../src/webview/protocol';

describe('CALMS webview protocol', () => {
  it('accepts each message of the protocol', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseWebviewMessage({ type: 'setAnswer', requestId: 1, itemId: 'culture.review', done: true, note: '<img src=x onerror=alert(1)>' }), {
      ok: true,
      message: { type: 'setAnswer', requestId: 1, itemId: 'culture.review', done: true, note: '<img src=x onerror=alert(1)>' },
    });
    assert.deepEqual(parseWebviewMessage({ type: 'setAnswer', requestId: 2, itemId: 'culture.review', done: false }), {
      ok: true,
      message: { type: 'setAnswer', requestId: 2, itemId: 'culture.review', done: false },
    });
    assert.deepEqual(parseWebviewMessage({ type: 'openEvidence', requestId: 3, path: 'a/b.yml', line: 4 }), { ok: true, message: { type: 'openEvidence', requestId: 3, path: 'a/b.yml', line: 4 } });
    for (const type of ['recordScore', 'openFile', 'resetFile']) {
      assert.deepEqual(parseWebviewMessage({ type, requestId: 9 }), { ok: true, message: { type, requestId: 9 } });
    }
  });

  it('drops fields that are not part of a message', () => {
    const r = parseWebviewMessage({ type: 'recordScore', requestId: 1, path: '/etc/passwd', __proto__: { polluted: true } });
    assert.deepEqual(r, { ok: true, message: { type: 'recordScore', requestId: 1 } });
  });

  it('refuses malformed messages, with the reason', () => {
    const cases: [unknown, RegExp][] = [
      [null, /must be an object/],
      ['ready', /must be an object/],
      [[{ type: 'ready' }], /must be an object/],
      [{ type: 'setAnswer', itemId: 'culture.review', done: true }, /no valid requestId/],
      [{ type: 'setAnswer', requestId: 0, itemId: 'culture.review', done: true }, /no valid requestId/],
      [{ type: 'setAnswer', requestId: 1.5, itemId: 'culture.review', done: true }, /no valid requestId/],
      [{ type: 'setAnswer', requestId: 1, itemId: '', done: true }, /needs an itemId/],
      [{ type: 'setAnswer', requestId: 1, itemId: 'x'.repeat(201), done: true }, /needs an itemId/],
      [{ type: 'setAnswer', requestId: 1, itemId: 'culture.review', done: 'true' }, /done: true or false/],
      [{ type: 'setAnswer', requestId: 1, itemId: 'culture.review', done: true, note: 7 }, /at most/],
      [{ type: 'setAnswer', requestId: 1, itemId: 'culture.review', done: true, note: 'x'.repeat(MAX_NOTE_LENGTH + 1) }, /at most 2000 characters/],
      [{ type: 'openEvidence', requestId: 1 }, /needs a path/],
      [{ type: 'openEvidence', requestId: 1, path: 'a', line: 0 }, /positive whole number/],
      [{ type: 'runShell', requestId: 1, command: 'rm -rf /' }, /unknown message type "runShell"/],
    ];
    for (const [value, reason] of cases) {
      const r = parseWebviewMessage(value);
      assert.equal(r.ok, false, JSON.stringify(value)?.slice(0, 80));
      if (!r.ok) assert.match(r.error, reason);
    }
    const withId = parseWebviewMessage({ type: 'setAnswer', requestId: 5, itemId: 'a', done: 1 });
    assert.equal(!withId.ok && withId.requestId, 5);
  });
});
