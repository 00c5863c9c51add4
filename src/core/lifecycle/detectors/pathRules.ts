// Detection by path alone, and the choice of which content analyzer (if any) reads a file.
// Everything here is O(1) per path (map lookups and a handful of anchored regexes), because it runs on
// every file of the workspace; only the files it selects are ever opened.

export type ContentKind = 'packageJson' | 'yaml' | 'pythonConfig' | 'jvmBuild' | 'nagiosCfg' | 'grafanaJson' | 'herokuAppJson' | 'cfnJson' | 'hcl';

export interface PathPlan {
  /** Tools proven by the name alone. */
  readonly tools: readonly { tool: string; detail?: string }[];
  /** The analyzer that must read the file, if any. */
  readonly content?: ContentKind;
}

const EXACT = new Map<string, string>([
  ['.editorconfig', 'editorconfig'],
  ['.gitignore', 'git'],
  ['.gitattributes', 'git'],
  ['Dockerfile', 'docker'],
  ['dockerfile', 'docker'],
  ['Containerfile', 'docker'],
  ['werf.yaml', 'werf'],
  ['werf.yml', 'werf'],
  ['werf-giterminism.yaml', 'werf'],
  ['buildout.cfg', 'buildout'],
  ['bootstrap-buildout.py', 'buildout'],
  ['Makefile', 'make'],
  ['makefile', 'make'],
  ['GNUmakefile', 'make'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['mvnw', 'maven'],
  ['gradlew', 'gradle'],
  ['settings.gradle', 'gradle'],
  ['settings.gradle.kts', 'gradle'],
  ['go.mod', 'go'],
  ['go.work', 'go'],
  ['Cargo.toml', 'cargo'],
  ['setup.py', 'python'],
  ['Pipfile', 'python'],
  ['poetry.lock', 'python'],
  ['pytest.ini', 'pytest'],
  ['conftest.py', 'pytest'],
  ['cypress.json', 'cypress'],
  ['Jenkinsfile', 'jenkins'],
  ['.goreleaser.yml', 'release-tool'],
  ['.goreleaser.yaml', 'release-tool'],
  ['release-please-config.json', 'release-tool'],
  ['.release-please-manifest.json', 'release-tool'],
  ['.versionrc', 'release-tool'],
  ['.versionrc.json', 'release-tool'],
  ['samconfig.toml', 'aws'],
  ['cdk.json', 'aws'],
  ['serverless.ts', 'aws'],
  ['serverless.js', 'aws'],
  ['Procfile', 'heroku'],
  ['heroku.yml', 'heroku'],
  ['ansible.cfg', 'ansible'],
  ['.terraform.lock.hcl', 'terraform'],
  ['kustomization.yaml', 'kustomize'],
  ['kustomization.yml', 'kustomize'],
  ['Kustomization', 'kustomize'],
  ['nagios.cfg', 'nagios'],
  ['nrpe.cfg', 'nagios'],
  ['elasticsearch.yml', 'elastic'],
  ['kibana.yml', 'elastic'],
  ['logstash.yml', 'elastic'],
  ['grafana.ini', 'grafana'],
  ['figma.config.json', 'figma'],
  ['.pre-commit-config.yaml', 'git-hooks'],
  ['lefthook.yml', 'git-hooks'],
  ['lefthook.yaml', 'git-hooks'],
  ['.lefthook.yml', 'git-hooks'],
  ['.lefthook.yaml', 'git-hooks'],
  ['lefthook-local.yml', 'git-hooks'],
  ['.overcommit.yml', 'git-hooks'],
  ['.simple-git-hooks.json', 'git-hooks'],
  ['.simple-git-hooks.js', 'git-hooks'],
  ['.jira.yml', 'jira'],
  ['.jira.yaml', 'jira'],
]);

/** Extensions (the part after the last dot, lower case) that prove a tool by themselves. */
const EXTENSION = new Map<string, string>([
  ['dockerfile', 'docker'],
  ['containerfile', 'docker'],
  ['mk', 'make'],
  ['robot', 'robot'],
  ['jenkinsfile', 'jenkins'],
  ['tf', 'terraform'],
  ['tfvars', 'terraform'],
  ['tofu', 'terraform'],
  ['nomad', 'nomad'],
  ['excalidraw', 'excalidraw'],
  ['excalidrawlib', 'excalidraw'],
  ['fig', 'figma'],
]);

/** Patterns over the file name, for families of names. */
const NAME_PATTERNS: readonly [RegExp, string][] = [
  [/^(Dockerfile|Containerfile)[.-][\w.-]+$/, 'docker'],
  [/^webpack(\.[\w-]+)*\.config\.[cm]?[jt]s$|^webpack\.(common|dev|prod|development|production)\.[cm]?[jt]s$/, 'webpack'],
  [/^esbuild\.config\.[cm]?[jt]s$/, 'esbuild'],
  [/^vite\.config\.[cm]?[jt]s$/, 'vite'],
  [/^build\.gradle(\.kts)?$/, 'gradle'],
  [/^requirements([-_.][\w.-]+)?\.txt$/, 'python'],
  [/^jest\.config\.([cm]?[jt]s|json)$/, 'jest'],
  [/^\.mocharc(\.([cm]?js|json|jsonc|ya?ml))?$/, 'mocha'],
  [/^vitest\.(config|workspace)\.[cm]?[jt]s$/, 'vitest'],
  [/^playwright(-ct)?\.config\.[cm]?[jt]s$/, 'playwright'],
  [/^cypress\.config\.[cm]?[jt]s$/, 'cypress'],
  [/_test\.go$/, 'gotest'],
  [/^Jenkinsfile[.-][\w.-]+$/, 'jenkins'],
  [/^\.releaserc(\.(json|ya?ml|[cm]?js))?$|^release\.config\.[cm]?js$|^\.release-it\.(json|ya?ml|[cm]?[jt]s|toml)$/, 'release-tool'],
  [/^(CHANGELOG|CHANGES|HISTORY|RELEASE[-_]?NOTES)(\.(md|markdown|rst|txt|adoc))?$/i, 'changelog'],
  [/\.tf\.json$|\.nomad\.hcl$/, ''], // resolved below by suffix
  [/^[\w.-]*beat\.ya?ml$/, 'elastic'],
  [/^logstash[\w.-]*\.conf$/, 'elastic'],
  [/\.excalidraw\.(svg|png|json|md)$/, 'excalidraw'],
  [/\.figma\.[jt]sx?$/, 'figma'],
];

const YAML_EXT = /\.ya?ml$/i;

export function fileName(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

export function planPath(path: string): PathPlan | undefined {
  const base = fileName(path);
  const tools: { tool: string; detail?: string }[] = [];
  let content: ContentKind | undefined;

  const exact = EXACT.get(base);
  if (exact) tools.push({ tool: exact });
  const dot = base.lastIndexOf('.');
  if (dot > 0 || (dot === 0 && base.length > 1)) {
    const ext = base.slice(dot + 1).toLowerCase();
    const byExt = EXTENSION.get(ext);
    if (byExt && !(byExt === 'docker' && base.startsWith('.'))) tools.push({ tool: byExt });
  }
  for (const [re, tool] of NAME_PATTERNS) {
    if (!re.test(base)) continue;
    if (tool) tools.push({ tool });
    else if (base.endsWith('.tf.json')) tools.push({ tool: 'terraform' });
    else if (base.endsWith('.nomad.hcl')) tools.push({ tool: 'nomad' });
  }

  // Folders that give a meaning to what is in them.
  if (path.startsWith('.husky/') && !path.startsWith('.husky/_/')) tools.push({ tool: 'git-hooks' });
  else if (path.startsWith('.githooks/')) tools.push({ tool: 'git-hooks' });
  if (path.startsWith('.mvn/')) tools.push({ tool: 'maven' });
  if (path.startsWith('.jira.d/')) tools.push({ tool: 'jira' });
  if (path.startsWith('.changeset/') && base === 'config.json') tools.push({ tool: 'release-tool' });
  if (/(^|\/)\.ebextensions\//.test(path)) tools.push({ tool: 'aws' });
  if (/(^|\/)helmfile\.d\/.+\.ya?ml$/.test(path)) tools.push({ tool: 'helm' });
  if (/(^|\/)logstash\/(pipeline|conf\.d)\/[^/]+\.conf$/.test(path)) tools.push({ tool: 'elastic' });

  // Files whose name is not enough: the content decides.
  if (base === 'package.json') content = 'packageJson';
  else if (YAML_EXT.test(base)) content = 'yaml';
  else if (base === 'pom.xml' || /^build\.gradle(\.kts)?$/.test(base)) content = 'jvmBuild';
  else if (base === 'pyproject.toml' || base === 'setup.cfg' || base === 'tox.ini' || /^requirements([-_.][\w.-]+)?\.txt$/.test(base) || base === 'Pipfile')
    content = 'pythonConfig';
  else if (base.endsWith('.cfg') && !EXACT.has(base)) content = 'nagiosCfg';
  else if (base === 'app.json') content = 'herokuAppJson';
  else if (base.endsWith('.json') && /(^|\/)(grafana|dashboards?)\//i.test(path)) content = 'grafanaJson';
  else if (base.endsWith('.json') && /template|cloudformation|cfn|stack/i.test(base)) content = 'cfnJson';
  else if (base.endsWith('.hcl') && !base.endsWith('.nomad.hcl') && base !== '.terraform.lock.hcl') content = 'hcl';

  if (base === 'pom.xml') tools.push({ tool: 'maven' });
  if (base === 'pyproject.toml' || base === 'setup.cfg') tools.push({ tool: 'python' });

  if (tools.length === 0 && !content) return undefined;
  return { tools: dedupe(tools), content };
}

function dedupe(tools: { tool: string; detail?: string }[]): { tool: string; detail?: string }[] {
  if (tools.length < 2) return tools;
  const seen = new Set<string>();
  return tools.filter((t) => (seen.has(t.tool) ? false : (seen.add(t.tool), true)));
}
