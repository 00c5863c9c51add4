// The CALMS catalogue: the five pillars (Culture, Automation, Lean, Measurement, Sharing), their items,
// each with a one-line why, and for the items a workspace can prove, the rules that find the proof.
// Item ids are stored in .devops/calms.json: never rename one; retire it and add a new id instead.
import type { StageId } from '../lifecycle/stages';

export type PillarId = 'culture' | 'automation' | 'lean' | 'measurement' | 'sharing';

export interface Pillar {
  readonly id: PillarId;
  readonly name: string;
  /** One line on what the pillar asks of a team. */
  readonly summary: string;
}

export const PILLARS: readonly Pillar[] = [
  { id: 'culture', name: 'Culture', summary: 'People own the whole of what they build, together, and learn from failure without blame.' },
  { id: 'automation', name: 'Automation', summary: 'Machines do the repeatable work: builds, tests, infrastructure, deployments.' },
  { id: 'lean', name: 'Lean', summary: 'Work flows in small batches with little waiting and quick feedback.' },
  { id: 'measurement', name: 'Measurement', summary: 'Measure everything that matters, and show the improvement.' },
  { id: 'sharing', name: 'Sharing', summary: 'Knowledge, tools and decisions are written down and open to everyone.' },
];

/** The git checks behind the Lean items; they need git, so a trusted workspace. */
export type GitCheck = 'short-lived-branches' | 'small-changes';

/** Where proof of an item can come from. An item is met when any of its rules finds something. */
export type EvidenceRule =
  /** Any of these tools in the lifecycle scan. */
  | { readonly kind: 'tools'; readonly tools: readonly string[] }
  /** Any tool of this lifecycle stage in the scan. */
  | { readonly kind: 'stage'; readonly stage: StageId }
  /** A file whose workspace-relative path (forward slashes) matches. */
  | { readonly kind: 'files'; readonly pattern: RegExp }
  /** A file whose path matches `files` and whose text matches `pattern` (the matching line is the evidence). */
  | { readonly kind: 'content'; readonly files: RegExp; readonly pattern: RegExp }
  /** A fact from the repository's history. */
  | { readonly kind: 'git'; readonly check: GitCheck };

export interface CalmsItem {
  /** Stable id, `<pillar>.<name>`: the key of the item's answer in .devops/calms.json. */
  readonly id: string;
  readonly pillar: PillarId;
  readonly title: string;
  /** One line: why the practice matters. */
  readonly why: string;
  /** For items the workspace can prove: the rules, and what they look for (shown when nothing is found). */
  readonly evidence?: { readonly rules: readonly EvidenceRule[]; readonly lookFor: string };
}

const DOC = '(md|markdown|rst|adoc|asciidoc|txt)';

