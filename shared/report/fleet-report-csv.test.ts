// fleet.csv read back by an independent RFC 4180 parser (csv-parse, node-csv's reader).
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, fleetReportCsv, fleetReportRows } from './fleet-report-csv.ts';
import type { FleetReport } from './fleet-report-schema.ts';
import { recordedFleetReport } from './report.test-support.ts';

function records(csv: string): string[][] {
  return parse(csv, { relax_column_count: false }) as string[][];
}

function renamed(report: FleetReport, name: string): FleetReport {
  return { ...report, clusters: report.clusters.map((c) => ({ ...c, cluster: { ...c.cluster, name } })) };
}

describe('fleetReportCsv', () => {
  it('has a header row, then one row per cluster, namespace and workload, CRLF-terminated', async () => {
    const { report } = await recordedFleetReport(7);
    const csv = fleetReportCsv(report);
    const [header, ...rows] = records(csv);
    // Outside quoted cells, every line ends with CRLF.
    const outsideQuotes = csv.replace(/"(?:[^"]|"")*"/g, '""');
    expect(outsideQuotes).not.toMatch(/[^\r]\n/);
    expect(outsideQuotes.split('\r\n')).toHaveLength(rows.length + 2);
    expect(header).toEqual([...CSV_COLUMNS]);
    const expected = report.clusters.reduce((n, c) => n + Math.max(1, c.namespaces.reduce((m, ns) => m + Math.max(1, ns.workloads.length), 0)), 0);
    expect(rows).toHaveLength(expected);
    const column = (name: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(name);
    const monolith = rows.find((r) => r[column('workload_name')] === 'monolith');
    expect(monolith?.[column('namespace')]).toBe('rpt-legacy');
    expect(monolith?.[column('in_place_level')]).toBe('baseline:latest');
    expect(monolith?.[column('in_place_pods')]).toBe('1');
    expect(monolith?.[column('in_place_reasons')]).toBe('privileged');
    expect(monolith?.[column('at_target_level')]).toBe('restricted:latest');
    expect(monolith?.[column('snapshot_sha256')]).toBe(report.clusters[0]?.latest.sha256);
    // A namespace with nothing violating is one row with the workload columns empty.
    const web = rows.filter((r) => r[column('namespace')] === 'rpt-web');
    expect(web).toHaveLength(1);
    expect(web[0]?.[column('workload_kind')]).toBe('');
  });

  it('reads back as exactly the rows it was made from, but for the formula guard', async () => {
    const { report } = await recordedFleetReport(7);
    const [, ...rows] = records(fleetReportCsv(report));
    const made = fleetReportRows(report).map((row) => CSV_COLUMNS.map((c) => String(row[c] ?? '')));
    const guarded = made.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
    expect(rows).toEqual(guarded);
  });

  it("keeps commas, quotes and line breaks inside one cell, and a cluster's markup as plain text", async () => {
    const { report } = await recordedFleetReport(7);
    const tricky = renamed(report, 'a,"b"\r\nc');
    const [, first] = records(fleetReportCsv(tricky));
    expect(first?.[CSV_COLUMNS.indexOf('cluster')]).toBe('a,"b"\r\nc');
    const [, ...rows] = records(fleetReportCsv(report));
    const details = rows.map((r) => r[CSV_COLUMNS.indexOf('details')]).find((d) => d?.includes('HYPERLINK'));
    expect(details).toBe('container "toolbox" must not include "<script>alert("cap")</script>", "=HYPERLINK("http://evil.invalid","x")" in securityContext.capabilities.add');
  });

  it.each(['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '\uFF1D1+1'])('prefixes a cell starting with %j with a single quote (OWASP)', async (name) => {
    const { report } = await recordedFleetReport(7);
    const [, first] = records(fleetReportCsv(renamed(report, name)));
    expect(first?.[CSV_COLUMNS.indexOf('cluster')]).toBe(`'${name}`);
  });

  it('guards the recorded hostile context name, which starts with "-"', async () => {
    const { report } = await recordedFleetReport(7);
    const name = report.clusters[1]?.cluster.name ?? '';
    expect(name).toMatch(/^-.*<img /);
    const [, ...rows] = records(fleetReportCsv(report));
    const hostile = rows.filter((r) => r[CSV_COLUMNS.indexOf('account')] === 'local');
    expect(hostile.length).toBeGreaterThan(0);
    for (const row of hostile) expect(row[CSV_COLUMNS.indexOf('cluster')]).toBe(`'${name}`);
  });

  it('writes numbers bare, never guarded, and every text cell quoted', async () => {
    const { report } = await recordedFleetReport(7);
    const csv = fleetReportCsv(report);
    const monolithLine = csv.split('\r\n').find((l) => l.includes('"monolith"'));
    expect(monolithLine).toContain('"baseline:latest",1,"yes"');
  });
});
