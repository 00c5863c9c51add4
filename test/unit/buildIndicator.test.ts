// The build indicator model: states, durations, one run at a time (refuse or queue, never interleave).
import * as assert from 'node:assert/strict';
import { BuildBusyError, BuildIndicator, formatDuration, formatElapsed, type BuildSnapshot } from '../../src/core/buildIndicator';

function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('build indicator', () => {
  it('starts idle, runs, and passes with a duration', () => {
    const c = clock();
    const indicator = new BuildIndicator(c.now);
    const seen: BuildSnapshot[] = [];
    indicator.onDidChange((s) => seen.push(s));
    assert.equal(indicator.snapshot.state, 'idle');
    assert.equal(indicator.snapshot.runId, 0);
    const run = indicator.start({ source: 'docker', label: 'api:latest', output: { kind: 'terminal', name: 'docker build' } });
    assert.equal(indicator.snapshot.state, 'running');
    assert.equal(indicator.snapshot.startedAt, c.now());
    run.progress('step 2/5');
    assert.equal(indicator.snapshot.detail, 'step 2/5');
    c.advance(4200);
    run.finish('passed');
    assert.deepEqual(
      { state: indicator.snapshot.state, durationMs: indicator.snapshot.durationMs, label: indicator.snapshot.label, output: indicator.snapshot.output },
      { state: 'passed', durationMs: 4200, label: 'api:latest', output: { kind: 'terminal', name: 'docker build' } },
    );
    assert.deepEqual(seen.map((s) => s.state), ['running', 'running', 'passed']);
  });

  it('keeps the failure detail, and a cancel returns to idle', () => {
    const indicator = new BuildIndicator();
    indicator.start({ source: 'docker', label: 'a' }).finish('failed', 'RUN false: exit code 1');
    assert.equal(indicator.snapshot.state, 'failed');
    assert.equal(indicator.snapshot.detail, 'RUN false: exit code 1');
    indicator.start({ source: 'docker', label: 'b' }).finish('cancelled');
    assert.equal(indicator.snapshot.state, 'idle');
    assert.equal(indicator.snapshot.detail, 'cancelled');
    assert.equal(indicator.snapshot.runId, 2);
  });

  it('refuses a second run while one is active, naming the active one', () => {
    const indicator = new BuildIndicator();
    const first = indicator.start({ source: 'docker', label: 'api:latest' });
    assert.throws(() => indicator.start({ source: 'jest', label: 'unit tests' }), (e: unknown) => {
      assert.ok(e instanceof BuildBusyError);
      assert.match(e.message, /api:latest \(docker\) is still running/);
      return true;
    });
    first.finish('passed');
    assert.doesNotThrow(() => indicator.start({ source: 'jest', label: 'unit tests' }).finish('passed'));
  });

  it('queues runs first come, first served, without interleaving their states', async () => {
    const indicator = new BuildIndicator();
    const seen: string[] = [];
    indicator.onDidChange((s) => seen.push(`${s.label}:${s.state}`));
    const a = indicator.start({ source: 'docker', label: 'a' });
    const b = indicator.queue({ source: 'docker', label: 'b' });
    const c = indicator.queue({ source: 'jest', label: 'c' });
    // Late reports from an ended run change nothing.
    a.finish('passed');
    a.progress('late');
    a.finish('failed');
    const runB = await b;
    runB.finish('failed');
    (await c).finish('passed');
    assert.deepEqual(seen, ['a:running', 'a:passed', 'b:running', 'b:failed', 'c:running', 'c:passed']);
  });

  it('lets a queued run give up through its abort signal', async () => {
    const indicator = new BuildIndicator();
    const a = indicator.start({ source: 'docker', label: 'a' });
    const controller = new AbortController();
    const waiting = indicator.queue({ source: 'docker', label: 'b' }, controller.signal);
    controller.abort();
    await assert.rejects(waiting, /cancelled while waiting/);
    a.finish('passed');
    assert.equal(indicator.busy, false);
  });

  it('formats durations and elapsed time', () => {
    assert.equal(formatDuration(4200), '4.2 s');
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(65_000), '1 min 05 s');
    assert.equal(formatElapsed(7_900), '0:07');
    assert.equal(formatElapsed(750_000), '12:30');
    assert.equal(formatElapsed(3_723_000), '1:02:03');
  });
});
