// What a Kubernetes-shaped object (`apiVersion` + `kind`) proves, and what a container image proves.
// Shared by the YAML analyzer, the Helm-template reader and the JSON manifest analyzer, so that the
// same object counts the same way whatever file format it was written in.
import { isRecord } from '../../values';

/** Kinds that OpenShift 3 served under plain `v1`; OpenShift 4 serves them under `*.openshift.io` groups. */
export const OPENSHIFT_KINDS = new Set([
  'DeploymentConfig', 'BuildConfig', 'ImageStream', 'ImageStreamTag', 'ImageStreamImport', 'Route', 'Project',
  'ProjectRequest', 'SecurityContextConstraints', 'ClusterResourceQuota', 'Template',
]);

/**
 * apiVersion groups that borrow Kubernetes' shape for files that are not Kubernetes manifests:
 * Backstage (`backstage.io`, `scaffolder.backstage.io`, any `*.backstage.io`), Score, Garden, kpt, OpenSLO,
 * and the tool configs that have their own tool id (skaffold, kustomize).
 */
const NOT_KUBERNETES_GROUPS = /^(([\w-]+\.)*backstage\.io|score\.dev|garden\.io|skaffold|kustomize\.config\.k8s\.io|config\.kubernetes\.io|kpt\.dev|openslo)(\/|$)/;
/** `v1`, `apps/v1`, `networking.k8s.io/v1beta1`, `monitoring.coreos.com/v1alpha1`… */
const K8S_API_VERSION = /^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/;

const PROMETHEUS_OPERATOR_KINDS = new Set([
  'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Prometheus', 'PrometheusAgent', 'Alertmanager', 'AlertmanagerConfig', 'Probe', 'ScrapeConfig', 'ThanosRuler',
]);
/** Google Cloud Managed Service for Prometheus. */
const GMP_KINDS = new Set(['PodMonitoring', 'ClusterPodMonitoring', 'ClusterNodeMonitoring', 'Rules', 'ClusterRules', 'GlobalRules']);

export interface ManifestTool {
  readonly tool: string;
  readonly detail: string;
}

/** The tools one object proves, from its `apiVersion` and `kind` alone. Empty when it is not a manifest. */
export function manifestTools(apiVersion: string, kind: string): ManifestTool[] {
  if (!/^[A-Z]/.test(kind)) return [];
  const detail = `kind: ${kind}`;
  if (apiVersion.startsWith('skaffold/')) return [{ tool: 'skaffold', detail: apiVersion }];
  if (apiVersion.startsWith('kustomize.config.k8s.io/')) return [{ tool: 'kustomize', detail }];
  if (apiVersion.includes('openshift.io') || (apiVersion === 'v1' && OPENSHIFT_KINDS.has(kind))) return [{ tool: 'openshift', detail }];
  if (NOT_KUBERNETES_GROUPS.test(apiVersion) || !K8S_API_VERSION.test(apiVersion)) return [];
  const tools: ManifestTool[] = [{ tool: 'kubernetes', detail }];
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  if ((group === 'monitoring.coreos.com' && PROMETHEUS_OPERATOR_KINDS.has(kind)) || (group === 'monitoring.googleapis.com' && GMP_KINDS.has(kind)))
    tools.push({ tool: 'prometheus', detail });
  else if (group === 'integreatly.org' || group === 'grafana.integreatly.org') tools.push({ tool: 'grafana', detail });
  else if (group.endsWith('.k8s.elastic.co')) tools.push({ tool: 'elastic', detail });
  return tools;
}

/** Monitoring products recognised by their container image (a Compose service, a pod, Helm values). */
export function imageTools(image: string): string[] {
  const tools: string[] = [];
  if (/(^|\/)prom\/(prometheus|alertmanager|pushgateway)|prometheus/.test(image)) tools.push('prometheus');
  if (/grafana\//.test(image)) tools.push('grafana');
  if (/elastic\.co\/|(^|\/)(elasticsearch|kibana|logstash)(:|@|$)|beats\//.test(image)) tools.push('elastic');
  if (/nagios/.test(image)) tools.push('nagios');
  return tools;
}

/** Cheap test before parsing a file for images only: does any `image:`/`repository:` line name a monitoring product? */
export const MONITORING_IMAGE_HINT = /^\s*-?\s*(image|repository)\s*:\s*["']?[\w.:/@-]*(elastic|kibana|logstash|beat|prometheus|prom\/|grafana|nagios)/im;

/** The container images of a pod-bearing object (Deployment, StatefulSet, CronJob, Pod, ECK resources…). */
export function containerImages(value: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 10 || out.length >= 100) return out;
  if (Array.isArray(value)) {
    for (const item of value) containerImages(item, depth + 1, out);
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(child)) {
        for (const c of child) if (isRecord(c) && typeof c.image === 'string') out.push(c.image);
      } else if (typeof child === 'object' && child !== null) {
        containerImages(child, depth + 1, out);
      }
    }
  }
  return out;
}

/**
 * The images a Helm values file configures: `image: repo/name` or `image: {registry, repository}`,
 * at the top or under a component key (`server.image.repository`, `grafana.image`…).
 */
export function valuesImages(value: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 5 || out.length >= 100 || !isRecord(value)) return out;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'image') {
      if (typeof child === 'string') out.push(child);
      else if (isRecord(child) && typeof child.repository === 'string')
        out.push(typeof child.registry === 'string' && child.registry ? `${child.registry}/${child.repository}` : child.repository);
    } else if (isRecord(child)) {
      valuesImages(child, depth + 1, out);
    }
  }
  return out;
}

/** Monitoring products a Helm chart pulls in as dependencies (Chart.yaml `dependencies`, Helm 2 requirements.yaml). */
export function chartDependencyTools(name: string): string[] {
  const n = name.toLowerCase();
  if (n.includes('prometheus') || n === 'alertmanager') return ['prometheus'];
  if (n.startsWith('grafana') || n === 'loki-stack') return ['grafana'];
  if (/^(elasticsearch|kibana|logstash|filebeat|metricbeat|heartbeat|packetbeat|auditbeat|apm-server|elastic-agent|eck-[\w-]+)$/.test(n)) return ['elastic'];
  if (n.includes('nagios')) return ['nagios'];
  return [];
}
