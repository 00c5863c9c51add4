// The detection rules on literal strings: which paths the name rules select, and what each content
// analyzer makes of a file's text. No file system; the scanner tests cover that.
import * as assert from 'node:assert/strict';
import { analyzeContent, analyzeFile, type FileAnalysis, planPath } from '../../src/core/lifecycle/detectors';
import { chartDependencyTools, imageTools, manifestTools } from '../../src/core/lifecycle/detectors/manifests';
import { analyzePackageJson } from '../../src/core/lifecycle/detectors/packageJson';
import { pipRequirementLine } from '../../src/core/lifecycle/detectors/textFiles';
import { analyzeYaml } from '../../src/core/lifecycle/detectors/yamlFiles';
import { PathFilter } from '../../src/core/lifecycle/excludes';

/** Tools proven by the name alone (sorted), or undefined when the path is never looked at. */
function nameTools(path: string): string[] | undefined {
  const plan = planPath(path);
  return plan ? plan.tools.map((t) => t.tool).sort() : undefined;
}

/** `tool@line` of each finding (line omitted when unset), in order. */
function found(a: FileAnalysis): string[] {
  return a.findings.map((f) => (f.line === undefined ? f.tool : `${f.tool}@${f.line}`));
}

/** The distinct tool ids of an analysis, sorted. */
function tools(a: FileAnalysis): string[] {
  return [...new Set(a.findings.map((f) => f.tool))].sort();
}

const yaml = (path: string, ...lines: string[]) => analyzeYaml(path, `${lines.join('\n')}\n`);
const content = (path: string, text: string) => {
  const plan = planPath(path);
  assert.ok(plan?.content, `${path} is not read for content`);
  return analyzeContent(plan.content, path, text);
};

