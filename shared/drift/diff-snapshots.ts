// Two snapshots of one cluster -> what changed, as findings. Pure: no I/O, no clock. A first scan
// gives a baseline (and the standing PodSecurityPolicy dependencies an upgrade owner must see), not
// a finding per namespace; an unchanged cluster gives nothing. Which kind applies is decided here;
// severities and words are in finding-catalogue.ts.
import { compareLevels } from '../pss/level.ts';
import type { ClusterSnapshot, NamespaceResult } from '../snapshot/snapshot-schema.ts';
import { violatorCount, workloadList } from '../snapshot/sweep-facts.ts';
import { compareSeverity, FINDING_CATALOGUE, type FindingKind } from './finding-catalogue.ts';
import type { Finding } from './finding.ts';
import { levelOf, newWorkloads, shouldBeProtected, workloadEvidence, workloadKey } from './evidence.ts';
import { clusterUpgradeFindings } from './cluster-upgrade.ts';
import { ENFORCE_VERSION_LABEL } from '../pss/namespace-policy.ts';

/** The first version without policy/v1beta1 PodSecurityPolicy. */
const PSP_REMOVED_MINOR = 25;

type Draft = Omit<Finding, 'severity' | 'cluster'>;

export function diffSnapshots(previous: ClusterSnapshot | undefined, current: ClusterSnapshot): Finding[] {
  const drafts: Draft[] = [];
  if (previous === undefined) {
    drafts.push(baselineFinding(current));
  } else {
    drafts.push(...clusterUpgradeFindings(previous, current));
  }
  drafts.push(...degradedFindings(previous, current));
  const before = new Map((previous?.namespaces ?? []).map((n) => [n.name, n]));
  for (const namespace of current.namespaces) {
    drafts.push(...pspFindings(previous, current, before.get(namespace.name), namespace));
    if (previous !== undefined) drafts.push(...namespaceFindings(before.get(namespace.name), namespace));
  }
  const cluster = { account: current.cluster.account, region: current.cluster.region, name: current.cluster.name };
  return drafts
    .map((draft): Finding => ({ ...draft, severity: FINDING_CATALOGUE[draft.kind].severity, cluster }))
    .sort((a, b) => compareSeverity(a.severity, b.severity) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.kind.localeCompare(b.kind));
}

