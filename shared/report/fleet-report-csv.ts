// fleet.csv: one row per cluster, namespace and workload (a namespace with no violating workload
// gets one row with the workload columns empty, a cluster whose scan read no namespace one row with
// those empty too), so a spreadsheet filter on any column finds everything.
//
// Written by csv-stringify (node-csv): RFC 4180 quoting (CRLF records, fields holding a comma, a
// quote or a line break quoted, quotes doubled) and, with `escape_formulas`, the OWASP advice on
// CSV injection: a cell starting with = + - @ tab or CR (or their full-width forms) gets a leading
// single quote, so a spreadsheet shows it as text instead of running it as a formula
// (https://owasp.org/www-community/attacks/CSV_Injection). Cluster names, namespaces and check
// details come from clusters, so any cell can hold such text. Every text cell is quoted as well,
// the OWASP "wrap each cell" half, so nothing a value holds can start a new cell.
import { stringify } from 'csv-stringify/sync';
import type { ClusterReport, FleetReport, ReportNamespace, ReportWorkload, ViolationsAt } from './fleet-report-schema.ts';

export const CSV_COLUMNS = [
  'account',
  'region',
  'cluster',
  'kubernetes_version',
  'snapshot_key',
  'snapshot_sha256',
  'scanned_at',
  'scan_outcome',
  'namespace',
  'state',
  'enforce',
  'target',
  'workload_kind',
  'workload_name',
  'in_place_level',
  'in_place_pods',
  'in_place_template',
  'in_place_reasons',
  'at_target_level',
  'at_target_pods',
  'at_target_template',
  'at_target_reasons',
  'details',
  'why',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number>>;

function clusterCells(cluster: ClusterReport): Row {
  return {
    account: cluster.cluster.account,
    region: cluster.cluster.region,
    cluster: cluster.cluster.name,
    kubernetes_version: cluster.kubernetesVersion ?? '',
    snapshot_key: cluster.latest.key,
    snapshot_sha256: cluster.latest.sha256,
    scanned_at: cluster.latest.startedAt,
    scan_outcome: cluster.latest.outcome,
  };
}

function namespaceCells(namespace: ReportNamespace): Row {
  return { namespace: namespace.name, state: namespace.state, enforce: namespace.enforce, target: namespace.target, why: namespace.why };
}

function violationCells(prefix: 'in_place' | 'at_target', violations: ViolationsAt | null): Row {
  if (violations === null) return {};
  return {
    [`${prefix}_level`]: violations.levelVersion,
    [`${prefix}_pods`]: violations.pods,
    [`${prefix}_template`]: violations.template ? 'yes' : 'no',
    [`${prefix}_reasons`]: violations.reasons.join('; '),
  };
}

function workloadCells(workload: ReportWorkload): Row {
  const details = [...new Set([...(workload.inPlace?.details ?? []), ...(workload.atTarget?.details ?? [])])];
  return {
    workload_kind: workload.kind,
    workload_name: workload.name,
    ...violationCells('in_place', workload.inPlace),
    ...violationCells('at_target', workload.atTarget),
    details: details.join('; '),
  };
}

export function fleetReportRows(report: FleetReport): Row[] {
  const rows: Row[] = [];
  for (const cluster of report.clusters) {
    const base = clusterCells(cluster);
    if (cluster.namespaces.length === 0) rows.push(base);
    for (const namespace of cluster.namespaces) {
      const inNamespace = { ...base, ...namespaceCells(namespace) };
      if (namespace.workloads.length === 0) rows.push(inNamespace);
      for (const workload of namespace.workloads) rows.push({ ...inNamespace, ...workloadCells(workload) });
    }
  }
  return rows;
}

export function fleetReportCsv(report: FleetReport): string {
  return stringify(fleetReportRows(report), {
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    quoted_string: true,
    escape_formulas: true,
  });
}
