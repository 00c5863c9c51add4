// Files read as text or JSON where the name is shared with other uses: Python and JVM build files
// (for the test tools they declare), Nagios object definitions, Grafana dashboards, Heroku app.json,
// CloudFormation JSON templates and Nomad job files.
import { type FileAnalysis, type Finding, lineOf } from './finding';
import type { ContentKind } from './pathRules';
import { isRecord } from './packageJson';

type TextAnalyzer = (path: string, text: string) => FileAnalysis;

const found = (findings: Finding[]): FileAnalysis => ({ findings, problems: [] });

function pythonConfig(path: string, text: string): FileAnalysis {
  const f: Finding[] = [];
  const pytest = lineOf(text, /^\[(tool\.pytest[\w.]*|tool:pytest|pytest)\]|^\s*["']?pytest([<>=~!\s"',[;]|$)/m);
  if (pytest !== undefined) f.push({ tool: 'pytest', path, line: pytest, detail: 'pytest configuration or dependency' });
  const selenium = lineOf(text, /^\s*["']?selenium([<>=~!\s"',[;]|$)/m);
  if (selenium !== undefined) f.push({ tool: 'selenium', path, line: selenium, detail: 'selenium dependency' });
  const robot = lineOf(text, /^\s*["']?robotframework([<>=~!\s"',[;-]|$)/m);
  if (robot !== undefined) f.push({ tool: 'robot', path, line: robot, detail: 'robotframework dependency' });
  return found(f);
}

function jvmBuild(path: string, text: string): FileAnalysis {
  const line = lineOf(text, /org\.seleniumhq\.selenium/);
  return found(line === undefined ? [] : [{ tool: 'selenium', path, line, detail: 'org.seleniumhq.selenium dependency' }]);
}

function nagiosCfg(path: string, text: string): FileAnalysis {
  const line = lineOf(text, /^\s*define\s+(host|service|command|contact|hostgroup|servicegroup|timeperiod)\s*\{/m);
  return found(line === undefined ? [] : [{ tool: 'nagios', path, line, detail: 'object definitions' }]);
}

function parseJson(path: string, text: string): { value?: unknown; problem?: FileAnalysis } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { problem: { findings: [], problems: [{ path, message: `not valid JSON: ${(e as Error).message}` }] } };
  }
}

function grafanaJson(path: string, text: string): FileAnalysis {
  if (!/"panels"|"schemaVersion"/.test(text)) return found([]);
  const { value, problem } = parseJson(path, text);
  if (problem) return problem;
  const dash = isRecord(value) && isRecord(value.dashboard) ? value.dashboard : value;
  return found(isRecord(dash) && Array.isArray(dash.panels) && 'schemaVersion' in dash ? [{ tool: 'grafana', path, line: lineOf(text, /"panels"/), detail: 'dashboard' }] : []);
}

function herokuAppJson(path: string, text: string): FileAnalysis {
  if (!/"(buildpacks|formation|stack|addons)"/.test(text)) return found([]);
  const { value, problem } = parseJson(path, text);
  if (problem) return problem;
  const heroku = isRecord(value) && (Array.isArray(value.buildpacks) || isRecord(value.formation) || Array.isArray(value.addons) || (typeof value.stack === 'string' && value.stack.startsWith('heroku')));
  return found(heroku ? [{ tool: 'heroku', path, line: 1, detail: 'app.json manifest' }] : []);
}

function cfnJson(path: string, text: string): FileAnalysis {
  if (!/AWSTemplateFormatVersion|"AWS::/.test(text)) return found([]);
  const { value, problem } = parseJson(path, text);
  if (problem) return problem;
  const cfn = isRecord(value) && ('AWSTemplateFormatVersion' in value || (isRecord(value.Resources) && Object.values(value.Resources).some((r) => isRecord(r) && typeof r.Type === 'string' && r.Type.startsWith('AWS::'))));
  return found(cfn ? [{ tool: 'aws', path, line: lineOf(text, /"Resources"/), detail: 'CloudFormation template' }] : []);
}

function hcl(path: string, text: string): FileAnalysis {
  const line = lineOf(text, /^\s*job\s+"[^"]+"\s*\{/m);
  return found(line === undefined ? [] : [{ tool: 'nomad', path, line, detail: 'job specification' }]);
}

export const TEXT_ANALYZERS: Record<Exclude<ContentKind, 'packageJson' | 'yaml'>, TextAnalyzer> = {
  pythonConfig,
  jvmBuild,
  nagiosCfg,
  grafanaJson,
  herokuAppJson,
  cfnJson,
  hcl,
};
