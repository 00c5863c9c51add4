// The tool catalogue: every tool id the scanner reports, its display name and its stage.
import type { StageId } from './stages';

export interface ToolInfo {
  readonly id: string;
  readonly name: string;
  readonly stage: StageId;
}

const T = (stage: StageId, id: string, name: string): ToolInfo => ({ id, name, stage });

export const TOOLS: readonly ToolInfo[] = [
  T('plan', 'jira', 'Jira'),
  T('plan', 'excalidraw', 'Excalidraw'),
  T('plan', 'figma', 'Figma'),

  T('code', 'git', 'Git'),
  T('code', 'gitflow', 'Gitflow'),
  T('code', 'git-hooks', 'Git hooks'),
  T('code', 'editorconfig', 'EditorConfig'),

  T('build', 'docker', 'Docker'),
  T('build', 'werf', 'werf'),
  T('build', 'buildout', 'Buildout'),
  T('build', 'webpack', 'webpack'),
  T('build', 'watchify', 'Watchify'),
  T('build', 'esbuild', 'esbuild'),
  T('build', 'vite', 'Vite'),
  T('build', 'make', 'Make'),
  T('build', 'npm', 'npm'),
  T('build', 'maven', 'Maven'),
  T('build', 'gradle', 'Gradle'),
  T('build', 'go', 'Go'),
  T('build', 'cargo', 'Cargo'),
  T('build', 'python', 'Python packaging'),

  T('test', 'jest', 'Jest'),
  T('test', 'pytest', 'pytest'),
  T('test', 'robot', 'Robot Framework'),
  T('test', 'selenium', 'Selenium'),
  T('test', 'mocha', 'Mocha'),
  T('test', 'vitest', 'Vitest'),
  T('test', 'playwright', 'Playwright'),
  T('test', 'cypress', 'Cypress'),
  T('test', 'gotest', 'go test'),

  T('release', 'jenkins', 'Jenkins'),
  T('release', 'gitlab-ci', 'GitLab CI'),
  T('release', 'github-actions', 'GitHub Actions'),
  T('release', 'circleci', 'CircleCI'),
  T('release', 'travis', 'Travis CI'),
  T('release', 'release-tool', 'Release automation'),
  T('release', 'changelog', 'Changelog'),

  T('deploy', 'aws', 'AWS'),
  T('deploy', 'docker-compose', 'Docker Compose'),
  T('deploy', 'nomad', 'Nomad'),
  T('deploy', 'helm', 'Helm'),
  T('deploy', 'heroku', 'Heroku'),
  T('deploy', 'skaffold', 'Skaffold'),

  T('operate', 'ansible', 'Ansible'),
  T('operate', 'terraform', 'Terraform'),
  T('operate', 'kubernetes', 'Kubernetes'),
  T('operate', 'openshift', 'OpenShift'),
  T('operate', 'kustomize', 'Kustomize'),

  T('monitor', 'nagios', 'Nagios'),
  T('monitor', 'elastic', 'Elastic Stack'),
  T('monitor', 'prometheus', 'Prometheus'),
  T('monitor', 'grafana', 'Grafana'),
];

export type ToolId = (typeof TOOLS)[number]['id'];

const byId = new Map(TOOLS.map((t) => [t.id, t] as const));

export function toolById(id: string): ToolInfo {
  const t = byId.get(id);
  if (!t) throw new Error(`unknown tool ${id}`);
  return t;
}