export const CATALOGUE: readonly CalmsItem[] = [
  // Culture
  {
    id: 'culture.codeowners', pillar: 'culture', title: 'Shared ownership: every path has owners',
    why: 'A CODEOWNERS file routes each change to people who know that code, so no part of the system belongs to nobody.',
    evidence: { lookFor: 'a CODEOWNERS file at the root or in .github/, .gitlab/ or docs/', rules: [
      { kind: 'files', pattern: /^(\.github\/|\.gitlab\/|docs\/)?CODEOWNERS$/ },
    ] },
  },
  {
    id: 'culture.postmortems', pillar: 'culture', title: 'Blameless postmortem template',
    why: 'A template that asks what happened and why, not who, turns incidents into learning instead of blame.',
    evidence: { lookFor: 'a postmortem or incident-review template, e.g. docs/postmortem-template.md or a postmortems/ folder', rules: [
      { kind: 'files', pattern: new RegExp(`(^|/)[^/]*(post-?mortem|incident[-_ ]?(report|review|template))[^/]*\\.${DOC}$`, 'i') },
      { kind: 'files', pattern: new RegExp(`(^|/)(post-?mortems?|incident-reviews?)/[^/]+\\.${DOC}$`, 'i') },
    ] },
  },
  {
    id: 'culture.agreements', pillar: 'culture', title: 'Working agreements are written down',
    why: 'Written norms (a code of conduct, team agreements) make expectations explicit and safe to raise.',
    evidence: { lookFor: 'CODE_OF_CONDUCT or WORKING_AGREEMENTS at the root or in .github/ or docs/', rules: [
      { kind: 'files', pattern: /^(\.github\/|docs\/)?(CODE_OF_CONDUCT|(WORKING|TEAM)_AGREEMENTS?)(\.[a-z]+)?$/i },
    ] },
  },
  {
    id: 'culture.review', pillar: 'culture', title: 'Every change is reviewed by someone other than its author',
    why: 'Review spreads knowledge of the code and shares the responsibility for what ships.',
  },
  {
    id: 'culture.oncall', pillar: 'culture', title: 'Developers share on-call for what they build',
    why: 'You build it, you run it: carrying the pager closes the loop between writing code and running it.',
  },
  {
    id: 'culture.retrospectives', pillar: 'culture', title: 'Regular retrospectives lead to changes',
    why: 'Teams that look back together, and act on it, improve the way they work and not only the code.',
  },
  {
    id: 'culture.shared-goals', pillar: 'culture', title: 'Development and operations share goals and one backlog',
    why: 'Shared goals stop work being thrown over the wall between the people who write and the people who run it.',
  },

  // Automation
  {
    id: 'automation.ci', pillar: 'automation', title: 'CI builds and tests every change',
    why: 'A pipeline on every push catches breakage within minutes, while the change is still fresh in mind.',
    evidence: { lookFor: 'a CI pipeline: GitHub Actions, GitLab CI, Jenkins, CircleCI, Travis CI, Azure Pipelines, Bitbucket Pipelines, Drone, Buildkite or Woodpecker', rules: [
      { kind: 'tools', tools: ['github-actions', 'gitlab-ci', 'jenkins', 'circleci', 'travis'] },
      { kind: 'files', pattern: /^(azure-pipelines\.ya?ml|bitbucket-pipelines\.yml|\.drone\.ya?ml|\.buildkite\/[^/]+\.ya?ml|\.woodpecker\.ya?ml|\.woodpecker\/[^/]+\.ya?ml)$/ },
    ] },
  },
  {
    id: 'automation.tests', pillar: 'automation', title: 'Tests run without a person',
    why: 'Automated tests are what make frequent, safe change possible.',
    evidence: { lookFor: 'a test framework in the Test stage (Jest, pytest, Playwright, go test…)', rules: [{ kind: 'stage', stage: 'test' }] },
  },
  {
    id: 'automation.build', pillar: 'automation', title: 'The build is one scripted command',
    why: 'A scripted build (a container image, a Makefile, a build tool) gives the same artifact on every machine and in CI.',
    evidence: { lookFor: 'a build tool or container image in the Build stage (Dockerfile, Makefile, npm, Maven, Gradle…)', rules: [{ kind: 'stage', stage: 'build' }] },
  },
  {
    id: 'automation.iac', pillar: 'automation', title: 'Infrastructure as code',
    why: 'Infrastructure described in versioned files can be reviewed, repeated and rebuilt instead of configured by hand.',
    evidence: { lookFor: 'Terraform, Ansible, Kubernetes, OpenShift, Kustomize, Helm, AWS CloudFormation/CDK/SAM or Nomad files', rules: [
      { kind: 'tools', tools: ['terraform', 'ansible', 'kubernetes', 'openshift', 'kustomize', 'helm', 'aws', 'nomad'] },
    ] },
  },
  {
    id: 'automation.deploy', pillar: 'automation', title: 'Deployment is automated',
    why: 'Deployments run by tools, not by hand, are repeatable and can happen whenever they are needed.',
    evidence: { lookFor: 'a deployment tool in the Deploy stage, or a CI job that deploys', rules: [
      { kind: 'stage', stage: 'deploy' },
      { kind: 'content', files: /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.yml|Jenkinsfile|\.circleci\/config\.yml)$/, pattern: /^\s*(deploy[\w-]*:|stage:\s*['"]?deploy|-\s*['"]?deploy\b|environment:|name:\s*['"]?deploy|stage\s*\(\s*['"]deploy)/im },
    ] },
  },
  {
    id: 'automation.release', pillar: 'automation', title: 'Releases are automated',
    why: 'Versioning, changelog and publishing done by a tool remove a manual, error-prone step.',
    evidence: { lookFor: 'semantic-release, release-please, goreleaser, changesets or a similar release tool', rules: [{ kind: 'tools', tools: ['release-tool'] }] },
  },
  {
    id: 'automation.hooks', pillar: 'automation', title: 'Checks run before every commit',
    why: 'Git hooks (husky, pre-commit, lefthook) catch lint and format errors before they reach review.',
    evidence: { lookFor: 'husky, pre-commit or lefthook hooks', rules: [{ kind: 'tools', tools: ['git-hooks'] }] },
  },
  {
    id: 'automation.dependencies', pillar: 'automation', title: 'Dependency updates are automated',
    why: 'Bots such as Dependabot or Renovate keep dependencies current in small, reviewable steps.',
    evidence: { lookFor: '.github/dependabot.yml or a Renovate config (renovate.json, .renovaterc)', rules: [
      { kind: 'files', pattern: /^(\.github\/dependabot\.ya?ml|(\.github\/|\.gitlab\/)?renovate\.json5?|\.renovaterc(\.json5?)?)$/ },
    ] },
  },

  // Lean
  {
    id: 'lean.short-branches', pillar: 'lean', title: 'Branches are short-lived',
    why: 'Branches merged within days keep integration cheap; long-lived ones pile up conflicts and hidden work.',
    evidence: { lookFor: 'unmerged branches whose last commit is older than 14 days (git for-each-ref)', rules: [{ kind: 'git', check: 'short-lived-branches' }] },
  },
  {
    id: 'lean.small-changes', pillar: 'lean', title: 'Changes are small',
    why: 'Small commits are quicker to review, easier to revert and flow through the pipeline faster.',
    evidence: { lookFor: 'a median of at most 200 changed lines over the last 50 commits (git log --shortstat)', rules: [{ kind: 'git', check: 'small-changes' }] },
  },
  {
    id: 'lean.automated-style', pillar: 'lean', title: 'Formatting and linting are settled by tools',
    why: 'Style decided by tools (EditorConfig, Prettier, linters) removes a whole class of review churn.',
    evidence: { lookFor: '.editorconfig, a Prettier, ESLint, Stylelint, Biome, golangci-lint, RuboCop, Ruff, Pylint, clang-format or rustfmt config', rules: [
      { kind: 'tools', tools: ['editorconfig'] },
      { kind: 'files', pattern: /(^|\/)(\.prettierrc(\.[a-z0-9]+)?|prettier\.config\.[cm]?js|\.eslintrc(\.[a-z]+)?|eslint\.config\.[cm]?[jt]s|\.stylelintrc(\.[a-z]+)?|biome\.jsonc?|\.golangci\.ya?ml|\.rubocop\.yml|ruff\.toml|\.flake8|\.pylintrc|\.clang-format|rustfmt\.toml)$/ },
    ] },
  },
  {
    id: 'lean.wip-limits', pillar: 'lean', title: 'Work in progress is limited',
    why: 'Finishing before starting shortens lead time; a board with WIP limits makes the queues visible.',
  },
  {
    id: 'lean.value-stream', pillar: 'lean', title: 'The value stream is mapped',
    why: 'Mapping the steps from idea to production shows where work waits, which is where to improve first.',
  },
  {
    id: 'lean.fast-feedback', pillar: 'lean', title: 'The pipeline answers within ten minutes',
    why: 'Slow feedback is waste: people switch tasks while they wait, and late fixes cost more.',
  },

  // Measurement
  {
    id: 'measurement.monitoring', pillar: 'measurement', title: 'Monitoring is configured',
    why: 'You cannot improve, or even notice, what you do not measure in production.',
    evidence: { lookFor: 'Prometheus, Nagios or Elastic Stack config, or a Datadog, New Relic, OpenTelemetry Collector or Zabbix config', rules: [
      { kind: 'tools', tools: ['prometheus', 'nagios', 'elastic'] },
      { kind: 'files', pattern: /(^|\/)(datadog\.ya?ml|newrelic\.(yml|js)|otel-?collector[^/]*\.ya?ml|otelcol[^/]*\.ya?ml|zabbix[^/]*\.conf)$/i },
    ] },
  },
  {
    id: 'measurement.alerts', pillar: 'measurement', title: 'Alerts are defined in the repository',
    why: 'Alert rules under version control are reviewed like code and can be tied to the symptoms users feel.',
    evidence: { lookFor: 'Prometheus alerting rules (a YAML file named *alert* or *rule* with an `alert:` entry), alertmanager.yml, or Nagios', rules: [
      { kind: 'content', files: /(^|\/)[^/]*(alert|rule)[^/]*\.ya?ml$/i, pattern: /^\s*(-\s*)?alert:\s*\S/m },
      { kind: 'files', pattern: /(^|\/)alertmanager\.ya?ml$/i },
      { kind: 'tools', tools: ['nagios'] },
    ] },
  },
  {
    id: 'measurement.dashboards', pillar: 'measurement', title: 'Dashboards show how the service behaves',
    why: 'A shared dashboard gives everyone the same picture of production, kept in the repository with the code.',
    evidence: { lookFor: 'Grafana dashboards or provisioning', rules: [{ kind: 'tools', tools: ['grafana'] }] },
  },
  {
    id: 'measurement.logging', pillar: 'measurement', title: 'Logs are collected centrally',
    why: 'Central, searchable logs turn an incident from guesswork into a query.',
    evidence: { lookFor: 'the Elastic Stack, or a Fluentd, Fluent Bit, Loki, Promtail, Vector or Filebeat config', rules: [
      { kind: 'tools', tools: ['elastic'] },
      { kind: 'files', pattern: /(^|\/)(fluent-?bit[^/]*\.(conf|ya?ml)|fluentd?\.conf|td-agent\.conf|loki[^/]*\.ya?ml|promtail[^/]*\.ya?ml|vector\.(toml|ya?ml)|filebeat[^/]*\.ya?ml)$/i },
    ] },
  },
  {
    id: 'measurement.coverage', pillar: 'measurement', title: 'Test coverage is measured',
    why: 'Coverage shows which code no test runs, so gaps are chosen rather than accidental.',
    evidence: { lookFor: 'a coverage config (codecov.yml, .nycrc, .c8rc, .coveragerc, sonar-project.properties) or coverage settings in a test config or package.json', rules: [
      { kind: 'files', pattern: /(^|\/)(\.?codecov\.ya?ml|\.nycrc(\.json|\.ya?ml)?|\.c8rc(\.json)?|\.coveragerc|sonar-project\.properties)$/i },
      { kind: 'content', files: /(^|\/)((jest|vitest|karma)\.config\.[cm]?[jt]s|package\.json|pyproject\.toml|setup\.cfg|tox\.ini|pom\.xml|build\.gradle(\.kts)?)$/, pattern: /coverage|jacoco|pytest-cov/i },
    ] },
  },
  {
    id: 'measurement.slos', pillar: 'measurement', title: 'Service level objectives are agreed',
    why: 'An SLO says how reliable is reliable enough, and when to stop shipping features to fix reliability.',
    evidence: { lookFor: 'an SLO definition: a YAML file named *slo* (OpenSLO, Sloth, Pyrra) with objectives', rules: [
      { kind: 'content', files: /(^|\/)[^/]*slo[^/]*\.ya?ml$/i, pattern: /^\s*(apiVersion:\s*(openslo|sloth|pyrra)|objectives?:|slos?:)/im },
    ] },
  },
  {
    id: 'measurement.dora', pillar: 'measurement', title: 'Delivery metrics are tracked',
    why: 'Deployment frequency, lead time, change failure rate and time to restore show whether delivery is getting better.',
  },

  // Sharing
  {
    id: 'sharing.readme', pillar: 'sharing', title: 'A README gets a newcomer from clone to running',
    why: 'The first page anyone reads should say what this is and how to build, run and test it.',
    evidence: { lookFor: 'a README at the root of the folder', rules: [{ kind: 'files', pattern: /^README(\.[a-z]+)?$/i }] },
  },
  {
    id: 'sharing.contributing', pillar: 'sharing', title: 'A contributing guide',
    why: 'CONTRIBUTING says how changes are proposed, reviewed and released, so everyone can take part.',
    evidence: { lookFor: 'CONTRIBUTING at the root or in .github/ or docs/', rules: [{ kind: 'files', pattern: /^(\.github\/|docs\/)?CONTRIBUTING(\.[a-z]+)?$/i }] },
  },
  {
    id: 'sharing.adrs', pillar: 'sharing', title: 'Architecture decisions are recorded',
    why: 'Decision records keep the why behind the design after the people who made it have moved on.',
    evidence: { lookFor: 'architecture decision records: docs/adr/, doc/decisions/ or adr-NNNN files, or an .adr-dir file', rules: [
      { kind: 'files', pattern: new RegExp(`(^|/)(adrs?|decisions|architecture[-_ ]?decisions?(?:[-_ ]records?)?)/[^/]+\\.${DOC}$`, 'i') },
      { kind: 'files', pattern: new RegExp(`(^|/)(\\.adr-dir|adr-?\\d+[^/]*\\.${DOC})$`, 'i') },
    ] },
  },
  {
    id: 'sharing.runbooks', pillar: 'sharing', title: 'Runbooks for operating the service',
    why: 'A runbook lets whoever is on call handle an alert without waiting for the one person who knows.',
    evidence: { lookFor: 'a runbooks/ folder or files named *runbook*', rules: [
      { kind: 'files', pattern: new RegExp(`(^|/)runbooks?/[^/]+\\.${DOC}$`, 'i') },
      { kind: 'files', pattern: new RegExp(`(^|/)[^/]*run-?book[^/]*\\.${DOC}$`, 'i') },
    ] },
  },
  {
    id: 'sharing.changelog', pillar: 'sharing', title: 'Changes are announced in a changelog',
    why: 'A changelog tells users and colleagues what changed and why, without reading the diff.',
    evidence: { lookFor: 'a CHANGELOG or release notes file', rules: [{ kind: 'tools', tools: ['changelog'] }] },
  },
  {
    id: 'sharing.templates', pillar: 'sharing', title: 'Issue and pull request templates',
    why: 'Templates ask for the context reviewers and maintainers need, the same way every time.',
    evidence: { lookFor: '.github/ISSUE_TEMPLATE/, a pull request template, or .gitlab/ issue or merge request templates', rules: [
      { kind: 'files', pattern: /^(\.github\/(ISSUE_TEMPLATE\/[^/]+|ISSUE_TEMPLATE\.md|pull_request_template\.md|PULL_REQUEST_TEMPLATE(\.md|\/[^/]+))|\.gitlab\/(issue_templates|merge_request_templates)\/[^/]+|(docs\/)?pull_request_template\.md)$/i },
    ] },
  },
  {
    id: 'sharing.sessions', pillar: 'sharing', title: 'Knowledge is shared in regular sessions',
    why: 'Demos, brown-bag talks and pairing spread skills, so the team does not depend on its experts.',
  },
];

const itemsById = new Map(CATALOGUE.map((i) => [i.id, i] as const));

export function itemById(id: string): CalmsItem | undefined {
  return itemsById.get(id);
}

export function itemsOf(pillar: PillarId): CalmsItem[] {
  return CATALOGUE.filter((i) => i.pillar === pillar);
}

export function isPillarId(id: string): id is PillarId {
  return PILLARS.some((p) => p.id === id);
}
