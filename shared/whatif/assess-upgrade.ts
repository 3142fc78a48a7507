// Today's scan and its inventory -> the UpgradeWhatIf document. Pure: no I/O, no clock. Today's
// scan supplies what the server verified at the current version (its dry-runs); the inventory the
// scan read supplies every pod and template, evaluated offline at the target version for the
// namespaces whose enforced checks move (enforce-move.ts), and at their target for the namespaces
// only PodSecurityPolicy protects.
import { isExemptNamespace } from '../pss/admission/admission-config.ts';
import { compareCodePoints } from '../pss/go-string-order.ts';
import { ENFORCE_LEVEL_LABEL, policyToEvaluate } from '../pss/namespace-policy.ts';
import { v1, versionString, type Version } from '../pss/version.ts';
import type { Inventory } from '../scan/inventory.ts';
import { namespaceTarget } from '../scan/namespace-target.ts';
import type { ClusterSnapshot, NamespaceResult } from '../snapshot/snapshot-schema.ts';
import type { ClusterPolicy } from '../targets/cluster-policy.ts';
import { enforceMove, NEWEST_KNOWN_VERSION, cappedAtKnown } from './enforce-move.ts';
import { movingNamespace } from './moving-namespace.ts';
import type { NamespaceContents } from './namespace-contents.ts';
import { pspReliance } from './psp-reliance.ts';
import { WHATIF_API_VERSION, WHATIF_KIND, WHATIF_SCHEMA_VERSION, type MovingNamespace, type PspReliantNamespace, type UpgradeWhatIf } from './what-if-schema.ts';

/** The first version without policy/v1beta1 PodSecurityPolicy. */
const PSP_REMOVED_MINOR = 25;

export interface UpgradeAssessmentInput {
  /** Today's scan of the cluster (server dry-runs at its current version). */
  readonly snapshot: ClusterSnapshot;
  /** What that scan read; undefined when it could read nothing (a failed scan). */
  readonly inventory: Inventory | undefined;
  /** The policy the scan ran with. */
  readonly policy: ClusterPolicy;
  /** The Kubernetes version of the upgrade (v1.N). */
  readonly upgradeTo: Version;
  readonly requestId: string | null;
  readonly finishedAt: string;
}

export function assessUpgrade(input: UpgradeAssessmentInput): UpgradeWhatIf {
  const { snapshot, inventory, upgradeTo } = input;
  const config = input.policy.admission;
  const today = new Map(snapshot.namespaces.map((n): [string, NamespaceResult] => [n.name, n]));
  const moving: MovingNamespace[] = [];
  const reliant: PspReliantNamespace[] = [];
  const psp = inventory?.podSecurityPolicy;
  const pspInUse = psp !== undefined && psp.served && psp.names.length > 0;

  if (inventory !== undefined) {
    const server = v1(inventory.version.minor);
    for (const namespace of inventory.namespaces) {
      const contents: NamespaceContents = {
        namespace,
        pods: inventory.pods.get(namespace.name),
        workloads: inventory.workloads.get(namespace.name),
        today: today.get(namespace.name),
        inventoryErrors: inventory.namespaceErrors.get(namespace.name) ?? [],
      };
      const { policy: effective } = policyToEvaluate(namespace.labels, config.defaults);
      const exempt = isExemptNamespace(config, namespace.name);
      const labelled = Object.hasOwn(namespace.labels, ENFORCE_LEVEL_LABEL);
      // An exempt namespace is evaluated at no version: nothing moves there.
      const move = exempt ? undefined : enforceMove(effective.enforce, labelled, server, upgradeTo);
      if (move !== undefined) moving.push(movingNamespace(contents, effective, move, config));
      if (pspInUse) {
        const target = namespaceTarget(namespace.labels, effective, input.policy.targetFor(namespace));
        const reliance = pspReliance({ contents, effective, target, exempt, config, upgradeTo });
        if (reliance !== undefined) reliant.push(reliance);
      }
    }
  }
  moving.sort((a, b) => compareCodePoints(a.name, b.name));
  reliant.sort((a, b) => compareCodePoints(a.name, b.name));

  const evaluatedAs = cappedAtKnown(upgradeTo);
  const beyond = evaluatedAs.minor !== upgradeTo.minor;
  const incomplete = moving.some((n) => !n.complete) || reliant.some((n) => !n.atTarget.complete && !n.allowedUnprotected);
  return {
    apiVersion: WHATIF_API_VERSION,
    kind: WHATIF_KIND,
    schemaVersion: WHATIF_SCHEMA_VERSION,
    scanner: snapshot.scanner,
    cluster: snapshot.cluster,
    requestId: input.requestId,
    startedAt: snapshot.startedAt,
    finishedAt: input.finishedAt,
    outcome: snapshot.outcome === 'failed' ? 'failed' : snapshot.outcome === 'degraded' || incomplete ? 'degraded' : 'complete',
    policy: snapshot.policy,
    admission: snapshot.admission,
    upgrade: {
      from: snapshot.cluster.version === null ? null : `v1.${snapshot.cluster.version.minor}`,
      to: versionString(upgradeTo),
      evaluatedAs: versionString(evaluatedAs),
      newestKnown: versionString(NEWEST_KNOWN_VERSION),
      beyondKnownChecks: beyond,
      note: beyond ? beyondNote(upgradeTo) : null,
      removesPodSecurityPolicy: psp?.served === true && upgradeTo.minor >= PSP_REMOVED_MINOR,
    },
    scan: { outcome: snapshot.outcome, namespaces: snapshot.summary.namespaces, byState: snapshot.summary.byState },
    summary: {
      moving: moving.length,
      movingWithCheckChanges: moving.filter((n) => n.checkChanges.length > 0).length,
      newlyRejectedNamespaces: moving.filter((n) => n.newlyRejected.length > 0).length,
      newlyRejectedWorkloads: moving.reduce((sum, n) => sum + n.newlyRejected.length, 0),
      newlyRejectedPods: moving.reduce((sum, n) => sum + n.pods.newlyRejected, 0),
      newlyRejectedTemplates: moving.reduce((sum, n) => sum + n.templates.newlyRejected, 0),
      podSecurityPolicyReliant: reliant.length,
      podSecurityPolicyReliantToProtect: reliant.filter((n) => !n.allowedUnprotected).length,
    },
    namespaces: moving,
    podSecurityPolicy: psp === undefined ? null : { served: psp.served, names: [...psp.names].sort(compareCodePoints), reliantNamespaces: reliant },
    errors: snapshot.errors,
  };
}

function beyondNote(upgradeTo: Version): string {
  const known = versionString(NEWEST_KNOWN_VERSION);
  const first = versionString(v1(NEWEST_KNOWN_VERSION.minor + 1));
  const range = first === versionString(upgradeTo) ? first : `${first} to ${versionString(upgradeTo)}`;
  return (
    `${versionString(upgradeTo)} is newer than the newest Kubernetes version whose Pod Security checks this scanner knows (${known}): ` +
    `namespaces are evaluated at ${known}, so what ${range} adds or changes is not seen; update psa-fleet-scanner before relying on this for ${versionString(upgradeTo)}`
  );
}
