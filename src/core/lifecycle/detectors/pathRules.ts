// Detection by path alone, and the choice of which content analyzer (if any) reads a file.
// Everything here is O(1) per path (map lookups and a handful of anchored regexes), because it runs on
// every file of the workspace; only the files it selects are ever opened.

export type ContentKind = 'packageJson' | 'yaml' | 'pythonConfig' | 'jvmBuild' | 'nagiosCfg' | 'grafanaJson' | 'herokuAppJson' | 'manifestJson' | 'hcl';

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
  ['Pipfile.lock', 'python'],
  ['uv.lock', 'python'],
  ['pdm.lock', 'python'],
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
  ['release-drafter.yml', 'release-tool'],
  ['release-drafter.yaml', 'release-tool'],
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

/**
 * `Dockerfile.md`, `Jenkinsfile.bak`, `Dockerfile.orig`: notes about a build file, or a stale copy of
 * one, are not the build file.
 */
const NOT_A_BUILD_FILE = /\.(md|markdown|rst|txt|adoc|html?|pdf|png|jpe?g|gif|svg|bak|orig|old|rej|swp|swo|tmp|log)$/i;

/**
 * Patterns over the file name, for families of names. Each has a cheap guard (a prefix, suffix or
 * substring test) so that the regex only runs on names that could match: this runs on every file.
 */
const NAME_PATTERNS: readonly { guard: (base: string) => boolean; re: RegExp; tool: string }[] = [
  { guard: (b) => (b.startsWith('Dockerfile') || b.startsWith('Containerfile')) && !NOT_A_BUILD_FILE.test(b), re: /^(Dockerfile|Containerfile)[.-][\w.-]+$/, tool: 'docker' },
  { guard: (b) => b.startsWith('webpack'), re: /^webpack(\.[\w-]+)*\.config\.[cm]?[jt]s$|^webpack\.(common|dev|prod|development|production)\.[cm]?[jt]s$/, tool: 'webpack' },
  { guard: (b) => b.includes('.config.') || b.includes('.workspace.'), re: /^esbuild\.config\.[cm]?[jt]s$/, tool: 'esbuild' },
  { guard: (b) => b.includes('.config.'), re: /^vite\.config\.[cm]?[jt]s$/, tool: 'vite' },
  { guard: (b) => b.includes('.config.'), re: /^jest\.config\.([cm]?[jt]s|json)$/, tool: 'jest' },
  { guard: (b) => b.includes('.config.') || b.includes('.workspace.'), re: /^vitest\.(config|workspace)\.[cm]?[jt]s$/, tool: 'vitest' },
  { guard: (b) => b.includes('.config.'), re: /^playwright(-ct)?\.config\.[cm]?[jt]s$/, tool: 'playwright' },
  { guard: (b) => b.includes('.config.'), re: /^cypress\.config\.[cm]?[jt]s$/, tool: 'cypress' },
  { guard: (b) => b.startsWith('build.gradle'), re: /^build\.gradle(\.kts)?$/, tool: 'gradle' },
  { guard: (b) => b.startsWith('.mocharc'), re: /^\.mocharc((\.[\w-]+)*\.([cm]?js|json|jsonc|ya?ml))?$/, tool: 'mocha' },
  { guard: (b) => b.endsWith('_test.go'), re: /_test\.go$/, tool: 'gotest' },
  { guard: (b) => b.startsWith('Jenkinsfile') && !NOT_A_BUILD_FILE.test(b), re: /^Jenkinsfile[.-][\w.-]+$/, tool: 'jenkins' },
  { guard: (b) => b.startsWith('.releaserc') || b.startsWith('release.config') || b.startsWith('.release-it'), re: /^\.releaserc(\.(json|ya?ml|[cm]?js))?$|^release\.config\.[cm]?js$|^\.release-it\.(json|ya?ml|[cm]?[jt]s|toml)$/, tool: 'release-tool' },
  { guard: (b) => /^[chr]/i.test(b), re: /^(CHANGELOG|CHANGES|HISTORY|RELEASE[-_]?NOTES)(\.(md|markdown|rst|txt|adoc))?$/i, tool: 'changelog' },
  { guard: (b) => b.endsWith('.tf.json'), re: /\.tf\.json$/, tool: 'terraform' },
  { guard: (b) => b.endsWith('.nomad.hcl'), re: /\.nomad\.hcl$/, tool: 'nomad' },
  { guard: (b) => b.endsWith('beat.yml') || b.endsWith('beat.yaml'), re: /^[\w.-]*beat\.ya?ml$/, tool: 'elastic' },
  { guard: (b) => b.startsWith('logstash'), re: /^logstash[\w.-]*\.conf$/, tool: 'elastic' },
  { guard: (b) => b.includes('.excalidraw.'), re: /\.excalidraw\.(svg|png|json|md)$/, tool: 'excalidraw' },
  { guard: (b) => b.includes('.figma.'), re: /\.figma\.[jt]sx?$/, tool: 'figma' },
];

