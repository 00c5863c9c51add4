// YAML files: a YAML file proves nothing by being YAML. Each rule looks at the parsed documents
// (or, for a template that is not YAML yet, at its top-level keys) and at where the file lives.
import { LineCounter, parseAllDocuments, isMap, isScalar, type Document } from 'yaml';
import { type FileAnalysis, type Finding } from './finding';
import { fileName } from './pathRules';
import { isRecord } from './packageJson';

const OPENSHIFT_KINDS = new Set([
  'DeploymentConfig', 'BuildConfig', 'ImageStream', 'ImageStreamTag', 'ImageStreamImport', 'Route', 'Project',
  'ProjectRequest', 'SecurityContextConstraints', 'ClusterResourceQuota', 'Template',
]);
/** apiVersion groups that use Kubernetes' shape but are not Kubernetes manifests. */
const NOT_KUBERNETES_GROUPS = /^(backstage\.io|score\.dev|garden\.io|skaffold|kustomize\.config\.k8s\.io|config\.kubernetes\.io|kpt\.dev)(\/|$)/;
const PROMETHEUS_OPERATOR_KINDS = new Set(['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Prometheus', 'Alertmanager', 'Probe']);

/** Files whose location or name says what they must be. */
const isWorkflow = (p: string) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p);
const isGitlab = (b: string) => b === '.gitlab-ci.yml' || b === '.gitlab-ci.yaml' || /\.gitlab-ci\.ya?ml$/.test(b);
const isCompose = (b: string) => /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(b);

/** Cheap test before parsing: does the text have a top-level key that any rule below looks at? */
const INTERESTING =
  /^(apiVersion|kind|services|scrape_configs|groups|AWSTemplateFormatVersion|Resources|Transform|datasources|providers|route|receivers|jobs|stages|service|provider|repos|phases|releases)\s*:|^-\s+(hosts|import_playbook|name|ansible\.builtin\.import_playbook)\s*:|^\s+hosts\s*:/m;

export function analyzeYaml(path: string, text: string): FileAnalysis {
  const base = fileName(path);
  const named =
    isWorkflow(path) || isGitlab(base) || isCompose(base) || path === '.circleci/config.yml' || base === '.travis.yml' ||
    base === 'Chart.yaml' || base === 'skaffold.yaml' || /^helmfile\.ya?ml$/.test(base) || /^serverless\.ya?ml$/.test(base) ||
    /^(buildspec|appspec)\.ya?ml$/.test(base) || base === 'galaxy.yml' || isAnsibleTaskFile(path) || /^(prometheus|alertmanager)\.ya?ml$/.test(base);
  if (!named && !INTERESTING.test(text)) return { findings: [], problems: [] };

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
    if (/\{\{|\{%/.test(text)) return { findings: templateFindings(path, text), problems: [] };
    const err = broken.errors[0]!;
    const line = err.linePos?.[0].line;
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
    else if (Array.isArray(value) && isAnsiblePlaybook(value)) add('ansible', 1, 'playbook');
    else if (Array.isArray(value) && isAnsibleTaskFile(path)) add('ansible', 1, 'role tasks');
    if (findings.length > 50) break; // a huge multi-document file proves its point long before this
  }
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
      if (/(^|\/)prom\/(prometheus|alertmanager)|prometheus/.test(image)) add('prometheus', undefined, `image ${image}`);
      if (/grafana\//.test(image)) add('grafana', undefined, `image ${image}`);
      if (/elastic\.co\/|(^|\/)(elasticsearch|kibana|logstash)(:|$)|beats\//.test(image)) add('elastic', undefined, `image ${image}`);
      if (/nagios/.test(image)) add('nagios', undefined, `image ${image}`);
    }
  }

  const apiVersion = v.apiVersion;
  const kind = v.kind;
  if (typeof apiVersion === 'string' && typeof kind === 'string' && /^[A-Z]/.test(kind)) {
    const line = lineOfKey(doc, 'kind');
    if (apiVersion.startsWith('skaffold/')) add('skaffold', line, `${apiVersion}`);
    else if (/^kustomize\.config\.k8s\.io\//.test(apiVersion)) add('kustomize', line, `kind: ${kind}`);
    // OpenShift 3 served its own kinds under plain `v1`; later versions under *.openshift.io groups.
    else if (apiVersion.includes('openshift.io') || (apiVersion === 'v1' && OPENSHIFT_KINDS.has(kind))) add('openshift', line, `kind: ${kind}`);
    else if (!NOT_KUBERNETES_GROUPS.test(apiVersion) && /^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion)) {
      add('kubernetes', line, `kind: ${kind}`);
      if (apiVersion.startsWith('monitoring.coreos.com/') && PROMETHEUS_OPERATOR_KINDS.has(kind)) add('prometheus', line, `kind: ${kind}`);
    }
  }

  if (base === 'Chart.yaml' && typeof v.name === 'string' && typeof v.apiVersion === 'string') add('helm', lineOfKey(doc, 'name'), `chart ${v.name}`);
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

  if (base === 'galaxy.yml' && typeof v.namespace === 'string') add('ansible', 1, 'collection');
}

function hasAwsResources(resources: unknown): boolean {
  return isRecord(resources) && Object.values(resources).some((r) => isRecord(r) && typeof r.Type === 'string' && r.Type.startsWith('AWS::'));
}

function isAnsiblePlaybook(items: unknown[]): boolean {
  return (
    items.length > 0 &&
    items.every(
      (p) =>
        isRecord(p) &&
        (('hosts' in p && ('tasks' in p || 'roles' in p || 'pre_tasks' in p || 'post_tasks' in p || 'handlers' in p)) ||
          'import_playbook' in p ||
          'ansible.builtin.import_playbook' in p),
    )
  );
}

function isAnsibleTaskFile(path: string): boolean {
  return /(^|\/)roles\/[^/]+\/(tasks|handlers)\/[^/]+\.ya?ml$/.test(path);
}

/** Top-level `apiVersion`/`kind` lines of a template (a Helm chart's templates/ folder). */
function templateFindings(path: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split('\n');
  let apiVersion: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^---/.test(l)) apiVersion = undefined;
    const a = /^apiVersion:\s*["']?([\w./-]+)/.exec(l);
    if (a) apiVersion = a[1];
    const k = /^kind:\s*["']?([A-Z]\w*)/.exec(l);
    if (k && apiVersion !== undefined) {
      const openshift = apiVersion.includes('openshift.io') || (apiVersion === 'v1' && OPENSHIFT_KINDS.has(k[1]!));
      const tool = openshift ? 'openshift' : NOT_KUBERNETES_GROUPS.test(apiVersion) ? undefined : 'kubernetes';
      if (tool) findings.push({ tool, path, line: i + 1, detail: `kind: ${k[1]} (template)` });
    }
    if (findings.length > 50) break;
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
