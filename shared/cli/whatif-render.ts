// What `psa-scan whatif` prints as text: the upgrade, the namespaces whose enforced checks move,
// the workloads newly rejected with each violation, and the namespaces only PodSecurityPolicy
// protects. Text from the cluster (names, reasons, details) is printed with control characters
// escaped, as psa-scan scan prints it.
import type { WorkloadVerdict } from '../snapshot/snapshot-schema.ts';
import type { CheckChange } from '../whatif/check-set-change.ts';
import type { MovingNamespace, PspReliantNamespace, UpgradeWhatIf } from '../whatif/what-if-schema.ts';
import { printable } from './render-scan.ts';

const NAMED_PODS = 5;

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function column(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

function changeText(change: CheckChange): string {
  if (change.from === null) return `+${change.check} (${change.to ?? ''})`;
  if (change.to === null) return `-${change.check}`;
  return `${change.check} ${change.from}->${change.to}`;
}

function moveRow(namespace: MovingNamespace): string[] {
  const changes = namespace.checkChanges.length === 0 ? 'same checks' : namespace.checkChanges.map(changeText).join(', ');
  const capped = namespace.evaluatedAs === namespace.to ? '' : ` (evaluated as ${namespace.evaluatedAs})`;
  return [`    ${printable(namespace.name)}`, namespace.enforce, `${namespace.from} -> ${namespace.to}${capped}`, changes];
}

/** `2 pods + template`, `template (suspended)`. */
function subjects(workload: WorkloadVerdict): string {
  const pods = workload.pods.reduce((n, g) => n + g.pods.length, 0);
  const template = workload.template === null ? '' : `template${workload.template.suspended === true ? ' (suspended)' : workload.template.replicas === 0 ? ' (0 replicas)' : ''}`;
  return [pods > 0 ? plural(pods, 'pod') : '', template].filter((s) => s !== '').join(' + ');
}

function workloadLines(namespace: string, workload: WorkloadVerdict): string[] {
  const lines = [`    ${printable(namespace)}  ${printable(`${workload.kind}/${workload.name}`)}  ${subjects(workload)}`];
  const pods = workload.pods.flatMap((g) => g.pods);
  if (pods.length > 0) {
    const shown = pods.slice(0, NAMED_PODS).map(printable).join(', ');
    lines.push(`      pods: ${shown}${pods.length > NAMED_PODS ? ` and ${pods.length - NAMED_PODS} more` : ''}`);
  }
  const seen = new Set<string>();
  for (const violation of [...workload.pods.flatMap((g) => g.violations), ...(workload.template?.violations ?? [])]) {
    const line = `      ${printable(violation.check)}: ${printable(violation.reason)}${violation.detail === '' ? '' : ` (${printable(violation.detail)})`}`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  return lines;
}

function relianceRow(namespace: PspReliantNamespace): string[] {
  const why = { 'no-enforce-label': 'no enforce label', 'privileged-enforce-label': 'enforce privileged', exempt: 'exempt' }[namespace.reliesBecause];
  if (namespace.allowedUnprotected) return [`    ${printable(namespace.name)}`, why, `allowed unprotected (${namespace.reliesBecause === 'exempt' ? 'cluster exemption' : 'fleet policy'})`];
  const at = namespace.atTarget;
  const target = `target ${namespace.target.levelVersion}${namespace.target.levelVersion === at.evaluatedAs ? '' : ` (as ${at.evaluatedAs})`}`;
  let verdict: string;
  if (at.compliant === true) verdict = 'clean';
  else if (at.compliant === null) verdict = 'not evaluated: its pods or workloads could not be read';
  else {
    const counts = [at.violatingPods > 0 ? plural(at.violatingPods, 'pod') : '', at.violatingTemplates > 0 ? plural(at.violatingTemplates, 'template') : ''].filter((s) => s !== '');
    const names = at.workloads.map((w) => printable(`${w.kind}/${w.name}`));
    verdict = `${counts.join(' and ')} would be rejected (${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''})`;
  }
  return [`    ${printable(namespace.name)}`, why, `${target}: ${verdict}`];
}

export function renderWhatIfText(whatIf: UpgradeWhatIf): string {
  const { cluster, upgrade, summary } = whatIf;
  const lines = [`${printable(`${cluster.account}/${cluster.region}/${cluster.name}`)}  ${printable(cluster.version?.gitVersion ?? 'version unknown')} -> ${upgrade.to}  ${whatIf.outcome}`];
  if (upgrade.note !== null) lines.push(`  NOTE: ${upgrade.note}`);
  lines.push(`  today: ${whatIf.scan.outcome} scan of ${plural(whatIf.scan.namespaces, 'namespace')}, verified by server dry-runs at ${printable(cluster.version?.gitVersion ?? 'the current version')}`);

  if (whatIf.namespaces.length === 0) lines.push('  no namespace enforces checks that move with this upgrade');
  else {
    lines.push(`  namespaces whose enforced checks move: ${whatIf.namespaces.length}`);
    lines.push(...column(whatIf.namespaces.map(moveRow)));
  }

  const rejecting = whatIf.namespaces.filter((n) => n.newlyRejected.length > 0);
  if (rejecting.length > 0) {
    lines.push(
      `  newly rejected after the upgrade: ${plural(summary.newlyRejectedWorkloads, 'workload')} in ${plural(summary.newlyRejectedNamespaces, 'namespace')} (${plural(summary.newlyRejectedPods, 'pod')}, ${plural(summary.newlyRejectedTemplates, 'template')})`,
    );
    for (const namespace of rejecting) for (const workload of namespace.newlyRejected) lines.push(...workloadLines(namespace.name, workload));
  }
  const already = whatIf.namespaces.filter((n) => n.pods.alreadyRejected + n.templates.alreadyRejected > 0);
  if (already.length > 0) {
    const parts = already.map((n) => `${printable(n.name)} (${[n.pods.alreadyRejected > 0 ? plural(n.pods.alreadyRejected, 'pod') : '', n.templates.alreadyRejected > 0 ? plural(n.templates.alreadyRejected, 'template') : ''].filter((s) => s !== '').join(', ')})`);
    lines.push(`  already violating today, not counted as new (psa-scan scan reports them): ${parts.join(', ')}`);
  }
  for (const namespace of whatIf.namespaces.filter((n) => !n.complete)) lines.push(`  NOT EVALUATED in full: ${printable(namespace.name)}: ${printable(namespace.because ?? '')}`);

  const psp = whatIf.podSecurityPolicy;
  if (psp === null) lines.push('  PodSecurityPolicy: could not be read');
  else if (psp.served && psp.names.length > 0) {
    lines.push(`  PodSecurityPolicy: served, ${psp.names.length} ${psp.names.length === 1 ? 'policy' : 'policies'} (${psp.names.map(printable).join(', ')})${upgrade.removesPodSecurityPolicy ? `; gone from v1.25, so the upgrade to ${upgrade.to} removes it` : ''}`);
    if (psp.reliantNamespaces.length > 0) {
      lines.push(`  namespaces only PodSecurityPolicy protects: ${psp.reliantNamespaces.length} (${summary.podSecurityPolicyReliantToProtect} to protect before the upgrade)`);
      lines.push(...column(psp.reliantNamespaces.map(relianceRow)));
    }
  }

  const errors = [...whatIf.errors.map((e) => ({ where: 'cluster', error: e })), ...whatIf.namespaces.flatMap((n) => n.errors.map((e) => ({ where: n.name, error: e })))];
  if (errors.length > 0) {
    lines.push('  errors:');
    for (const { where, error } of errors) lines.push(`    ${printable(where)}: ${error.kind}: ${printable(error.message)}`);
  }
  lines.push(
    summary.newlyRejectedWorkloads === 0
      ? `nothing would be newly rejected after the upgrade to ${upgrade.to}${whatIf.outcome === 'complete' ? '' : ' (as far as could be read: the what-if is incomplete)'}`
      : `${plural(summary.newlyRejectedWorkloads, 'workload')} would be newly rejected after the upgrade to ${upgrade.to}`,
  );
  return `${lines.join('\n')}\n`;
}