/** Folder rules, tested only on paths that contain one of their folder names. */
const FOLDER_HINT = /\.husky\/|\.githooks\/|\.mvn\/|\.jira\.d\/|\.changeset\/|\.ebextensions\/|helmfile\.d\/|logstash\//;

const YAML_EXT = /\.ya?ml$/i;

/** Requirements files of pip (and pip-tools' `.in`), by name or in a `requirements/` folder. */
export const REQUIREMENTS_FILE = /(^|\/)requirements([-_.][\w.-]+)?\.(txt|in)$|(^|\/)requirements\/[^/]+\.(txt|in)$/;

/** Folders whose JSON files are deployment manifests (OpenShift templates, `kubectl apply -f` JSON). */
const MANIFEST_FOLDER = /(^|\/)(\.?openshift|kubernetes|k8s|kube|manifests|deploy|deployments?)\//i;

export function fileName(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

/**
 * Extensions of ordinary source and asset files. Most files of a workspace are these, and only a few
 * name shapes among them can be evidence, so they take a short path through planPath.
 */
const SOURCE_EXTENSIONS = new Set([
  'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'go', 'py', 'java', 'kt', 'scala', 'rb', 'rs', 'c', 'cc', 'cpp', 'h', 'hpp',
  'cs', 'php', 'swift', 'css', 'scss', 'less', 'html', 'vue', 'svelte', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'snap', 'map',
]);

function mayBeEvidenceSource(base: string): boolean {
  return (
    base.includes('.config.') || base.includes('.workspace.') || base.startsWith('webpack') || base.endsWith('_test.go') ||
    base.includes('.figma.') || base.includes('.excalidraw.') || base.startsWith('release.config') || base.startsWith('Dockerfile') ||
    base.startsWith('Containerfile') || base.startsWith('Jenkinsfile') || base.startsWith('.')
  );
}

export function planPath(path: string): PathPlan | undefined {
  const base = fileName(path);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 || (dot === 0 && base.length > 1) ? base.slice(dot + 1).toLowerCase() : '';
  if (SOURCE_EXTENSIONS.has(ext) && !EXACT.has(base) && !mayBeEvidenceSource(base) && path.charCodeAt(0) !== 46 /* '.' */) return undefined;

  const tools: { tool: string; detail?: string }[] = [];
  let content: ContentKind | undefined;

  const exact = EXACT.get(base);
  if (exact) tools.push({ tool: exact });
  if (ext) {
    const byExt = EXTENSION.get(ext);
    if (byExt && !(byExt === 'docker' && base.startsWith('.'))) tools.push({ tool: byExt });
  }
  for (const p of NAME_PATTERNS) if (p.guard(base) && p.re.test(base)) tools.push({ tool: p.tool });

  // Folders that give a meaning to what is in them.
  if (FOLDER_HINT.test(path)) {
    if (path.startsWith('.husky/') && !path.startsWith('.husky/_/')) tools.push({ tool: 'git-hooks' });
    else if (path.startsWith('.githooks/')) tools.push({ tool: 'git-hooks' });
    if (path.startsWith('.mvn/')) tools.push({ tool: 'maven' });
    if (path.startsWith('.jira.d/')) tools.push({ tool: 'jira' });
    if (path.startsWith('.changeset/') && base === 'config.json') tools.push({ tool: 'release-tool' });
    if (/(^|\/)\.ebextensions\//.test(path)) tools.push({ tool: 'aws' });
    if (/(^|\/)helmfile\.d\/.+\.ya?ml$/.test(path)) tools.push({ tool: 'helm' });
    if (/(^|\/)logstash\/(pipeline|conf\.d)\/[^/]+\.conf$/.test(path)) tools.push({ tool: 'elastic' });
  }

  // Files whose name is not enough: the content decides.
  if (base === 'package.json') content = 'packageJson';
  else if (YAML_EXT.test(base)) content = 'yaml';
  else if (base === 'pom.xml' || /^build\.gradle(\.kts)?$/.test(base)) content = 'jvmBuild';
  else if (base === 'pyproject.toml' || base === 'setup.cfg' || base === 'tox.ini' || base === 'Pipfile' || (path.includes('requirements') && REQUIREMENTS_FILE.test(path)))
    content = 'pythonConfig';
  else if (base.endsWith('.cfg') && !EXACT.has(base)) content = 'nagiosCfg';
  else if (base === 'app.json') content = 'herokuAppJson';
  else if (base.endsWith('.json') && /(^|\/)(grafana|dashboards?)\//i.test(path)) content = 'grafanaJson';
  else if (base.endsWith('.json') && (/template|cloudformation|cfn|stack/i.test(base) || MANIFEST_FOLDER.test(path))) content = 'manifestJson';
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
