// The engine's prediction for a scenario, in the shape the real server's answer is read into, so
// a test can compare the two string for string. The pods are the ones the server holds (read
// back, so with the apiserver's defaults applied), as the scanner's inventory will see them.
import type { CoreV1Api } from '@kubernetes/client-node';
import { parsePodSecurityConfiguration, type AdmissionConfig } from '../../../shared/pss/admission/admission-config.ts';
import { evaluateNamespaceUpdate, type NamespaceUpdate, type NamespaceUpdateResult } from '../../../shared/pss/admission/namespace-update.ts';
import { warningsAsReceived } from '../../../shared/pss/admission/warning-headers.ts';
import type { PodUnderTest } from '../../../shared/pss/pod.ts';
import {
  podSecurityConfigurationDocument,
  type PodSecurityConfiguration,
} from '../../../shared/pss/admission/pod-security-configuration.ts';
import type { LabelPatch, UpdateOutcome } from './kube.ts';

/** A JSON merge patch of labels: null removes the key. */
function applyPatch(labels: Readonly<Record<string, string>>, patch: LabelPatch): Record<string, string> {
  const merged = Object.entries({ ...labels, ...patch }).filter((entry): entry is [string, string] => entry[1] !== null);
  return Object.fromEntries(merged);
}

const parsedConfigs = new WeakMap<PodSecurityConfiguration, AdmissionConfig>();

/** The engine's reading of the harness's configuration; parsed once per configuration object. */
function admissionConfig(podSecurity: PodSecurityConfiguration): AdmissionConfig {
  let config = parsedConfigs.get(podSecurity);
  if (config === undefined) {
    const parsed = parsePodSecurityConfiguration(podSecurityConfigurationDocument(podSecurity));
    if (!parsed.ok) throw new Error(`the harness's PodSecurityConfiguration does not parse: ${parsed.errors.join('; ')}`);
    config = parsed.config;
    parsedConfigs.set(podSecurity, config);
  }
  return config;
}

/** The update a label patch asks of the server: the namespace's labels before and after, and its pods as the server holds them. */
export async function namespaceUpdateOf(
  admin: CoreV1Api,
  namespace: string,
  podSecurity: PodSecurityConfiguration,
  patch: LabelPatch,
): Promise<NamespaceUpdate> {
  const config = admissionConfig(podSecurity);
  const current = (await admin.readNamespace({ name: namespace })).metadata?.labels ?? {};
  const pods = (await admin.listNamespacedPod({ namespace })).items as PodUnderTest[];
  return { namespaceName: namespace, oldLabels: current, newLabels: applyPatch(current, patch), pods, config };
}

/** The engine's result in the shape the real server's answer is read into. */
export function outcomeOf(result: NamespaceUpdateResult): UpdateOutcome {
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

export async function predictedOutcome(
  admin: CoreV1Api,
  namespace: string,
  podSecurity: PodSecurityConfiguration,
  patch: LabelPatch,
): Promise<UpdateOutcome> {
  return outcomeOf(evaluateNamespaceUpdate(await namespaceUpdateOf(admin, namespace, podSecurity, patch)));
}
