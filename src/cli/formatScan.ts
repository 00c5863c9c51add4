// The human form of `scan`: one row per tool under its stage, gaps named, problems listed last.
import type { ScanResult } from '../core/lifecycle/model';

const MAX_PATHS = 3;

export function formatScan(result: ScanResult): string {
  const lines: string[] = [];
  const stageWidth = Math.max(...result.stages.map((s) => s.name.length));
  const toolWidth = Math.max(12, ...result.stages.flatMap((s) => s.tools.map((t) => t.name.length)));
  lines.push(`DevOps lifecycle of ${result.root}`);
  lines.push(`${result.stats.files} files listed with ${result.stats.listing}, scanned in ${result.stats.durationMs} ms`);
  lines.push('');
  for (const stage of result.stages) {
    if (stage.tools.length === 0) {
      lines.push(`${stage.name.padEnd(stageWidth)}  ${'—'.padEnd(toolWidth)}  nothing detected (gap)`);
      continue;
    }
    stage.tools.forEach((tool, i) => {
      const shown = tool.evidence.slice(0, MAX_PATHS).join(', ');
      const more = tool.evidence.length > MAX_PATHS ? ` (+${tool.evidence.length - MAX_PATHS} more)` : '';
      lines.push(`${(i === 0 ? stage.name : '').padEnd(stageWidth)}  ${tool.name.padEnd(toolWidth)}  ${shown}${more}`);
    });
  }
  const gaps = result.stages.filter((s) => s.tools.length === 0).map((s) => s.name);
  lines.push('');
  lines.push(gaps.length === 0 ? 'Every stage has tooling.' : `Gaps: ${gaps.join(', ')}`);
  if (result.problems.length > 0) {
    lines.push('');
    lines.push(`Problems (${result.problems.length}):`);
    for (const p of result.problems) lines.push(`  ${p.path}${p.line !== undefined ? `:${p.line}` : ''}  ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}
