// The behaviour the scanner depends on, observed on a real kube-apiserver: every scenario's
// namespace is built with the admin identity, then the scanner identity dry-runs the label patch
// (server-side, nothing persisted) through @kubernetes/client-node and through kubectl, and the
// answer must be exactly the scenario's expected warnings or 422 message.

import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCENARIOS, EXEMPT_RUNTIME_CLASS, OTHER_RUNTIME_CLASS, type Scenario } from './scenarios/index.ts';
import { plainPod, privileged, tweak } from './scenarios/pods.ts';
import { ENFORCE } from './scenarios/scenario.ts';
import { predictedOutcome } from './support/admission-model.ts';
import {
  coreApi,
  createNamespace,
  createPod,
  eventually,
  inBatches,
  kubectlDryRunLabel,
  nodeApi,
  patchNamespaceLabels,
  servers,
  type UpdateOutcome,
} from './support/kube.ts';

const SENTINEL = 'zz-informer-sentinel';

/**
 * PodSecurity reads pods from the apiserver's informer cache, which trails the writes by a
 * moment. The informer sees events in order, so once it reports a pod created after every
 * scenario pod, it has them all.
 */
async function waitForPodInformer(): Promise<void> {
  const admin = coreApi(servers().adminKubeconfig);
  await createNamespace(admin, SENTINEL);
  await createPod(admin, SENTINEL, tweak(plainPod('last'), privileged));
  const outcome = await eventually(
    () => patchNamespaceLabels(admin, SENTINEL, { [ENFORCE]: 'baseline' }, { dryRun: true }),
    (o) => o.warnings.includes('last: privileged'),
    30_000,
  );
  if (!outcome.warnings.includes('last: privileged')) throw new Error(`the PodSecurity pod informer never saw ${SENTINEL}/last`);
}

async function buildScenario(scenario: Scenario): Promise<void> {
  const admin = coreApi(servers().adminKubeconfig);
  await createNamespace(admin, scenario.namespace);
  await inBatches(scenario.pods, 8, (pod) => createPod(admin, scenario.namespace, pod));
  // Labels go on after the pods: a namespace that already enforced them would refuse the pods.
  if (Object.keys(scenario.labels).length > 0) {
    const outcome = await patchNamespaceLabels(admin, scenario.namespace, scenario.labels, { dryRun: false });
    if (outcome.status !== 200) throw new Error(`labelling ${scenario.namespace}: ${outcome.status} ${outcome.message ?? ''}`);
  }
}

/** kubectl label's summary (k8s.io/kubectl pkg/cmd/label/label.go updateDataChangeMsg). */
function kubectlChange(scenario: Scenario): string {
  const current: Readonly<Record<string, string>> = scenario.labels;
  const entries = Object.entries(scenario.patch);
  const added = entries.filter(([k, v]) => v !== null && current[k] !== v).length;
  const removed = entries.filter(([k, v]) => v === null && k in current).length;
  if (added > 0 && removed > 0) return 'modified';
  if (added > 0) return 'labeled';
  if (removed > 0) return 'unlabeled';
  return 'not labeled';
}

/** kubectl's rendering of a 422 with causes (k8s.io/kubectl pkg/cmd/util/helpers.go, MultilineError). */
function kubectlInvalidMessage(namespace: string, causes: readonly string[]): string {
  const head = `The Namespace "${namespace}" is invalid: `;
  return causes.length === 1 ? `${head}${causes[0]}` : `${head}\n* ${causes.join('\n* ')}`;
}

function expectOutcome(scenario: Scenario, outcome: UpdateOutcome): void {
  if ('invalid' in scenario.expected) {
    expect({ status: outcome.status, reason: outcome.reason, message: outcome.message, causes: outcome.causes }).toEqual({
      status: 422,
      reason: 'Invalid',
      message: scenario.expected.invalid,
      causes: scenario.expected.causes,
    });
  } else {
    expect(outcome.status).toBe(200);
    expect(outcome.warnings).toEqual(scenario.expected.warnings);
  }
}

