// The one process runner, against real processes: argv without a shell, typed failures, cancellation of
// the whole process group, output limits, and a background child that holds the pipes open.
import * as assert from 'node:assert/strict';
import { ProcessError, runProcess } from '../../src/core/process';

const node = process.execPath;
const script = (code: string) => ['-e', code];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('process runner', () => {
  it('passes arguments as they are: no shell ever sees them', async () => {
    const hostile = `$(touch /tmp/pwned); rm -rf / ; echo "\`id\`" 'quoted' *`;
    const r = await runProcess(node, [...script('process.stdout.write(process.argv[1])'), hostile]);
    assert.equal(r.stdout, hostile);
    assert.equal(r.exitCode, 0);
  });

  it('a missing program is NOT_FOUND; a failing one is EXIT with the first line of stderr', async () => {
    await assert.rejects(runProcess('definitely-not-a-program-xyz', []), (e: unknown) => e instanceof ProcessError && e.code === 'NOT_FOUND');
    await assert.rejects(runProcess(node, script('console.error("\\nboom: it broke\\nmore"); process.exit(3)')), (e: unknown) => {
      assert.ok(e instanceof ProcessError);
      assert.equal(e.code, 'EXIT');
      assert.equal(e.exitCode, 3);
      assert.match(e.message, /boom: it broke$/);
      return true;
    });
    const r = await runProcess(node, script('process.exit(1)'), { okExitCodes: [0, 1] });
    assert.equal(r.exitCode, 1);
  });

  it('a timeout and a cancel end the whole process group, grandchildren included', async () => {
    // The child starts a grandchild and prints its pid, then both sleep.
    const parent = script(`
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      console.log(g.pid);
      setTimeout(() => {}, 60000);`);
    let grandchild = 0;
    const controller = new AbortController();
    const run = runProcess(node, parent, {
      signal: controller.signal,
      onOutput: (chunk) => {
        grandchild = Number(chunk.trim());
        controller.abort();
      },
    });
    await assert.rejects(run, (e: unknown) => e instanceof ProcessError && e.code === 'CANCELLED');
    const deadline = Date.now() + 3000;
    while (alive(grandchild) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(alive(grandchild), false, 'the grandchild outlived the cancel');

    await assert.rejects(runProcess(node, script('setTimeout(() => {}, 60000)'), { timeoutMs: 200 }), (e: unknown) => e instanceof ProcessError && e.code === 'TIMEOUT');
  });

  it('an already-cancelled signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runProcess(node, script(''), { signal: controller.signal }), (e: unknown) => e instanceof ProcessError && e.code === 'CANCELLED');
  });

  it('retainBytes keeps only the end of a long output; onOutput still sees all of it', async () => {
    let streamed = 0;
    const r = await runProcess(node, script('for (let i = 0; i < 2000; i++) console.log(String(i).padStart(99, "."));'), {
      retainBytes: 1000,
      onOutput: (chunk) => (streamed += chunk.length),
    });
    assert.equal(streamed, 2000 * 100);
    assert.equal(r.stdout.length, 1000);
    assert.ok(r.stdout.endsWith(`${'.'.repeat(95)}1999\n`));
  });

  it('keeps multi-byte characters whole across chunks', async () => {
    const text = 'é€😀'.repeat(5000);
    let streamed = '';
    const r = await runProcess(node, script(`process.stdout.write(${JSON.stringify(text)})`), { onOutput: (c) => (streamed += c) });
    assert.equal(r.stdout, text);
    assert.equal(streamed, text);
  });

  it('a process that exits while a background child holds its pipes still finishes', async () => {
    const started = Date.now();
    const r = await runProcess(
      node,
      script(`
        const { spawn } = require('node:child_process');
        const b = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
        b.unref();
        console.log(b.pid);`),
    );
    const background = Number(r.stdout.trim());
    process.kill(background);
    assert.ok(background > 0);
    assert.ok(Date.now() - started < 10_000, 'the run waited for the background child');
  });
});