describe('path rules (planPath)', () => {
  it('names that prove a tool by themselves', () => {
    const cases: [string, string[]][] = [
      ['Dockerfile', ['docker']],
      ['services/api/Dockerfile.prod', ['docker']],
      ['build/api.dockerfile', ['docker']],
      ['Containerfile', ['docker']],
      ['werf.yaml', ['werf']],
      ['buildout.cfg', ['buildout']],
      ['webpack.config.js', ['webpack']],
      ['webpack.prod.js', ['webpack']],
      ['esbuild.config.mjs', ['esbuild']],
      ['vite.config.ts', ['vite']],
      ['Makefile', ['make']],
      ['mk/rules.mk', ['make']],
      ['package-lock.json', ['npm']],
      ['mvnw', ['maven']],
      ['.mvn/wrapper/maven-wrapper.properties', ['maven']],
      ['gradlew', ['gradle']],
      ['settings.gradle.kts', ['gradle']],
      ['go.mod', ['go']],
      ['Cargo.toml', ['cargo']],
      ['setup.py', ['python']],
      ['uv.lock', ['python']],
      ['jest.config.ts', ['jest']],
      ['pytest.ini', ['pytest']],
      ['tests/conftest.py', ['pytest']],
      ['tests/login.robot', ['robot']],
      ['vitest.workspace.ts', ['vitest']],
      ['.mocharc.yml', ['mocha']],
      ['.mocharc.unit.json', ['mocha']],
      ['playwright-ct.config.ts', ['playwright']],
      ['cypress.config.js', ['cypress']],
      ['pkg/api/handler_test.go', ['gotest']],
      ['Jenkinsfile', ['jenkins']],
      ['ci/Jenkinsfile.release', ['jenkins']],
      ['.releaserc', ['release-tool']],
      ['CHANGELOG.md', ['changelog']],
      ['docs/changes.rst', ['changelog']],
      ['samconfig.toml', ['aws']],
      ['.ebextensions/env.config', ['aws']],
      ['jobs/api.nomad', ['nomad']],
      ['jobs/api.nomad.hcl', ['nomad']],
      ['Procfile', ['heroku']],
      ['ansible.cfg', ['ansible']],
      ['infra/main.tf', ['terraform']],
      ['infra/prod.tfvars', ['terraform']],
      ['infra/stack.tf.json', ['terraform']],
      ['nrpe.cfg', ['nagios']],
      ['grafana.ini', ['grafana']],
      ['docs/flow.excalidraw', ['excalidraw']],
      ['docs/flow.excalidraw.svg', ['excalidraw']],
      ['src/Button.figma.tsx', ['figma']],
      ['.editorconfig', ['editorconfig']],
      ['.gitignore', ['git']],
      ['.husky/pre-commit', ['git-hooks']],
      ['.jira.d/config.yml', ['jira']],
      ['.changeset/config.json', ['release-tool']],
    ];
    for (const [path, expected] of cases) assert.deepEqual(nameTools(path), expected, path);
  });

  it('names and folders that prove a tool and are read as well', () => {
    assert.deepEqual(planPath('.github/release-drafter.yml'), { tools: [{ tool: 'release-tool' }], content: 'yaml' });
    assert.deepEqual(planPath('pom.xml'), { tools: [{ tool: 'maven' }], content: 'jvmBuild' });
    assert.deepEqual(planPath('build.gradle'), { tools: [{ tool: 'gradle' }], content: 'jvmBuild' });
    assert.deepEqual(planPath('pyproject.toml'), { tools: [{ tool: 'python' }], content: 'pythonConfig' });
    assert.deepEqual(planPath('kustomization.yaml'), { tools: [{ tool: 'kustomize' }], content: 'yaml' });
    assert.deepEqual(planPath('logstash/pipeline/main.conf'), { tools: [{ tool: 'elastic' }], content: undefined });
    assert.deepEqual(planPath('metricbeat.yml'), { tools: [{ tool: 'elastic' }], content: 'yaml' });
  });

  it('files whose name is not enough are only read', () => {
    const cases: [string, string][] = [
      ['package.json', 'packageJson'],
      ['deploy/app.yaml', 'yaml'],
      ['values.yml', 'yaml'],
      ['requirements.txt', 'pythonConfig'],
      ['requirements-dev.txt', 'pythonConfig'],
      ['requirements.in', 'pythonConfig'],
      ['requirements/tests.txt', 'pythonConfig'],
      ['tox.ini', 'pythonConfig'],
      ['objects/hosts.cfg', 'nagiosCfg'],
      ['app.json', 'herokuAppJson'],
      ['grafana/dashboards/api.json', 'grafanaJson'],
      ['monitoring/dashboard/api.json', 'grafanaJson'],
      ['infra/cloudformation.json', 'manifestJson'],
      ['stack-template.json', 'manifestJson'],
      ['openshift/templates/django.json', 'manifestJson'],
      ['k8s/deployment.json', 'manifestJson'],
      ['deploy/service.json', 'manifestJson'],
      ['jobs/api.hcl', 'hcl'],
    ];
    for (const [path, kind] of cases) {
      const plan = planPath(path);
      assert.ok(plan, path);
      assert.deepEqual(plan.tools, [], `${path}: its name alone proves nothing`);
      assert.equal(plan.content, kind, path);
    }
  });

  it('ignores what is not evidence', () => {
    for (const path of [
      'README.md',
      'src/index.ts',
      'src/server.go',
      'docs/logo.png',
      'tsconfig.json',
      'config/settings.json',
      'docs/Dockerfile.md',
      'Dockerfile.bak',
      'Dockerfile.orig',
      'notes/Jenkinsfile.txt',
      'packages/web/.husky/pre-commit', // hooks only run from the repository's own .husky/
      '.husky/_/husky.sh',
      '.terraform.lock.json',
    ])
      assert.equal(planPath(path), undefined, path);
  });

  it('a Dockerfile.md is a document, a Dockerfile.j2 a template that builds images', () => {
    assert.equal(nameTools('docs/Dockerfile.md'), undefined);
    assert.deepEqual(nameTools('molecule/common/Dockerfile.j2'), ['docker']);
  });
});

describe('PathFilter (never evidence)', () => {
  const filter = new PathFilter();
  it('vendored, generated and cache folders at any depth', () => {
    for (const path of [
      'node_modules/left-pad/Dockerfile',
      'packages/web/node_modules/x/package.json',
      'vendor/github.com/acme/x/Dockerfile',
      '.git/config',
      '.venv/lib/requirements.txt',
      '.terraform/modules/vpc/main.tf',
      'test/fixtures/app/Dockerfile',
      'src/__snapshots__/chart.yaml',
    ])
      assert.equal(filter.excludes(path), true, path);
  });

  it('project templates: a skeleton/ folder and folders named by a placeholder', () => {
    assert.equal(filter.excludes('templates/node/skeleton/Dockerfile'), true);
    assert.equal(filter.excludes('{{cookiecutter.project_slug}}/Dockerfile'), true);
    assert.equal(filter.excludes('template/${{ values.name }}/package.json'), true);
    assert.equal(filter.excludes('{% if ci %}.github{% endif %}/workflows/ci.yml'), true);
  });

  it('keeps the project’s own files, and build output only when walking (git knows what is ignored)', () => {
    for (const path of ['Dockerfile', 'deploy/k8s/app.yaml', 'helm/templates/deployment.yaml', 'dist/Dockerfile', 'vendor-tools.yaml'])
      assert.equal(filter.excludes(path), false, path);
    assert.equal(new PathFilter([], true).excludes('dist/Dockerfile'), true);
    assert.equal(new PathFilter([], true).excludesDir('target'), true);
  });

  it('the user’s globs', () => {
    const user = new PathFilter(['legacy/**', '**/examples/**']);
    assert.equal(user.excludes('legacy/Dockerfile'), true);
    assert.equal(user.excludes('charts/app/examples/values.yaml'), true);
    assert.equal(user.excludes('charts/app/values.yaml'), false);
  });
});

