// Files read as text or JSON where the name is shared with other uses: Python and JVM build files
// (for the test tools they declare), Nagios object definitions, Grafana dashboards, Heroku app.json,
// CloudFormation and Kubernetes/OpenShift JSON manifests and Nomad job files.
import { type FileAnalysis, type Finding, lineOf } from './finding';
import { type ContentKind, REQUIREMENTS_FILE } from './pathRules';
import { manifestTools } from './manifests';
import { isRecord } from '../../values';

type TextAnalyzer = (path: string, text: string) => FileAnalysis;

const found = (findings: Finding[]): FileAnalysis => ({ findings, problems: [] });

function pythonConfig(path: string, text: string): FileAnalysis {
  const f: Finding[] = [];
  // A requirements file is Python packaging when it lists pip requirements; files under .github/ only
  // install CI tooling (linters, Molecule…), and a list of Galaxy role names is not pip's at all.
  if (REQUIREMENTS_FILE.test(path) && !path.startsWith('.github/')) {
    const line = pipRequirementLine(text);
    if (line !== undefined) f.push({ tool: 'python', path, line, detail: 'pip requirements' });
  }
  const pytest = lineOf(text, /^\[(tool\.pytest[\w.]*|tool:pytest|pytest)\]|^\s*["']?pytest([<>=~!\s"',[;]|$)/m);
  if (pytest !== undefined) f.push({ tool: 'pytest', path, line: pytest, detail: 'pytest configuration or dependency' });
  const selenium = lineOf(text, /^\s*["']?selenium([<>=~!\s"',[;]|$)/m);
  if (selenium !== undefined) f.push({ tool: 'selenium', path, line: selenium, detail: 'selenium dependency' });
  const robot = lineOf(text, /^\s*["']?robotframework([<>=~!\s"',[;-]|$)/m);
  if (robot !== undefined) f.push({ tool: 'robot', path, line: robot, detail: 'robotframework dependency' });
  return found(f);
}

/**
 * The first line that reads as a pip requirement: an option (`-r`, `-e`, `--index-url`), a URL, or a
 * project name with a version, extras or marker, or without a dot. A bare `namespace.name` with nothing
 * after it is how Ansible Galaxy lists roles, so such lines alone do not make a pip file.
 */
export function pipRequirementLine(text: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (!l || l.startsWith('#')) continue;
    if (/^(-[rceif]\s|--[a-z-]+|git\+|https?:|file:|\.{0,2}\/)/.test(l)) return i + 1;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(l);
    if (!m) continue;
    const rest = m[3]!;
    if (m[2] || /^(===?|[<>!~]=?|;|@|#)/.test(rest)) return i + 1;
    if (rest === '' && !m[1]!.includes('.')) return i + 1;
  }
  return undefined;
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
  if (!isRecord(dash)) return found([]);
  // Dashboards before Grafana 5 kept their panels in `rows[].panels`.
  const panels = Array.isArray(dash.panels) || (Array.isArray(dash.rows) && dash.rows.some((r) => isRecord(r) && Array.isArray(r.panels)));
  return found(panels && ('schemaVersion' in dash || typeof dash.title === 'string') ? [{ tool: 'grafana', path, line: lineOf(text, /"panels"/), detail: 'dashboard' }] : []);
}

function herokuAppJson(path: string, text: string): FileAnalysis {
  if (!/"(buildpacks|formation|stack|addons)"/.test(text)) return found([]);
  const { value, problem } = parseJson(path, text);
  if (problem) return problem;
  const heroku = isRecord(value) && (Array.isArray(value.buildpacks) || isRecord(value.formation) || Array.isArray(value.addons) || (typeof value.stack === 'string' && value.stack.startsWith('heroku')));
  return found(heroku ? [{ tool: 'heroku', path, line: 1, detail: 'app.json manifest' }] : []);
}

/**
 * JSON that may be a deployment manifest: a CloudFormation template, or Kubernetes/OpenShift objects
 * (`oc` and `kubectl` read JSON as well as YAML; OpenShift's quickstart templates are JSON).
 */
function manifestJson(path: string, text: string): FileAnalysis {
  if (!/AWSTemplateFormatVersion|"AWS::|"apiVersion"/.test(text)) return found([]);
  const { value, problem } = parseJson(path, text);
  if (problem) return problem;
  if (!isRecord(value)) return found([]);
  const f: Finding[] = [];
  if ('AWSTemplateFormatVersion' in value || (isRecord(value.Resources) && Object.values(value.Resources).some((r) => isRecord(r) && typeof r.Type === 'string' && r.Type.startsWith('AWS::'))))
    f.push({ tool: 'aws', path, line: lineOf(text, /"Resources"/), detail: 'CloudFormation template' });
  if (typeof value.apiVersion === 'string' && typeof value.kind === 'string') {
    const line = lineOf(text, /"kind"\s*:/);
    for (const t of manifestTools(value.apiVersion, value.kind)) f.push({ tool: t.tool, path, line, detail: t.detail });
    if (value.kind === 'List' && Array.isArray(value.items)) {
      for (const item of value.items.slice(0, 50))
        if (isRecord(item) && typeof item.apiVersion === 'string' && typeof item.kind === 'string')
          for (const t of manifestTools(item.apiVersion, item.kind)) if (!f.some((x) => x.tool === t.tool)) f.push({ tool: t.tool, path, line, detail: t.detail });
    }
  }
  return found(f);
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
  manifestJson,
  hcl,
};
