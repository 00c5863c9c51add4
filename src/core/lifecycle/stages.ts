// The eight lifecycle stages, in order, with what usually lives in each (shown for gaps).

export type StageId = 'plan' | 'code' | 'build' | 'test' | 'release' | 'deploy' | 'operate' | 'monitor';

export interface Stage {
  readonly id: StageId;
  readonly name: string;
  /** One line on what the stage is for, shown as the tooltip of a gap. */
  readonly description: string;
  /** Codicon id for the stage row. */
  readonly icon: string;
}

export const STAGES: readonly Stage[] = [
  { id: 'plan', name: 'Plan', icon: 'checklist',
    description: 'Decide what to build next: issue tracking (Jira), sketches and designs (Excalidraw, Figma).' },
  { id: 'code', name: 'Code', icon: 'code',
    description: 'Write and review code together: version control (git), a branching model (gitflow), hooks and shared editor settings.' },
  { id: 'build', name: 'Build', icon: 'tools',
    description: 'Turn sources into artifacts the same way every time: build tools (npm, Maven, Gradle, Make…) and container images (Docker).' },
  { id: 'test', name: 'Test', icon: 'beaker',
    description: 'Prove each change works: unit, integration and end-to-end tests (Jest, pytest, Playwright…) that run on every change.' },
  { id: 'release', name: 'Release', icon: 'rocket',
    description: 'CI/CD: every change is built and tested by a pipeline (GitHub Actions, GitLab CI, Jenkins…), versioned, and delivered with a manual step.' },
  { id: 'deploy', name: 'Deploy', icon: 'cloud-upload',
    description: 'Ship the release to its environments — Development, Staging, Production — with Compose, Helm, serverless or a PaaS.' },
  { id: 'operate', name: 'Operate', icon: 'server-environment',
    description: 'Run and change the infrastructure as code: Terraform, Ansible, Kubernetes, OpenShift, Kustomize.' },
  { id: 'monitor', name: 'Monitor', icon: 'pulse',
    description: 'Know how production behaves: metrics, logs and alerts (Prometheus, Grafana, the Elastic stack, Nagios) fed back into planning.' },
];

const byId = new Map(STAGES.map((s) => [s.id, s] as const));

export function stageById(id: StageId): Stage {
  const s = byId.get(id);
  if (!s) throw new Error(`unknown stage ${id}`);
  return s;
}
