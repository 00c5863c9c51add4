// `npm run bench [-- PATH] [--files N]`: the scanner against its floor, in the same run.
// Generates a synthetic repository (default 100,000 tracked files plus a gitignored node_modules and some
// untracked files), or uses PATH (a real repository), then measures, median of several runs:
//   - `git ls-files` and `git ls-files -co --exclude-standard` (the listing the scanner needs)
//   - a full scan (LifecycleIndex.scan), its peak heap, in a fresh Node process
//   - re-scoring one changed file (LifecycleIndex.update)
// and prints the ratios. Targets: scan ≤ 1.5× git ls-files, peak heap < 100 MB, one-file update < 20 ms.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const filesArg = args.indexOf('--files');
const fileCount = filesArg >= 0 ? Number(args[filesArg + 1]) : 100_000;
const target = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--files');
const runs = 5;

execFileSync(process.execPath, [join(root, 'esbuild.config.mjs')], { cwd: root, stdio: 'inherit' });

function generate(dir, n) {
  const t0 = Date.now();
  const yaml = (i) =>
    i % 10 === 0
      ? `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${i}\nspec:\n  replicas: 1\n`
      : `# settings for component ${i}\nname: component-${i}\nenabled: true\nlimits:\n  cpu: 2\n  memory: 512Mi\n`;
  let written = 0;
  const write = (rel, text) => {
    const abs = join(dir, rel);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, text);
    written++;
  };
  const packages = 100;
  for (let p = 0; written < n; p = (p + 1) % packages) {
    const pkg = `packages/pkg-${p}`;
    const k = Math.floor(written / packages);
    const mod = `${pkg}/src/module-${k % 40}`;
    if (k === 0) {
      write(`${pkg}/package.json`, JSON.stringify({ name: `pkg-${p}`, version: '1.0.0', devDependencies: p % 2 ? { jest: '^30' } : { mocha: '^10' } }, null, 2));
      if (p % 2 === 0) write(`${pkg}/Dockerfile`, 'FROM node:20\nCOPY . /app\n');
      if (p % 5 === 0) write(`${pkg}/infra/main.tf`, 'resource "null_resource" "x" {}\n');
      continue;
    }
    const kind = written % 50;
    if (kind === 0) write(`${mod}/config-${k}.yaml`, yaml(k));
    else if (kind < 4) write(`${mod}/README-${k}.md`, `# Module ${k}\n`);
    else if (kind < 6) write(`${mod}/data-${k}.json`, `{"id": ${k}}\n`);
    else write(`${mod}/file-${k}.${['ts', 'js', 'go', 'py'][k % 4]}`, `// file ${k}\nexport const value${k} = ${k};\n`);
  }
  write('.gitignore', 'node_modules/\n*.log\n');
  write('.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'synthetic tree'], { cwd: dir });
  // What the listing must skip or add: ignored dependencies and untracked work.
  for (let i = 0; i < 5000; i++) write(`node_modules/dep-${i % 200}/lib/f-${i}.js`, 'module.exports = 1;\n');
  for (let i = 0; i < 500; i++) write(`scratch/untracked-${i}.ts`, 'export {};\n');
  console.log(`generated ${written} files in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${dir}`);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCommand(cmd, argv, cwd) {
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { cwd, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed`);
    if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6); // the first run warms the caches
  }
  return median(times);
}

// The scan runs in a fresh Node process so that its heap is its own; it prints JSON figures.
const probe = `
const { LifecycleIndex } = require(${JSON.stringify(join(root, 'out/src/core/lifecycle/scanner.js'))});
const fs = require('node:fs');
(async () => {
  const dir = process.argv[1];
  let peak = 0;
  const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 2);
  const base = process.memoryUsage().heapUsed;
  const times = [];
  let index;
  for (let i = 0; i < ${runs + 1}; i++) {
    const t = performance.now();
    index = await LifecycleIndex.scan(dir);
    if (i > 0) times.push(performance.now() - t);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  clearInterval(sample);
  const result = index.result();
  // A rescan of the same index (Refresh, a setting or trust change): unchanged files are not read again.
  const warmTimes = [];
  for (let i = 0; i < ${runs + 1}; i++) {
    const t = performance.now();
    await index.rescan();
    if (i > 0) warmTimes.push(performance.now() - t);
  }
  // The same scan over committed files only (devopsLifecycle.scan.includeUntracked: false).
  const trackedTimes = [];
  for (let i = 0; i < ${runs + 1}; i++) {
    const t = performance.now();
    await LifecycleIndex.scan(dir, { includeUntracked: false });
    if (i > 0) trackedTimes.push(performance.now() - t);
  }
  // One file changed: a manifest edited, then re-scored alone.
  const changed = result.stages.flatMap((s) => s.tools).find((t) => t.id === 'kubernetes')?.evidence[0] ?? result.stages[2].tools[0]?.evidence[0];
  const updates = [];
  for (let i = 0; i < 21; i++) {
    const abs = require('node:path').join(dir, changed);
    fs.appendFileSync(abs, '\\n');
    const t = performance.now();
    await index.update([changed]);
    if (i > 0) updates.push(performance.now() - t);
  }
  const med = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  console.log(JSON.stringify({ warmScanMs: med(warmTimes), trackedScanMs: med(trackedTimes), scanMs: med(times), peakHeapMb: (peak - 0) / 1048576, baseHeapMb: base / 1048576, updateMs: med(updates), files: result.stats.files, tools: result.stages.reduce((n, s) => n + s.tools.length, 0), problems: result.problems.length, changed }));
})();
`;

const dir = target ?? mkdtempSync(join(tmpdir(), 'devops-lifecycle-bench-'));
if (!target) generate(dir, fileCount);
else if (!existsSync(dir)) throw new Error(`${dir} does not exist`);

const lsFiles = timeCommand('git', ['ls-files', '-z'], dir);
const lsFilesAll = timeCommand('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], dir);
const out = execFileSync(process.execPath, ['-e', probe, dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
const m = JSON.parse(out.trim().split('\n').pop());

const ratio = (a, b) => (a / b).toFixed(2);
console.log(`\nScanner benchmark on ${dir} (${m.files} files listed, ${m.tools} tools, ${m.problems} problems), median of ${runs}`);
console.log(`  git ls-files                                   ${lsFiles.toFixed(1).padStart(8)} ms`);
console.log(`  git ls-files --cached --others --exclude-std   ${lsFilesAll.toFixed(1).padStart(8)} ms`);
console.log(`  scan, committed files (includeUntracked off)   ${m.trackedScanMs.toFixed(1).padStart(8)} ms`);
console.log(`  scan, committed + untracked (the default)      ${m.scanMs.toFixed(1).padStart(8)} ms`);
console.log(`  rescan of the same index (unchanged files kept) ${m.warmScanMs.toFixed(1).padStart(7)} ms`);
console.log(`  ratio committed-files scan / git ls-files      ${ratio(m.trackedScanMs, lsFiles).padStart(8)}×   (target ≤ 1.5×)`);
console.log(`  ratio rescan / git ls-files -co                ${ratio(m.warmScanMs, lsFilesAll).padStart(8)}×`);
console.log(`  ratio default scan / git ls-files -co          ${ratio(m.scanMs, lsFilesAll).padStart(8)}×   (target ≤ 1.5×: the same listing)`);
console.log(`  ratio default scan / git ls-files              ${ratio(m.scanMs, lsFiles).padStart(8)}×   (includes git's walk for untracked files)`);
console.log(`  peak heap during scans                         ${m.peakHeapMb.toFixed(1).padStart(8)} MB  (target < 100 MB)`);
console.log(`  one-file update (${m.changed})  ${m.updateMs.toFixed(2).padStart(8)} ms  (target < 20 ms)`);
if (!target && !args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
