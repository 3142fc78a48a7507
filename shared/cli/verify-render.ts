// What `psa-scan verify` prints. Keys, cluster names and messages come from the store (anyone who
// can write to it chooses them), so they are printed safe: quoted when they hold control, bidi or
// other non-printable characters, so that no object name can forge or hide a report line.
import { clusterLabel } from '../fleet/cluster-identity.ts';
import type { ChainReport, VerifyReport } from '../store/verify-chain.ts';
import { safeJson, safeText } from './safe-text.ts';

function clusterLine(report: ChainReport): string {
  const label = safeText(clusterLabel(report.cluster));
  const state = report.problems.length === 0 ? 'intact' : `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`;
  const count = report.count === null ? 'no readable pointer' : `pointer counts ${report.count}`;
  const times = report.first === null ? '' : `, ${report.first} .. ${report.last}`;
  return `${label}: ${state}, ${report.length} snapshot${report.length === 1 ? '' : 's'} (${count})${times}\n`;
}

export function renderVerifyText(report: VerifyReport): string {
  let out = `store ${safeText(report.location)}\n`;
  for (const cluster of report.clusters) {
    out += clusterLine(cluster);
    for (const problem of cluster.problems) out += `  ${problem.kind}: ${safeText(problem.message)}\n`;
    if (cluster.pending !== null) out += `  pending: ${safeText(cluster.pending)} is staged, not yet final (an append was interrupted; the next one completes it)\n`;
  }
  for (const stray of report.strays) out += `stray: ${safeText(stray.message)}\n`;
  const broken = report.clusters.filter((c) => c.problems.length > 0).length;
  out += `${report.clusters.length} cluster${report.clusters.length === 1 ? '' : 's'}, ${report.clusters.length - broken} intact, ${broken} with problems`;
  out += report.strays.length > 0 ? `, ${report.strays.length} stray object${report.strays.length === 1 ? '' : 's'}\n` : '\n';
  return out;
}

export function renderVerifyJson(report: VerifyReport): string {
  const document = {
    store: report.location,
    intact: report.intact,
    clusters: report.clusters.map((c) => ({
      account: c.cluster.account,
      region: c.cluster.region,
      name: c.cluster.name,
      intact: c.problems.length === 0,
      length: c.length,
      count: c.count,
      first: c.first,
      last: c.last,
      pending: c.pending,
      problems: c.problems,
    })),
    strays: report.strays,
  };
  return `${safeJson(document, 2)}\n`;
}