describe('server-side dry-run of namespace Pod Security labels', () => {
  beforeAll(async () => {
    const started = performance.now();
    const nodes = nodeApi(servers().adminKubeconfig);
    for (const name of [EXEMPT_RUNTIME_CLASS, OTHER_RUNTIME_CLASS]) {
      await nodes.createRuntimeClass({ body: { metadata: { name }, handler: 'runc' } });
    }
    await inBatches(ALL_SCENARIOS, 4, buildScenario);
    await waitForPodInformer();
    console.log(`built ${ALL_SCENARIOS.length} scenario namespaces in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });

  it('has at least 30 scenario namespaces with unique names', () => {
    expect(ALL_SCENARIOS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ALL_SCENARIOS.map((s) => s.namespace)).size).toBe(ALL_SCENARIOS.length);
  });

  it('runs with the exemptions the scenarios assume', () => {
    const { exemptions } = servers().podSecurity;
    expect(exemptions.runtimeClasses).toContain(EXEMPT_RUNTIME_CLASS);
    expect(exemptions.runtimeClasses).not.toContain(OTHER_RUNTIME_CLASS);
    const exemptScenarios = ALL_SCENARIOS.filter((s) => s.namespace.startsWith('psa-exempt-')).map((s) => s.namespace);
    expect(exemptions.namespaces).toEqual(expect.arrayContaining(exemptScenarios));
  });

  describe('through @kubernetes/client-node as the scanner', () => {
    it.each(ALL_SCENARIOS.map((s) => [`${s.namespace}: ${s.title}`, s] as const))('%s', async (_name, scenario) => {
      const scanner = coreApi(servers().scannerKubeconfig);
      const outcome = await patchNamespaceLabels(scanner, scenario.namespace, scenario.patch, { dryRun: true });
      expectOutcome(scenario, outcome);
    });
  });

  // The engine's admission model (shared/pss/admission) against the same server, string for
  // string: the scanner leans on it to explain and verify what a dry-run cannot show.
  describe("the engine's namespace-update model predicts the server's answer", () => {
    it.each(ALL_SCENARIOS.map((s) => [`${s.namespace}: ${s.title}`, s] as const))('%s', async (_name, scenario) => {
      const admin = coreApi(servers().adminKubeconfig);
      const scanner = coreApi(servers().scannerKubeconfig);
      const real = await patchNamespaceLabels(scanner, scenario.namespace, scenario.patch, { dryRun: true });
      const predicted = await predictedOutcome(admin, scenario.namespace, servers().podSecurity, scenario.patch);
      expect(predicted).toEqual({ ...real, labels: undefined });
    });
  });

  describe('through kubectl label --dry-run=server as the scanner', () => {
    it.each(ALL_SCENARIOS.map((s) => [`${s.namespace}: ${s.title}`, s] as const))('%s', async (_name, scenario) => {
      const result = await kubectlDryRunLabel(servers().scannerKubeconfig, scenario.namespace, scenario.patch);
      if ('invalid' in scenario.expected) {
        expect(result.exitCode).toBe(1);
        expect(result.stderr.trim()).toBe(kubectlInvalidMessage(scenario.namespace, scenario.expected.causes));
      } else {
        expect(result.exitCode, result.stderr).toBe(0);
        const change = kubectlChange(scenario);
        expect(result.stdout.trim()).toBe(`namespace/${scenario.namespace} ${change} (server dry run)`);
        // kubectl sends nothing when no label value changes, so the server is not even asked.
        expect(result.warnings).toEqual(change === 'not labeled' ? [] : scenario.expected.warnings);
      }
    });
  });

  // Runs after the dry-runs above (tests in a file run in order).
  it('persisted none of the dry-runs', async () => {
    const admin = coreApi(servers().adminKubeconfig);
    for (const scenario of ALL_SCENARIOS) {
      const namespace = await admin.readNamespace({ name: scenario.namespace });
      expect(namespace.metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': scenario.namespace, ...scenario.labels });
    }
  });
});
