// The engine's prediction of a namespace dry-run on a server whose newest version is 1.24, in the
// shape the real answer is read into (test/integration/support/kube.ts UpdateOutcome). The pods are
// the ones the server holds, read back, as the scanner's inventory sees them.
//
// How a 1.24 server is modelled: evaluateNamespaceUpdate with `serverVersion: v1.24`, so `latest`
// and label versions newer than 1.24 are evaluated with the 1.24 checks while the warning still
// names the label's version. (1.24's own registry caps at v1.23, the newest version any of its
// check definitions has; v1.23 and v1.24 have identical check sets, DESIGN.md fact 7.)

import type { CoreV1Api } from '@kubernetes/client-node';
import { evaluateNamespaceUpdate, type NamespaceUpdateResult } from '../../../shared/pss/admission/namespace-update.ts';
import type { PodSecurityConfiguration } from '../../../shared/pss/admission/pod-security-configuration.ts';
import { v1, type Version } from '../../../shared/pss/version.ts';
import { namespaceUpdateOf, outcomeOf } from '../../integration/support/admission-model.ts';
import type { LabelPatch, UpdateOutcome } from '../../integration/support/kube.ts';

export const SERVER_1_24: Version = v1(24);

export interface Prediction {
  /** The model told the server is 1.24. */
  readonly onServer124: UpdateOutcome;
  /** The model left to its default, the engine's newest version (what a caller gets by forgetting serverVersion). */
  readonly onNewestServer: UpdateOutcome;
  readonly result: NamespaceUpdateResult;
}

export async function predictedOn124(
  admin: CoreV1Api,
  namespace: string,
  podSecurity: PodSecurityConfiguration,
  patch: LabelPatch,
): Promise<Prediction> {
  const update = await namespaceUpdateOf(admin, namespace, podSecurity, patch);
  const result = evaluateNamespaceUpdate({ ...update, serverVersion: SERVER_1_24 });
  return { onServer124: outcomeOf(result), onNewestServer: outcomeOf(evaluateNamespaceUpdate(update)), result };
}
