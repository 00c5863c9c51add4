// One entry point for detection on a single file: the path rules, then the content analyzer they chose.
import { type FileAnalysis, type Finding } from './finding';
import { analyzePackageJson } from './packageJson';
import { type ContentKind, type PathPlan } from './pathRules';
import { TEXT_ANALYZERS } from './textFiles';
import { analyzeYaml } from './yamlFiles';

export type { FileAnalysis, Finding } from './finding';
export { planPath, type PathPlan, type ContentKind } from './pathRules';

export function analyzeContent(kind: ContentKind, path: string, text: string): FileAnalysis {
  if (kind === 'packageJson') return analyzePackageJson(path, text);
  if (kind === 'yaml') return analyzeYaml(path, text);
  return TEXT_ANALYZERS[kind](path, text);
}

/** Detection for one file: `text` is its content when the plan asked for it (undefined if it could not be read). */
export function analyzeFile(path: string, plan: PathPlan, text: string | undefined): FileAnalysis {
  const byName: Finding[] = plan.tools.map((t) => ({ tool: t.tool, path, detail: t.detail }));
  if (!plan.content || text === undefined) return { findings: byName, problems: [] };
  const byContent = analyzeContent(plan.content, path, text);
  return { findings: [...byName, ...byContent.findings], problems: byContent.problems };
}