describe('package.json', () => {
  const pkg = (value: unknown) => analyzePackageJson('package.json', `${JSON.stringify(value, null, 2)}\n`);

  it('npm, and the tools of its dependencies, scripts and keys, each with the line that says so', () => {
    const a = pkg({
      name: 'web',
      scripts: { build: 'webpack --mode production', bundle: 'watchify a.js -o b.js', e2e: 'playwright test', 'cy:run': 'cypress run' },
      jest: { testEnvironment: 'node' },
      devDependencies: { 'ts-jest': '^29.0.0', mocha: '^10.0.0', vitest: '^2.0.0', husky: '^9.0.0', 'semantic-release': '^24.0.0', 'aws-cdk-lib': '^2.0.0' },
    });
    assert.deepEqual(tools(a), ['aws', 'cypress', 'git-hooks', 'jest', 'mocha', 'npm', 'playwright', 'release-tool', 'vitest', 'watchify', 'webpack']);
    const jest = a.findings.find((f) => f.tool === 'jest')!;
    assert.equal(jest.detail, 'devDependencies.ts-jest');
    assert.equal(jest.line, 13);
    assert.equal(a.findings.find((f) => f.tool === 'npm')?.line, 2);
  });

  it('jest only if the package says so: not a description, not @types/jest, not a similarly named tool', () => {
    const a = pkg({
      name: 'handbook',
      description: 'Tests run with node --test, not jest.',
      scripts: { test: 'node --test', lint: 'eslint . --rule jest/no-focused-tests' },
      devDependencies: { '@types/jest': '^29.0.0', 'jest-junit': '^16.0.0', eslint: '^9.0.0' },
    });
    assert.deepEqual(tools(a), ['npm']);
  });

  it('a script that runs jest is enough', () => {
    assert.deepEqual(tools(pkg({ name: 'x', scripts: { test: 'cross-env CI=1 jest --coverage' } })), ['jest', 'npm']);
  });

  it('malformed JSON and non-object JSON are problems, not silence', () => {
    const broken = analyzePackageJson('web/package.json', '{ "name": "web", }');
    assert.deepEqual(broken.findings, []);
    assert.equal(broken.problems.length, 1);
    assert.equal(broken.problems[0]!.path, 'web/package.json');
    assert.match(broken.problems[0]!.message, /^package\.json is not valid JSON/);
    assert.deepEqual(analyzePackageJson('package.json', '[1, 2]').problems.map((p) => p.message), ['package.json is not a JSON object']);
  });
});

