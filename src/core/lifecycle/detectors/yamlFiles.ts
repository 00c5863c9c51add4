// YAML files: a YAML file proves nothing by being YAML. Each rule looks at the parsed documents
// (or, for a template that is not YAML yet, at its top-level keys) and at where the file lives.
import { LineCounter, parseAllDocuments, isMap, isScalar, type Document } from 'yaml';
import { type FileAnalysis, type Finding } from './finding';
import { chartDependencyTools, containerImages, imageTools, manifestTools, MONITORING_IMAGE_HINT, valuesImages } from './manifests';
import { fileName } from './pathRules';
import { isRecord } from '../../values';

/** Files whose location or name says what they must be. */
const isWorkflow = (p: string) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p);
const isGitlab = (b: string) => b === '.gitlab-ci.yml' || b === '.gitlab-ci.yaml' || /\.gitlab-ci\.ya?ml$/.test(b);
const isCompose = (b: string) => /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(b);
/** Helm chart values (`values.yaml`, `values-prod.yaml`, `values.staging.yaml`). */
const isHelmValues = (b: string) => /^values([.-][\w.-]+)?\.ya?ml$/.test(b);
/** A role's tasks or handlers: under `roles/<name>/`, or at the top of a repository that is one role. */
const isRoleTaskFile = (p: string) => /(^|\/)roles\/[^/]+\/(tasks|handlers)\/[^/]+\.ya?ml$/.test(p);
const isRootRoleTaskFile = (p: string) => /^(tasks|handlers)\/[^/]+\.ya?ml$/.test(p);
const isRoleMeta = (p: string) => /(^|\/)meta\/main\.ya?ml$/.test(p);
const isMoleculeScenario = (p: string) => /(^|\/)molecule\/[^/]+\/molecule\.ya?ml$/.test(p);

/** Cheap test before parsing: does the text have a top-level key that any rule below looks at? */
const INTERESTING =
  /^(apiVersion|kind|services|scrape_configs|groups|AWSTemplateFormatVersion|Resources|Transform|datasources|providers|route|receivers|jobs|stages|service|provider|repos|phases|releases|plugin|all|roles|collections|dependencies)\s*:|^-\s+(hosts|import_playbook|ansible\.builtin\.import_playbook|include|name|src|job|job-template|project|defaults)\s*:|^\s+hosts\s*:/m;