function baselineFinding(current: ClusterSnapshot): Draft {
  const counts = Object.entries(current.summary.byState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return {
    kind: 'baseline',
    namespace: null,
    summary: `first scan: ${current.summary.namespaces} namespaces (${counts.join(', ')})`,
    evidence: { details: { ...current.summary.byState, namespaces: current.summary.namespaces } },
  };
}

function servesPsp(snapshot: ClusterSnapshot): boolean {
  return snapshot.podSecurityPolicy?.served === true;
}

/** Nothing enforces Pod Security here: no enforce label and privileged defaults (or a privileged label). */
function effectivelyPrivileged(namespace: NamespaceResult): boolean {
  return levelOf(namespace.effective.enforce) === 'privileged';
}

function pspFindings(previous: ClusterSnapshot | undefined, current: ClusterSnapshot, before: NamespaceResult | undefined, after: NamespaceResult): Draft[] {
  if (!shouldBeProtected(after) || !effectivelyPrivileged(after)) return [];
  const target = after.sweeps.target;
  const verdict = target.compliant === false ? `${violatorCount(target)} would be rejected at ${after.target.levelVersion}` : `clean at ${after.target.levelVersion}`;
  const evidence = {
    labelsAfter: after.labels,
    levelVersion: after.target.levelVersion,
    workloads: workloadEvidence(target),
  };
  const version = current.cluster.version?.minor;
  // Crossing: the previous scan saw PSP served, this one runs 1.25+ (where PSP cannot exist).
  if (previous !== undefined && servesPsp(previous) && version !== undefined && version >= PSP_REMOVED_MINOR && !servesPsp(current)) {
    const from = previous.cluster.version?.gitVersion ?? 'a version with PodSecurityPolicy';
    return [
      {
        kind: 'psp-removal-regression',
        namespace: after.name,
        summary: `${after.name}: PodSecurityPolicy gone (${from} -> ${current.cluster.version?.gitVersion}) and nothing enforces Pod Security; ${verdict}`,
        evidence: { ...evidence, details: { podSecurityPoliciesBefore: previous.podSecurityPolicy?.names ?? [], fromVersion: from, toVersion: current.cluster.version?.gitVersion ?? '' } },
      },
    ];
  }
  const psp = current.podSecurityPolicy;
  if (psp === null || !psp.served || psp.names.length === 0) return [];
  // Reported when it starts: on the first scan, for a new namespace, or when enforcement went away.
  const alreadyReported = previous !== undefined && servesPsp(previous) && (previous.podSecurityPolicy?.names.length ?? 0) > 0 && before !== undefined && effectivelyPrivileged(before);
  if (alreadyReported) return [];
  return [
    {
      kind: 'psp-dependency',
      namespace: after.name,
      summary: `${after.name}: only PodSecurityPolicy protects it, and 1.25 removes it; ${verdict}`,
      evidence: { ...evidence, details: { podSecurityPolicies: psp.names } },
    },
  ];
}

function degradedFindings(previous: ClusterSnapshot | undefined, current: ClusterSnapshot): Draft[] {
  const drafts: Draft[] = [];
  const problems = (s: ClusterSnapshot): string[] => [
    ...s.errors.map((e) => `cluster: ${e.kind}`),
    ...s.namespaces.filter((n) => n.state === 'not-evaluated' || n.errors.length > 0).map((n) => `${n.name}: ${n.errors.map((e) => e.kind).join(',') || 'not evaluated'}`),
  ];
  const now = problems(current);
  const then = previous === undefined ? [] : problems(previous);
  if (current.outcome !== 'complete' && (previous === undefined || previous.outcome === 'complete' || now.join('\n') !== then.join('\n'))) {
    const notEvaluated = current.namespaces.filter((n) => n.state === 'not-evaluated').map((n) => n.name);
    drafts.push({
      kind: 'scan-degraded',
      namespace: null,
      summary:
        current.outcome === 'failed'
          ? `scan failed: ${current.errors[0]?.message ?? 'nothing could be read'}`
          : `scan incomplete: ${notEvaluated.length} namespaces not evaluated, ${current.errors.length} cluster errors`,
      evidence: {
        details: { outcome: current.outcome, problems: now, notEvaluated, errors: [...current.errors, ...current.namespaces.flatMap((n) => n.errors)].map((e) => `${e.kind}: ${e.message}`) },
      },
    });
  }
  const limited = (s: ClusterSnapshot | undefined): Set<string> =>
    new Set(
      (s?.namespaces ?? [])
        .filter((n) => [n.sweeps.current, n.sweeps.target].some((sweep) => sweep.dryRun?.checkedPods != null || sweep.dryRun?.warningsIncomplete === true))
        .map((n) => n.name),
    );
  const limitedBefore = limited(previous);
  const newlyLimited = [...limited(current)].filter((name) => !limitedBefore.has(name));
  if (newlyLimited.length > 0) {
    drafts.push({
      kind: 'evidence-limited',
      namespace: null,
      summary: `the server answered only in part for ${newlyLimited.length} namespaces (3000-pod limit or cut warnings); the offline engine decided`,
      evidence: { details: { namespaces: newlyLimited } },
    });
  }
  return drafts;
}

function enforceVersionLabel(namespace: NamespaceResult): string | undefined {
  return namespace.labels[ENFORCE_VERSION_LABEL];
}

function pinned(version: string | undefined): boolean {
  return version !== undefined && version !== 'latest';
}

function draft(kind: FindingKind, namespace: NamespaceResult, summary: string, evidence: Draft['evidence']): Draft {
  return { kind, namespace: namespace.name, summary, evidence };
}

function namespaceFindings(before: NamespaceResult | undefined, after: NamespaceResult): Draft[] {
  const drafts: Draft[] = [];
  const labels = { labelsBefore: before?.labels ?? null, labelsAfter: after.labels, stateBefore: before?.state ?? null, stateAfter: after.state };

  if (before === undefined) {
    if (shouldBeProtected(after) && !after.enforceLabelled) {
      drafts.push(draft('unlabelled-namespace-new', after, `new namespace ${after.name} has no enforce label (${after.effective.enforce} applies)`, labels));
    }
  } else if (shouldBeProtected(after)) {
    const was = levelOf(before.effective.enforce);
    const now = levelOf(after.effective.enforce);
    if (was !== 'privileged' && now === 'privileged') {
      // Privileged is privileged at any version: the version would only confuse the line.
      drafts.push(draft('enforcement-removed', after, `${after.name}: enforce ${before.effective.enforce} -> privileged: nothing is enforced now`, labels));
    } else if (was !== 'privileged' && compareLevels(now, was) < 0) {
      drafts.push(draft('enforcement-relaxed', after, `${after.name}: enforce relaxed ${before.effective.enforce} -> ${after.effective.enforce}`, labels));
    }
    const pinBefore = enforceVersionLabel(before);
    const pinAfter = enforceVersionLabel(after);
    if (now !== 'privileged' && pinned(pinBefore) && !pinned(pinAfter)) {
      drafts.push(draft('enforce-version-unpinned', after, `${after.name}: enforce-version ${pinBefore} -> ${pinAfter ?? 'unset'} (follows every upgrade now)`, labels));
    } else if (now !== 'privileged' && pinned(pinBefore) && pinned(pinAfter) && pinBefore !== pinAfter) {
      drafts.push(draft('enforce-version-moved', after, `${after.name}: enforce-version ${pinBefore} -> ${pinAfter}`, labels));
    }
  }

  drafts.push(...violationFindings(before, after, labels));
  if (before !== undefined && after.state === 'ready-to-promote' && before.state !== 'ready-to-promote') {
    drafts.push(draft('ready-to-promote', after, `${after.name}: clean at ${after.target.levelVersion}, ready to enforce it`, { ...labels, levelVersion: after.target.levelVersion }));
  }
  const disagreeing = [after.sweeps.current, after.sweeps.target].filter((s) => s.modelAgreement === 'disagrees');
  const disagreedBefore = before !== undefined && [before.sweeps.current, before.sweeps.target].some((s) => s.modelAgreement === 'disagrees');
  if (disagreeing.length > 0 && !disagreedBefore) {
    const sweep = disagreeing[0];
    drafts.push(
      draft('model-disagreement', after, `${after.name}: the server's answer at ${sweep?.levelVersion} differs from the model's prediction`, {
        warnings: sweep?.dryRun?.warnings ?? [],
        details: { predicted: sweep?.modelWarnings ?? [] },
      }),
    );
  }
  return drafts;
}

function violationFindings(before: NamespaceResult | undefined, after: NamespaceResult, labels: Draft['evidence']): Draft[] {
  const drafts: Draft[] = [];
  const current = after.sweeps.current;
  const enforcing = levelOf(after.effective.enforce) !== 'privileged' && !after.exempt;
  if (enforcing && current.compliant === false) {
    // Compared at the same level:version only: a changed enforce label is reported above, and its
    // violations are new by definition.
    const sameLevel = before?.sweeps.current.levelVersion === current.levelVersion;
    const added = newWorkloads(sameLevel ? before?.sweeps.current : undefined, current);
    if (added.length > 0) {
      drafts.push(
        draft('violations-in-place', after, `${after.name}: ${violatorCount(current)} violate the enforce level ${current.levelVersion} (${workloadList(added)})`, {
          ...labels,
          levelVersion: current.levelVersion,
          workloads: added,
          warnings: current.dryRun?.warnings ?? [],
        }),
      );
    }
  }
  if (before !== undefined && before.sweeps.current.compliant === false && current.compliant === true && before.sweeps.current.levelVersion === current.levelVersion) {
    drafts.push(draft('violations-resolved', after, `${after.name}: nothing violates ${current.levelVersion} any more`, { ...labels, workloads: workloadEvidence(before.sweeps.current) }));
  }

  const target = after.sweeps.target;
  if (before !== undefined && !after.exempt && target.compliant === false && target.levelVersion !== current.levelVersion) {
    const sameTarget = before.sweeps.target.levelVersion === target.levelVersion;
    const added = newWorkloads(sameTarget ? before.sweeps.target : undefined, target);
    // Workloads already violating in place are reported as such, not twice.
    const inPlace = new Set(current.workloads.map(workloadKey));
    const onlyAtTarget = added.filter((w) => !inPlace.has(workloadKey(w)));
    if (onlyAtTarget.length > 0 && levelOf(target.levelVersion) !== 'privileged') {
      drafts.push(
        draft('target-violations-new', after, `${after.name}: ${workloadList(onlyAtTarget)} would be rejected at the target ${target.levelVersion}`, {
          ...labels,
          levelVersion: target.levelVersion,
          workloads: onlyAtTarget,
          warnings: target.dryRun?.warnings ?? [],
        }),
      );
    }
  }
  return drafts;
}