describe('YAML', () => {
  describe('Kubernetes and OpenShift: apiVersion and kind decide', () => {
    it('each object of a multi-document manifest, at the line of its kind', () => {
      const a = yaml('k8s/web.yaml', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '---', '# the service', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: web');
      assert.deepEqual(found(a), ['kubernetes@2', 'kubernetes@8']);
      assert.deepEqual(a.findings.map((f) => f.detail), ['kind: Deployment', 'kind: Service']);
      assert.deepEqual(a.problems, []);
    });

    it('custom resources are Kubernetes; a YAML file without apiVersion and kind is not', () => {
      assert.deepEqual(tools(yaml('issuer.yaml', 'apiVersion: cert-manager.io/v1', 'kind: ClusterIssuer', 'spec: {}')), ['kubernetes']);
      assert.deepEqual(tools(yaml('app.yaml', 'kind: Deployment', 'name: web')), []);
      assert.deepEqual(tools(yaml('app.yaml', 'apiVersion: apps/v1', 'name: web')), []);
      assert.deepEqual(tools(yaml('app.yaml', 'apiVersion: apps/v1', 'kind: deployment')), []);
    });

    it('OpenShift only for OpenShift kinds and groups, and then not also Kubernetes', () => {
      assert.deepEqual(tools(yaml('route.yaml', 'apiVersion: route.openshift.io/v1', 'kind: Route', 'spec: {}')), ['openshift']);
      assert.deepEqual(tools(yaml('dc.yaml', 'apiVersion: v1', 'kind: DeploymentConfig', 'spec: {}')), ['openshift']);
      assert.deepEqual(tools(yaml('tpl.yaml', 'apiVersion: template.openshift.io/v1', 'kind: Template', 'objects: []')), ['openshift']);
      assert.deepEqual(tools(yaml('svc.yaml', 'apiVersion: v1', 'kind: Service', 'spec: {}')), ['kubernetes']);
    });

    it('OpenSLO documents are service-level objectives, not Kubernetes objects', () => {
      assert.deepEqual(tools(yaml('slo.yaml', 'apiVersion: openslo/v1', 'kind: SLO', 'metadata:', '  name: api-availability', 'spec:', '  budgetingMethod: Occurrences')), []);
    });

    it('Backstage descriptors borrow the shape but are not Kubernetes (any *.backstage.io group)', () => {
      assert.deepEqual(tools(yaml('catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata:', '  name: shop', 'spec:', '  type: service')), []);
      assert.deepEqual(tools(yaml('template.yaml', 'apiVersion: scaffolder.backstage.io/v1beta3', 'kind: Template', 'spec:', '  steps: []')), []);
      assert.deepEqual(tools(yaml('score.yaml', 'apiVersion: score.dev/v1b1', 'kind: Workload')), []);
    });

    it('skaffold and kustomize configs are their own tools', () => {
      assert.deepEqual(found(yaml('skaffold.yaml', 'apiVersion: skaffold/v4beta11', 'kind: Config', 'build: {}')), ['skaffold@2']);
      assert.deepEqual(tools(yaml('overlays/prod/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources: []')), ['kustomize']);
    });

    it('monitoring resources prove the monitoring tool too', () => {
      assert.deepEqual(tools(yaml('sm.yaml', 'apiVersion: monitoring.coreos.com/v1', 'kind: ServiceMonitor', 'spec: {}')), ['kubernetes', 'prometheus']);
      assert.deepEqual(tools(yaml('pm.yaml', 'apiVersion: monitoring.googleapis.com/v1', 'kind: PodMonitoring', 'spec: {}')), ['kubernetes', 'prometheus']);
      assert.deepEqual(tools(yaml('gd.yaml', 'apiVersion: grafana.integreatly.org/v1beta1', 'kind: GrafanaDashboard', 'spec: {}')), ['grafana', 'kubernetes']);
      assert.deepEqual(tools(yaml('es.yaml', 'apiVersion: elasticsearch.k8s.elastic.co/v1', 'kind: Elasticsearch', 'spec: {}')), ['elastic', 'kubernetes']);
      const grafana = yaml('grafana.yaml', 'apiVersion: apps/v1', 'kind: Deployment', 'spec:', '  template:', '    spec:', '      containers:', '        - name: grafana', '          image: grafana/grafana:11.2.0');
      assert.deepEqual(tools(grafana), ['grafana', 'kubernetes']);
      assert.deepEqual(tools(yaml('web.yaml', 'apiVersion: apps/v1', 'kind: Deployment', 'spec:', '  template:', '    spec:', '      containers:', '        - name: web', '          image: nginx:1.27')), ['kubernetes']);
    });

    it('a List holds its objects in items', () => {
      const a = yaml('export.yaml', 'apiVersion: v1', 'kind: List', 'items:', '  - apiVersion: route.openshift.io/v1', '    kind: Route', '  - apiVersion: v1', '    kind: Service');
      assert.deepEqual(tools(a), ['kubernetes', 'openshift']);
    });
  });

  describe('Helm', () => {
    it('a chart template is read by its top-level keys, whichever comes first, per document', () => {
      const a = yaml(
        'charts/es/templates/service.yaml',
        '---',
        '{{- if .Values.service.enabled -}}',
        'kind: Service',
        'apiVersion: v1',
        'metadata:',
        '  name: {{ template "es.uname" . }}',
        '{{- end }}',
        '---',
        'kind: Service',
        'apiVersion: v1',
        'metadata:',
        '  name: {{ template "es.uname" . }}-headless',
      );
      assert.deepEqual(found(a), ['kubernetes@3', 'kubernetes@9', 'helm']);
      assert.deepEqual(a.problems, [], 'a template is not malformed YAML');
    });

    it('a template that happens to parse is still a chart template', () => {
      const a = yaml('chart/templates/cm.yaml', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: "{{ .Release.Name }}-config"');
      assert.deepEqual(found(a), ['kubernetes@2', 'helm']);
    });

    it('Chart.yaml, its monitoring dependencies, and values that deploy monitoring images', () => {
      const chart = yaml('Chart.yaml', 'apiVersion: v2', 'name: platform', 'version: 1.0.0', 'dependencies:', '  - name: kube-prometheus-stack', '    version: 65.0.0', '    repository: https://prometheus-community.github.io/helm-charts');
      assert.deepEqual(found(chart), ['helm@2', 'prometheus@4']);
      assert.deepEqual(tools(yaml('charts/es/values.yaml', 'replicas: 3', 'image: "docker.elastic.co/elasticsearch/elasticsearch"', 'imageTag: "8.15.0"')), ['elastic']);
      assert.deepEqual(tools(yaml('values.yaml', 'grafana:', '  image:', '    registry: docker.io', '    repository: grafana/grafana')), ['grafana']);
      assert.deepEqual(tools(yaml('values.yaml', 'image:', '  repository: registry.example.com/shop/api', '  tag: "1.4.0"')), []);
      assert.deepEqual(found(yaml('helmfile.yaml', 'releases:', '  - name: api', '    chart: ./charts/api')), ['helm@1']);
    });
  });

  describe('CI and release', () => {
    it('GitHub Actions: workflows under .github/workflows with jobs; Jira through the gajira actions', () => {
      const wf = yaml('.github/workflows/ci.yml', 'name: CI', 'on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: atlassian/gajira-transition@v3');
      assert.deepEqual(found(wf), ['github-actions@3', 'jira']);
      assert.equal(wf.findings[0]!.detail, 'workflow CI');
      assert.deepEqual(tools(yaml('docs/examples/ci.yml', 'on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest')), []);
      assert.deepEqual(tools(yaml('.github/workflows/README.yml', 'notes: nothing to run')), []);
    });

    it('GitLab, CircleCI, Travis by their names and shape', () => {
      assert.deepEqual(tools(yaml('.gitlab-ci.yml', 'stages: [test]', 'test:', '  script: [make test]')), ['gitlab-ci']);
      assert.deepEqual(tools(yaml('ci/deploy.gitlab-ci.yml', 'deploy:', '  script: [make deploy]')), ['gitlab-ci']);
      assert.deepEqual(tools(yaml('.circleci/config.yml', 'version: 2.1', 'workflows:', '  main:', '    jobs: [test]')), ['circleci']);
      assert.deepEqual(found(yaml('.travis.yml', 'language: python', 'script: pytest')), ['travis@1']);
      assert.equal(yaml('.travis.yml', 'language: python').findings[0]!.detail, 'language python');
    });

    it('Jenkins Job Builder definitions are Jenkins; a list that only looks like them is not', () => {
      const jjb = yaml('.ci/jobs/main.yml', '---', '- job:', '    name: app-main', '    project-type: multijob', '    builders:', '      - shell: make test');
      assert.deepEqual(found(jjb), ['jenkins@1']);
      assert.deepEqual(tools(yaml('.ci/jobs/projects.yml', '- project:', '    name: app', '    jobs:', "      - '{name}-test'")), ['jenkins']);
      assert.deepEqual(tools(yaml('todo.yml', '- job: write docs', '- job: fix CI')), []);
      assert.deepEqual(tools(yaml('people.yml', '- job:', '    name: Engineer', '    salary: 1')), []);
    });
  });

  describe('deploy', () => {
    it('Compose: services, and the monitoring products among their images', () => {
      const a = yaml('docker-compose.yml', 'services:', '  prometheus:', '    image: prom/prometheus:v2.54.0', '  kibana:', '    image: docker.elastic.co/kibana/kibana:8.15.0', '  app:', '    build: .');
      assert.deepEqual(found(a), ['docker-compose@1', 'prometheus', 'elastic']);
      assert.equal(a.findings[0]!.detail, '3 services');
      assert.deepEqual(tools(yaml('compose.override.yaml', 'services:', '  web:', '    image: nginx')), ['docker-compose']);
      assert.deepEqual(tools(yaml('docker-compose.yml', 'version: "3"')), []);
    });

    it('AWS: CloudFormation/SAM with short-form intrinsics, Serverless, CodeBuild', () => {
      const sam = yaml(
        'template.yaml',
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Role: !GetAtt FnRole.Arn',
        'Outputs:',
        '  Url:',
        '    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/"',
      );
      assert.deepEqual(found(sam), ['aws@3']);
      assert.equal(sam.findings[0]!.detail, 'SAM template');
      assert.deepEqual(sam.problems, []);
      assert.deepEqual(tools(yaml('serverless.yml', 'service: orders', 'provider:', '  name: aws')), ['aws']);
      assert.deepEqual(tools(yaml('buildspec.yml', 'version: 0.2', 'phases:', '  build:', '    commands: [make]')), ['aws']);
    });
  });

  describe('Ansible', () => {
    it('playbooks, including the old bare include: form', () => {
      assert.deepEqual(found(yaml('site.yml', '- name: Web', '  hosts: web', '  roles: [nginx]')), ['ansible@1']);
      assert.deepEqual(tools(yaml('provision.yml', '---', '- include: provisioners/aws.yml', '- include: configure.yml')), ['ansible']);
      assert.deepEqual(tools(yaml('main.yml', '- import_playbook: db.yml')), ['ansible']);
    });

    it('roles: tasks under roles/, and a repository that is one role (meta/main.yml, tasks/ at the top)', () => {
      assert.deepEqual(tools(yaml('roles/web/tasks/main.yml', '- name: Install', '  package: {name: nginx}')), ['ansible']);
      assert.deepEqual(found(yaml('meta/main.yml', '---', 'galaxy_info:', '  role_name: nginx', '  author: me')), ['ansible@2']);
      assert.deepEqual(tools(yaml('tasks/main.yml', '- name: Install', '  ansible.builtin.package:', '    name: nginx')), ['ansible']);
      assert.deepEqual(tools(yaml('handlers/main.yml', '- name: Restart', '  service: {name: nginx, state: restarted}', '  listen: restart web')), ['ansible']);
      // A tasks/ folder of some other project: a to-do list is not a task list.
      assert.deepEqual(tools(yaml('tasks/main.yml', '- name: Write the docs', '  owner: sam')), []);
    });

    it('Molecule scenarios, Galaxy requirements, inventories', () => {
      assert.deepEqual(tools(yaml('molecule/default/molecule.yml', 'driver:', '  name: docker', 'platforms:', '  - name: debian')), ['ansible']);
      assert.deepEqual(tools(yaml('requirements.yml', '- src: geerlingguy.firewall', '- src: geerlingguy.mysql')), ['ansible']);
      assert.deepEqual(tools(yaml('collections/requirements.yml', 'collections:', '  - name: amazon.aws')), ['ansible']);
      assert.deepEqual(tools(yaml('inventories/aws/aws_ec2.yml', 'plugin: amazon.aws.aws_ec2', 'regions: [us-east-1]', 'keyed_groups:', '  - key: tags.role')), ['ansible']);
      assert.deepEqual(tools(yaml('inventory.yml', 'all:', '  hosts:', '    web1: {ansible_host: 10.0.0.1}')), ['ansible']);
      assert.deepEqual(tools(yaml('docs/plugin.yml', 'plugin: prettier', 'options: {}')), []);
    });
  });

  describe('monitoring', () => {
    it('Prometheus scrape config, rules and Alertmanager; Grafana provisioning', () => {
      assert.deepEqual(found(yaml('prometheus.yml', 'global:', '  scrape_interval: 15s', 'scrape_configs:', '  - job_name: app')), ['prometheus@3']);
      assert.deepEqual(found(yaml('rules/app.yml', 'groups:', '  - name: app', '    rules:', '      - alert: Down', '        expr: up == 0')), ['prometheus@1']);
      assert.deepEqual(tools(yaml('alertmanager/config.yml', 'route:', '  receiver: team', 'receivers:', '  - name: team')), ['prometheus']);
      assert.deepEqual(tools(yaml('grafana/provisioning/datasources/ds.yml', 'apiVersion: 1', 'datasources:', '  - name: Prometheus', '    type: prometheus')), ['grafana']);
      // `groups:` of something else (GitHub's CODEOWNERS tooling, Dependabot groups…) is not a rule file.
      assert.deepEqual(tools(yaml('teams.yml', 'groups:', '  - name: platform', '    members: [ana]')), []);
    });
  });

  describe('negatives: YAML that is not any tool', () => {
    it('dependabot.yml, mkdocs.yml (with python tags), .eslintrc.yml, an OpenAPI spec, an issue form', () => {
      const files: [string, string[]][] = [
        ['.github/dependabot.yml', ['version: 2', 'updates:', '  - package-ecosystem: npm', '    directory: /', '    schedule:', '      interval: weekly']],
        ['mkdocs.yml', ['site_name: Handbook', 'plugins:', '  - search', 'markdown_extensions:', '  - pymdownx.emoji:', '      emoji_index: !!python/name:material.extensions.emoji.twemoji']],
        ['.eslintrc.yml', ['root: true', 'env:', '  jest: true', 'extends: [eslint:recommended]']],
        ['docs/openapi.yaml', ['openapi: 3.0.3', 'info: {title: Inventory, version: 1.0.0}', 'components:', '  schemas:', '    Resource:', '      properties:', '        apiVersion: {type: string}', '        kind: {type: string}']],
        ['.github/ISSUE_TEMPLATE/bug.yml', ['name: Bug report', 'description: Something broke', 'body:', '  - type: textarea', '    attributes:', '      label: kind of Deployment?']],
      ];
      for (const [path, lines] of files) {
        const a = yaml(path, ...lines);
        assert.deepEqual(a.findings, [], path);
        assert.deepEqual(a.problems, [], path);
      }
    });
  });

  describe('bad input', () => {
    it('malformed YAML is a problem with its line', () => {
      const a = yaml('k8s/broken.yaml', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', ' labels: x', '   - bad');
      assert.deepEqual(a.findings, []);
      assert.equal(a.problems.length, 1);
      assert.equal(a.problems[0]!.path, 'k8s/broken.yaml');
      assert.match(a.problems[0]!.message, /^malformed YAML: /);
      assert.equal(a.problems[0]!.line, 5);
    });

    it('a broken workflow is a problem even though it has ${{ }} expressions', () => {
      const a = yaml('.github/workflows/ci.yml', 'on: push', 'jobs:', '  test:', '    runs-on: ${{ matrix.os }}', '   steps: []');
      assert.deepEqual(a.findings, []);
      assert.deepEqual(a.problems.map((p) => [p.path, p.line]), [['.github/workflows/ci.yml', 5]]);
    });

    it('a Jinja template that is not YAML yet is not a problem', () => {
      const a = yaml('roles/web/templates/app.yml', '{% for h in hosts %}', '- {{ h }}', '{% endfor %}');
      assert.deepEqual(a.problems, []);
    });

    it('YAML nothing looks at is not parsed at all (a broken one is not a problem of ours)', () => {
      assert.deepEqual(yaml('notes.yml', 'title: [unclosed'), { findings: [], problems: [] });
    });
  });
});

describe('text and JSON files', () => {
  it('pip requirements are Python packaging; pytest, selenium, robot where they are listed', () => {
    const req = content('requirements-dev.txt', '# dev tools\n-r requirements.txt\npytest==8.3.0\nselenium>=4\nrobotframework-seleniumlibrary\n');
    assert.deepEqual(found(req), ['python@2', 'pytest@3', 'selenium@4', 'robot@5']);
    assert.deepEqual(tools(content('requirements/tests.txt', 'pytest\n')), ['pytest', 'python']);
    assert.deepEqual(tools(content('src/svc/requirements.in', 'grpcio==1.44.0\n')), ['python']);
  });

  it('a list of Galaxy role names is not pip; CI tooling under .github/ is not the project’s packaging', () => {
    assert.deepEqual(tools(content('requirements.txt', 'geerlingguy.firewall\ngeerlingguy.mysql\n')), []);
    assert.deepEqual(tools(content('.github/workflows/requirements/molecule.txt', 'molecule==5.0.1\nansible-core==2.15.0\n')), []);
    assert.deepEqual(tools(content('.github/requirements.txt', 'pytest==8.0\n')), ['pytest']);
  });

  it('pipRequirementLine', () => {
    assert.equal(pipRequirementLine('\n# c\nDjango>=4.2\n'), 3);
    assert.equal(pipRequirementLine('zope.interface==6.0\n'), 1);
    assert.equal(pipRequirementLine('requests\n'), 1);
    assert.equal(pipRequirementLine('uvicorn[standard]\n'), 1);
    assert.equal(pipRequirementLine('-e .\n'), 1);
    assert.equal(pipRequirementLine('git+https://github.com/x/y.git#egg=y\n'), 1);
    assert.equal(pipRequirementLine('geerlingguy.java\nnamespace.role\n'), undefined);
    assert.equal(pipRequirementLine(''), undefined);
  });

  it('pyproject.toml and tox.ini: pytest configuration', () => {
    assert.deepEqual(found(content('pyproject.toml', '[project]\nname = "x"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')), ['pytest@4']);
    assert.deepEqual(found(content('tox.ini', '[tox]\nenvlist = py312\n\n[pytest]\naddopts = -q\n')), ['pytest@4']);
    assert.deepEqual(found(content('pyproject.toml', '[project]\nname = "x"\ndependencies = ["requests"]\n')), []);
  });

  it('JVM builds: selenium', () => {
    assert.deepEqual(found(content('build.gradle', 'dependencies {\n  testImplementation "org.seleniumhq.selenium:selenium-java:4.25.0"\n}\n')), ['selenium@2']);
  });

  it('Nagios object definitions; other .cfg files are not Nagios', () => {
    assert.deepEqual(found(content('etc/objects/hosts.cfg', '# hosts\ndefine host {\n  host_name web\n}\n')), ['nagios@2']);
    assert.deepEqual(found(content('setup.cfg', '[metadata]\nname = x\n')), []);
    assert.deepEqual(found(content('conf/app.cfg', '[server]\nport = 8080\n')), []);
  });

  it('Grafana dashboards, also the rows format of Grafana 4 and the API export wrapper', () => {
    assert.deepEqual(found(content('grafana/dashboards/a.json', '{\n  "title": "A",\n  "schemaVersion": 39,\n  "panels": []\n}\n')), ['grafana@4']);
    const rows = '{\n  "title": "Monitor Services",\n  "rows": [\n    {\n      "panels": [{ "type": "graph" }]\n    }\n  ],\n  "schemaVersion": 12\n}\n';
    assert.deepEqual(found(content('grafana/provisioning/dashboards/monitor.json', rows)), ['grafana@5']);
    assert.deepEqual(tools(content('dashboards/b.json', '{"dashboard": {"panels": [], "schemaVersion": 16}}')), ['grafana']);
    assert.deepEqual(found(content('dashboards/c.json', '{"panels": "not a list", "schemaVersion": 1}')), []);
    const broken = content('grafana/dashboards/d.json', '{"panels": [');
    assert.deepEqual(broken.findings, []);
    assert.match(broken.problems[0]!.message, /^not valid JSON/);
  });

  it('Heroku app.json', () => {
    assert.deepEqual(tools(content('app.json', '{"name": "shop", "buildpacks": [{"url": "heroku/nodejs"}]}')), ['heroku']);
    assert.deepEqual(tools(content('app.json', '{"name": "shop", "version": "1.0.0"}')), []);
  });

  it('JSON manifests: OpenShift templates, Kubernetes objects, CloudFormation', () => {
    const tpl = '{\n  "kind": "Template",\n  "apiVersion": "template.openshift.io/v1",\n  "objects": [{"kind": "Service", "apiVersion": "v1"}]\n}\n';
    assert.deepEqual(found(content('openshift/templates/django.json', tpl)), ['openshift@2']);
    assert.deepEqual(found(content('k8s/web.json', '{"apiVersion": "apps/v1", "kind": "Deployment"}')), ['kubernetes@1']);
    assert.deepEqual(tools(content('deploy/list.json', '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "route.openshift.io/v1", "kind": "Route"}]}')), ['kubernetes', 'openshift']);
    assert.deepEqual(tools(content('infra/cloudformation.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}')), ['aws']);
    assert.deepEqual(tools(content('deploy/settings.json', '{"region": "eu-west-1", "kind": "blue-green"}')), []);
    assert.deepEqual(tools(content('email-template.json', '{"subject": "Hi", "body": "..."}')), []);
  });

  it('HCL: Nomad jobs; other HCL (Terraform backends, Packer) is not Nomad', () => {
    assert.deepEqual(found(content('jobs/api.hcl', '# api\njob "api" {\n  datacenters = ["dc1"]\n}\n')), ['nomad@2']);
    assert.deepEqual(found(content('env/backend.hcl', 'bucket = "state"\n')), []);
  });
});

describe('analyzeFile: the name and the content together', () => {
  it('keeps the name findings when the content could not be read', () => {
    const plan = planPath('pom.xml')!;
    assert.deepEqual(analyzeFile('pom.xml', plan, undefined), { findings: [{ tool: 'maven', path: 'pom.xml', detail: undefined }], problems: [] });
    const both = analyzeFile('pom.xml', plan, '<project><dependency>org.seleniumhq.selenium</dependency></project>');
    assert.deepEqual(tools(both), ['maven', 'selenium']);
  });
});

describe('manifests and images', () => {
  it('manifestTools', () => {
    assert.deepEqual(manifestTools('apps/v1', 'Deployment'), [{ tool: 'kubernetes', detail: 'kind: Deployment' }]);
    assert.deepEqual(manifestTools('v1', 'Route'), [{ tool: 'openshift', detail: 'kind: Route' }]);
    assert.deepEqual(manifestTools('backstage.io/v1alpha1', 'Component'), []);
    assert.deepEqual(manifestTools('v2', 'application'), []);
    assert.deepEqual(manifestTools('not a version', 'Deployment'), []);
  });

  it('imageTools', () => {
    assert.deepEqual(imageTools('prom/prometheus:v2.54.0'), ['prometheus']);
    assert.deepEqual(imageTools('quay.io/prometheus/node-exporter'), ['prometheus']);
    assert.deepEqual(imageTools('grafana/grafana-oss'), ['grafana']);
    assert.deepEqual(imageTools('docker.elastic.co/beats/filebeat:8.15.0'), ['elastic']);
    assert.deepEqual(imageTools('elasticsearch:8.15.0'), ['elastic']);
    assert.deepEqual(imageTools('jasonrivers/nagios:latest'), ['nagios']);
    assert.deepEqual(imageTools('postgres:16'), []);
  });

  it('chartDependencyTools', () => {
    assert.deepEqual(chartDependencyTools('kube-prometheus-stack'), ['prometheus']);
    assert.deepEqual(chartDependencyTools('grafana'), ['grafana']);
    assert.deepEqual(chartDependencyTools('eck-operator'), ['elastic']);
    assert.deepEqual(chartDependencyTools('postgresql'), []);
  });
});