export function analyzeYaml(path: string, text: string): FileAnalysis {
  const base = fileName(path);
  const named =
    isWorkflow(path) || isGitlab(base) || isCompose(base) || path === '.circleci/config.yml' || base === '.travis.yml' ||
    base === 'Chart.yaml' || base === 'skaffold.yaml' || /^helmfile\.ya?ml$/.test(base) || /^serverless\.ya?ml$/.test(base) ||
    /^(buildspec|appspec)\.ya?ml$/.test(base) || base === 'galaxy.yml' || isRoleTaskFile(path) || isRootRoleTaskFile(path) ||
    isRoleMeta(path) || isMoleculeScenario(path) || /^(prometheus|alertmanager)\.ya?ml$/.test(base);
  if (!named && !INTERESTING.test(text) && !(isHelmValues(base) && MONITORING_IMAGE_HINT.test(text))) return { findings: [], problems: [] };

  const findings: Finding[] = [];
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
  } catch (e) {
    return { findings, problems: [{ path, message: `YAML could not be read: ${(e as Error).message}` }] };
  }
  if (!Array.isArray(docs)) docs = [docs];
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) {
    // Go/Jinja templates (Helm charts, Ansible) are not YAML until rendered: read their top-level keys instead.
    // `${{ }}` (GitHub Actions, Backstage) is an expression inside valid YAML, not a template marker.
    if (/(^|[^$])\{\{|\{%/.test(text)) return { findings: templateFindings(path, text), problems: [] };
    const err = broken.errors[0]!;
    // linePos is only filled in with prettyErrors; the offset always is.
    const line = err.linePos?.[0].line ?? (err.pos?.[0] !== undefined ? lineCounter.linePos(err.pos[0]).line : undefined);
    return { findings, problems: [{ path, line, message: `malformed YAML: ${err.message.split('\n')[0]}` }] };
  }

  const lineOfKey = (doc: Document.Parsed, key: string): number | undefined => {
    if (!isMap(doc.contents)) return undefined;
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key);
    const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const add = (tool: string, line: number | undefined, detail?: string) => findings.push({ tool, path, line, detail });

  for (const doc of docs) {
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (isRecord(value)) analyzeMap(path, base, value, doc, lineOfKey, add);
    else if (Array.isArray(value)) analyzeList(path, base, value, add);
    if (findings.length > 50) break; // a huge multi-document file proves its point long before this
  }
  // A chart template that happens to parse as YAML (every `{{ }}` inside quotes) is still a chart template.
  if (/(^|\/)templates\/[^/]+\.ya?ml$/.test(path) && text.includes('{{') && findings.some((f) => f.tool === 'kubernetes' || f.tool === 'openshift'))
    add('helm', undefined, 'chart template');
  return { findings: dedupeFindings(findings), problems: [] };
}

function analyzeMap(
  path: string,
  base: string,
  v: Record<string, unknown>,
  doc: Document.Parsed,
  lineOfKey: (doc: Document.Parsed, key: string) => number | undefined,
  add: (tool: string, line: number | undefined, detail?: string) => void,
): void {
  if (isWorkflow(path) && isRecord(v.jobs)) {
    add('github-actions', lineOfKey(doc, 'jobs'), `workflow ${typeof v.name === 'string' ? v.name : base}`);
    if (/uses:\s*atlassian\/gajira/.test(doc.toString())) add('jira', undefined, 'atlassian/gajira action');
  }
  if (isGitlab(base)) add('gitlab-ci', 1, 'pipeline');
  if (path === '.circleci/config.yml' && ('jobs' in v || 'workflows' in v || 'orbs' in v)) add('circleci', lineOfKey(doc, 'version') ?? 1, 'config');
  if (base === '.travis.yml') add('travis', 1, typeof v.language === 'string' ? `language ${v.language}` : 'config');

  if (isCompose(base) && isRecord(v.services)) {
    add('docker-compose', lineOfKey(doc, 'services'), `${Object.keys(v.services).length} services`);
    for (const svc of Object.values(v.services)) {
      const image = isRecord(svc) && typeof svc.image === 'string' ? svc.image : '';
      for (const tool of imageTools(image)) add(tool, undefined, `image ${image}`);
    }
  }

  const apiVersion = v.apiVersion;
  const kind = v.kind;
  if (typeof apiVersion === 'string' && typeof kind === 'string') {
    const line = lineOfKey(doc, 'kind');
    const tools = manifestTools(apiVersion, kind);
    for (const t of tools) add(t.tool, line, t.detail);
    if (tools.some((t) => t.tool === 'kubernetes' || t.tool === 'openshift')) {
      for (const image of containerImages(v.spec)) for (const tool of imageTools(image)) add(tool, line, `image ${image}`);
      // `kind: List` (what `kubectl get -o yaml` writes) holds the objects in `items`.
      if (kind === 'List' && Array.isArray(v.items)) {
        for (const item of v.items.slice(0, 50)) {
          if (isRecord(item) && typeof item.apiVersion === 'string' && typeof item.kind === 'string')
            for (const t of manifestTools(item.apiVersion, item.kind)) add(t.tool, line, t.detail);
        }
      }
    }
  }

  if (base === 'Chart.yaml' && typeof v.name === 'string' && typeof v.apiVersion === 'string') {
    add('helm', lineOfKey(doc, 'name'), `chart ${v.name}`);
    chartDependencies(v.dependencies, lineOfKey(doc, 'dependencies'), add);
  }
  if (/^requirements\.ya?ml$/.test(base) && Array.isArray(v.dependencies)) chartDependencies(v.dependencies, lineOfKey(doc, 'dependencies'), add);
  if (isHelmValues(base)) for (const image of valuesImages(v)) for (const tool of imageTools(image)) add(tool, undefined, `image ${image}`);
  if (/^helmfile\.ya?ml$/.test(base) && ('releases' in v || 'repositories' in v || 'helmfiles' in v)) add('helm', 1, 'helmfile');

  if (Array.isArray(v.scrape_configs) || (/^prometheus\.ya?ml$/.test(base) && isRecord(v.global))) add('prometheus', lineOfKey(doc, 'scrape_configs') ?? 1, 'scrape config');
  if (Array.isArray(v.groups) && v.groups.some((g) => isRecord(g) && Array.isArray(g.rules) && g.rules.some((r) => isRecord(r) && 'expr' in r && ('alert' in r || 'record' in r))))
    add('prometheus', lineOfKey(doc, 'groups'), 'alerting/recording rules');
  if (isRecord(v.route) && Array.isArray(v.receivers)) add('prometheus', lineOfKey(doc, 'route'), 'Alertmanager config');

  if ((v.apiVersion === 1 || v.apiVersion === '1') && (Array.isArray(v.datasources) || Array.isArray(v.providers))) add('grafana', 1, 'provisioning');

  if (typeof v.AWSTemplateFormatVersion === 'string' || (typeof v.Transform === 'string' && v.Transform.startsWith('AWS::')) || hasAwsResources(v.Resources))
    add('aws', lineOfKey(doc, 'Resources') ?? 1, typeof v.Transform === 'string' && v.Transform.includes('Serverless') ? 'SAM template' : 'CloudFormation template');
  if (/^serverless\.ya?ml$/.test(base) && 'service' in v && 'provider' in v) add('aws', lineOfKey(doc, 'provider'), 'Serverless Framework');
  if (/^buildspec\.ya?ml$/.test(base) && isRecord(v.phases)) add('aws', lineOfKey(doc, 'phases'), 'CodeBuild buildspec');
  if (/^appspec\.ya?ml$/.test(base) && ('hooks' in v || 'Resources' in v || 'files' in v)) add('aws', 1, 'CodeDeploy appspec');

  // Ansible: collections, roles (their metadata), Molecule scenarios, Galaxy requirements, inventories.
  if (base === 'galaxy.yml' && typeof v.namespace === 'string') add('ansible', 1, 'collection');
  if (isRoleMeta(path) && isRecord(v.galaxy_info)) add('ansible', lineOfKey(doc, 'galaxy_info'), 'role metadata');
  if (isMoleculeScenario(path) && (isRecord(v.driver) || isRecord(v.provisioner) || Array.isArray(v.platforms))) add('ansible', 1, 'Molecule scenario');
  if (/^requirements\.ya?ml$/.test(base) && (Array.isArray(v.roles) || Array.isArray(v.collections)) && Object.keys(v).every((k) => k === 'roles' || k === 'collections'))
    add('ansible', 1, 'Galaxy requirements');
  if (isAnsibleInventoryPlugin(v)) add('ansible', lineOfKey(doc, 'plugin'), `inventory plugin ${String(v.plugin)}`);
  if (isRecord(v.all) && (isRecord(v.all.hosts) || isRecord(v.all.children)) && Object.keys(v).length === 1) add('ansible', 1, 'inventory');
}

function analyzeList(path: string, base: string, items: unknown[], add: (tool: string, line: number | undefined, detail?: string) => void): void {
  if (isAnsiblePlaybook(items)) add('ansible', 1, 'playbook');
  else if (isRoleTaskFile(path) || (isRootRoleTaskFile(path) && isAnsibleTaskList(items))) add('ansible', 1, 'role tasks');
  else if (/^requirements\.ya?ml$/.test(base) && isGalaxyRoleList(items)) add('ansible', 1, 'Galaxy requirements');
  else if (isJenkinsJobBuilder(items)) add('jenkins', 1, 'Jenkins Job Builder');
}

function chartDependencies(deps: unknown, line: number | undefined, add: (tool: string, line: number | undefined, detail?: string) => void): void {
  if (!Array.isArray(deps)) return;
  for (const d of deps) {
    if (!isRecord(d) || typeof d.name !== 'string') continue;
    for (const tool of chartDependencyTools(d.name)) add(tool, line, `chart dependency ${d.name}`);
  }
}

function hasAwsResources(resources: unknown): boolean {
  return isRecord(resources) && Object.values(resources).some((r) => isRecord(r) && typeof r.Type === 'string' && r.Type.startsWith('AWS::'));
}

const isYamlPath = (v: unknown) => typeof v === 'string' && /\.ya?ml$/.test(v.trim());

function isAnsiblePlaybook(items: unknown[]): boolean {
  return (
    items.length > 0 &&
    items.every(
      (p) =>
        isRecord(p) &&
        (('hosts' in p && ('tasks' in p || 'roles' in p || 'pre_tasks' in p || 'post_tasks' in p || 'handlers' in p)) ||
          'import_playbook' in p ||
          'ansible.builtin.import_playbook' in p ||
          // Before Ansible 2.4 a playbook pulled in others with a bare `include:`.
          (Object.keys(p).length <= 2 && isYamlPath(p.include))),
    )
  );
}

/** Keys that only an Ansible task has (besides the module name itself). */
const TASK_KEYS = new Set([
  'include_tasks', 'import_tasks', 'include_role', 'import_role', 'block', 'rescue', 'always', 'notify', 'listen', 'register',
  'become', 'become_user', 'delegate_to', 'run_once', 'changed_when', 'failed_when', 'with_items', 'with_dict', 'loop', 'loop_control', 'until',
]);

/** A list of tasks (a role's tasks/main.yml): every item a map, and some item written the way only a task is. */
function isAnsibleTaskList(items: unknown[]): boolean {
  if (items.length === 0 || !items.every(isRecord)) return false;
  return items.some((t) => Object.keys(t as Record<string, unknown>).some((k) => TASK_KEYS.has(k) || k.startsWith('ansible.builtin.') || k.startsWith('ansible.posix.')));
}

/** Galaxy's role list: `- src: geerlingguy.java` or `- name: geerlingguy.java` (`namespace.role`). */
function isGalaxyRoleList(items: unknown[]): boolean {
  return (
    items.length > 0 &&
    items.every((r) => isRecord(r) && (typeof r.src === 'string' || (typeof r.name === 'string' && /^[\w-]+\.[\w-]+$/.test(r.name) && ('version' in r || 'src' in r || Object.keys(r).length === 1))))
  );
}

/** An inventory plugin's config (`plugin: amazon.aws.aws_ec2` with its keyed groups, hostnames…). */
function isAnsibleInventoryPlugin(v: Record<string, unknown>): boolean {
  return (
    typeof v.plugin === 'string' &&
    /^([\w]+\.[\w]+\.)?[\w]+$/.test(v.plugin) &&
    ('keyed_groups' in v || 'compose' in v || 'hostnames' in v || 'regions' in v || 'filters' in v)
  );
}

const JJB_TOP_KEYS = new Set(['job', 'job-template', 'job-group', 'project', 'defaults', 'view', 'view-template', 'builder', 'publisher', 'trigger', 'scm', 'wrapper', 'parameter', 'property']);
const JJB_JOB_KEYS = ['builders', 'project-type', 'triggers', 'publishers', 'scm', 'dsl', 'pipeline-scm', 'parameters'];

/**
 * Jenkins Job Builder definitions (`- job:`, `- job-template:`, `- project:` …): every item has exactly
 * one of JJB's top-level keys, and some job is shaped like a job.
 */
function isJenkinsJobBuilder(items: unknown[]): boolean {
  if (items.length === 0) return false;
  if (!items.every((i) => isRecord(i) && Object.keys(i).length === 1 && JJB_TOP_KEYS.has(Object.keys(i)[0]!))) return false;
  return items.some((i) => {
    const r = i as Record<string, unknown>;
    const job = r.job ?? r['job-template'];
    if (isRecord(job)) return typeof job.name === 'string' && JJB_JOB_KEYS.some((k) => k in job);
    return isRecord(r.project) && typeof r.project.name === 'string' && Array.isArray(r.project.jobs);
  });
}

/**
 * Top-level `apiVersion`/`kind` lines of a template (a Helm chart's templates/ folder), per document:
 * either may come first, and the `{{ }}` lines around them are skipped.
 */
function templateFindings(path: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split('\n');
  let apiVersion: string | undefined;
  let kind: { name: string; line: number } | undefined;
  let done = false;
  const flush = () => {
    if (done || apiVersion === undefined || kind === undefined) return;
    done = true;
    for (const t of manifestTools(apiVersion, kind.name)) findings.push({ tool: t.tool, path, line: kind.line, detail: `${t.detail} (template)` });
  };
  for (let i = 0; i < lines.length && findings.length <= 50; i++) {
    const l = lines[i]!;
    if (l.startsWith('---')) {
      apiVersion = undefined;
      kind = undefined;
      done = false;
      continue;
    }
    const a = /^apiVersion:\s*["']?([\w./-]+)/.exec(l);
    if (a) apiVersion = a[1];
    const k = /^kind:\s*["']?([A-Z]\w*)/.exec(l);
    if (k) kind = { name: k[1]!, line: i + 1 };
    if (a || k) flush();
  }
  if (/(^|\/)templates\/[^/]+\.ya?ml$/.test(path) && findings.length > 0) findings.push({ tool: 'helm', path, detail: 'chart template' });
  return dedupeFindings(findings);
}

function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.tool}\0${f.line ?? ''}\0${f.detail ?? ''}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
