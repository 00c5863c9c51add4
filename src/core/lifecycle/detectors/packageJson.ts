// package.json: the npm build itself, and the tools a Node project declares in its dependencies,
// its scripts and its tool-specific top-level keys.
import { type FileAnalysis, type Finding, lineAt } from './finding';
import { escapeRegExp, isRecord } from '../../values';

const DEPENDENCY_TOOLS: Record<string, string> = {
  jest: 'jest',
  'ts-jest': 'jest',
  'babel-jest': 'jest',
  '@jest/core': 'jest',
  webpack: 'webpack',
  'webpack-cli': 'webpack',
  watchify: 'watchify',
  esbuild: 'esbuild',
  vite: 'vite',
  mocha: 'mocha',
  vitest: 'vitest',
  '@playwright/test': 'playwright',
  playwright: 'playwright',
  cypress: 'cypress',
  'selenium-webdriver': 'selenium',
  'semantic-release': 'release-tool',
  'release-it': 'release-tool',
  'standard-version': 'release-tool',
  '@changesets/cli': 'release-tool',
  'release-please': 'release-tool',
  husky: 'git-hooks',
  'simple-git-hooks': 'git-hooks',
  lefthook: 'git-hooks',
  'jira-client': 'jira',
  'jira.js': 'jira',
  'jira-connector': 'jira',
  '@figma/code-connect': 'figma',
  'aws-cdk-lib': 'aws',
  'aws-cdk': 'aws',
  serverless: 'aws',
};

/** Top-level keys that configure a tool. */
const KEY_TOOLS: Record<string, string> = {
  jest: 'jest',
  husky: 'git-hooks',
  'simple-git-hooks': 'git-hooks',
  release: 'release-tool',
  mocha: 'mocha',
};

/** A tool invoked by name in an npm script. */
const SCRIPT_TOOLS: readonly [RegExp, string][] = [
  [/(^|[\s;&|(])jest(\s|$)/, 'jest'],
  [/(^|[\s;&|(])mocha(\s|$)/, 'mocha'],
  [/(^|[\s;&|(])webpack(\s|$)/, 'webpack'],
  [/(^|[\s;&|(])watchify(\s|$)/, 'watchify'],
  [/(^|[\s;&|(])esbuild(\s|$)/, 'esbuild'],
  [/(^|[\s;&|(])vite(\s|$)/, 'vite'],
  [/(^|[\s;&|(])vitest(\s|$)/, 'vitest'],
  [/(^|[\s;&|(])playwright\s+test/, 'playwright'],
  [/(^|[\s;&|(])cypress\s+(run|open)/, 'cypress'],
  [/(^|[\s;&|(])semantic-release(\s|$)/, 'release-tool'],
];

const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

export function analyzePackageJson(path: string, text: string): FileAnalysis {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (e) {
    return { findings: [], problems: [{ path, message: `package.json is not valid JSON: ${(e as Error).message}` }] };
  }
  if (!isRecord(pkg)) return { findings: [], problems: [{ path, message: 'package.json is not a JSON object' }] };

  const findings: Finding[] = [];
  // `key` is a JSON key whose line is the evidence: the first `"key":` in the text.
  const add = (tool: string, key: string, detail: string) => {
    if (findings.some((f) => f.tool === tool)) return;
    const m = new RegExp(`"${escapeRegExp(key)}"\\s*:`).exec(text);
    findings.push({ tool, path, line: m ? lineAt(text, m.index) : undefined, detail });
  };

  add('npm', 'name', typeof pkg.name === 'string' ? `package ${pkg.name}` : 'package.json');
  for (const field of DEP_FIELDS) {
    const deps = pkg[field];
    if (!isRecord(deps)) continue;
    for (const dep of Object.keys(deps)) {
      const tool = DEPENDENCY_TOOLS[dep];
      if (tool) add(tool, dep, `${field}.${dep}`);
    }
  }
  for (const [key, tool] of Object.entries(KEY_TOOLS)) {
    if (key in pkg) add(tool, key, `"${key}" configuration`);
  }
  if (isRecord(pkg.scripts)) {
    for (const [name, script] of Object.entries(pkg.scripts)) {
      if (typeof script !== 'string') continue;
      for (const [re, tool] of SCRIPT_TOOLS) if (re.test(script)) add(tool, name, `scripts.${name}`);
    }
  }
  return { findings, problems: [] };
}

