// DESIGN.md fact 3 on a real apiserver: a namespace update checks at most 3000 existing pods, one
// per controller first, then the other replicas (admission.go prioritizePods). 2999 replicas of one
// ReplicaSet that pass baseline plus two privileged standalone pods: whatever order the informer
// lists them in, the two standalone pods are always among the 3000 checked, so the answer is
// exact; a scanner that trusted name order or any-3000 would miss one.

import { beforeAll, describe, expect, it } from 'vitest';
import { ownedBy, plainPod, privileged, tweak } from './scenarios/pods.ts';
import { ENFORCE } from './scenarios/scenario.ts';
import { predictedOutcome } from './support/admission-model.ts';
import { coreApi, createNamespace, createPod, eventually, inBatches, patchNamespaceLabels, servers } from './support/kube.ts';

const NAMESPACE = 'pod-limit';
const REPLICAS = 2999;
const PATCH = { [ENFORCE]: 'baseline' };
const EXPECTED = [
  'new PodSecurity enforce level only checked against the first 3000 of 3001 existing pods',
  `existing pods in namespace "${NAMESPACE}" violate the new PodSecurity enforce level "baseline:latest"`,
  'zz-standalone-1 (and 1 other pod): privileged',
];

describe('a namespace with more pods than the apiserver checks', () => {
  beforeAll(async () => {
    const started = performance.now();
    const admin = coreApi(servers().adminKubeconfig);
    await createNamespace(admin, NAMESPACE);
    const replicaSet = ownedBy('web-5d8c7', '6a1f2c3e-0000-4000-8000-000000003000');
    const replicas = Array.from({ length: REPLICAS }, (_, i) => tweak(plainPod(`web-5d8c7-${String(i).padStart(5, '0')}`), replicaSet));
    const standalone = [1, 2].map((n) => tweak(plainPod(`zz-standalone-${n}`), privileged));
    await inBatches([...replicas, ...standalone], 16, (pod) => createPod(admin, NAMESPACE, pod));
    console.log(`created ${REPLICAS + 2} pods in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);

  it('checks only the first 3000, one per controller first, and says so', async () => {
    const scanner = coreApi(servers().scannerKubeconfig);
    // The PodSecurity informer trails the writes; wait until it counts all 3001 pods.
    const outcome = await eventually(
      () => patchNamespaceLabels(scanner, NAMESPACE, PATCH, { dryRun: true }),
      (o) => o.warnings[0] === EXPECTED[0],
      30_000,
    );
    expect(outcome.status).toBe(200);
    expect(outcome.warnings).toEqual(EXPECTED);
  });

  it("is predicted exactly by the engine's namespace-update model", async () => {
    const admin = coreApi(servers().adminKubeconfig);
    const predicted = await predictedOutcome(admin, NAMESPACE, servers().podSecurity, PATCH);
    expect(predicted).toEqual({ status: 200, warnings: EXPECTED });
  });
});
