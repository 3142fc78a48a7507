// The engine's prediction for a scenario, in the shape the real server's answer is read into, so
// a test can compare the two string for string. The pods are the ones the server holds (read
// back, so with the apiserver's defaults applied), as the scanner's inventory will see them.
import type { CoreV1Api } from '@kubernetes/client-node';
import { parsePodSecurityConfiguration } from '../../../shared/pss/admission/admission-config.ts';
import { evaluateNamespaceUpdate } from '../../../shared/pss/admission/namespace-update.ts';
import { warningsAsReceived } from '../../../shared/pss/admission/warning-headers.ts';
import type { PodUnderTest } from '../../../shared/pss/pod.ts';
import type { PodSecurityConfiguration } from '../../harness/kube/apiserver.ts';
import type { LabelPatch, UpdateOutcome } from './kube.ts';

/** A JSON merge patch of labels: null removes the key. */
function applyPatch(labels: Readonly<Record<string, string>>, patch: LabelPatch): Record<string, string> {
  const merged = Object.entries({ ...labels, ...patch }).filter((entry): entry is [string, string] => entry[1] !== null);
  return Object.fromEntries(merged);
}

export async function predictedOutcome(
  admin: CoreV1Api,
  namespace: string,
  podSecurity: PodSecurityConfiguration,
  patch: LabelPatch,
): Promise<UpdateOutcome> {
  const parsed = parsePodSecurityConfiguration({
    apiVersion: 'pod-security.admission.config.k8s.io/v1',
    kind: 'PodSecurityConfiguration',
    ...podSecurity,
  });
  if (!parsed.ok) throw new Error(`the harness's PodSecurityConfiguration does not parse: ${parsed.errors.join('; ')}`);
  const current = (await admin.readNamespace({ name: namespace })).metadata?.labels ?? {};
  const pods = (await admin.listNamespacedPod({ namespace })).items as PodUnderTest[];
  const result = evaluateNamespaceUpdate({
    namespaceName: namespace,
    oldLabels: current,
    newLabels: applyPatch(current, patch),
    pods,
    config: parsed.config,
  });
  if (!result.allowed) {
    return {
      status: result.status,
      warnings: [],
      message: result.message,
      reason: result.reason,
      causes: result.causes.map((cause) => `${cause.field}: ${cause.message}`),
    };
  }
  return { status: 200, warnings: warningsAsReceived(result.warnings).texts };
}
