// The sections of the HTML report, each a function from the report to markup. Every value from a
// cluster or the store goes through html() (html-text.ts); ids and links are made of indexes only.
// Tables have captions and header cells with scope; each section is a region named by its heading.
import { clusterLabel } from '../fleet/cluster-identity.ts';
import { NAMESPACE_STATES, type NamespaceState } from '../snapshot/snapshot-schema.ts';
import type { ClusterReport, FleetReport, ReportCounts, ReportWorkload, ViolationsAt } from './fleet-report-schema.ts';
import { html, plain } from './html-text.ts';

export function clusterAnchor(index: number): string {
  return `cluster-${index + 1}`;
}

function badge(state: NamespaceState): string {
  return `<span class="badge state-${state}">${plain(state)}</span>`;
}

function byStateText(counts: ReportCounts): string {
  const parts = NAMESPACE_STATES.filter((state) => (counts.byState[state] ?? 0) > 0).map((state) => `<span class="state-count">${plain(counts.byState[state] ?? 0)} ${badge(state)}</span>`);
  return parts.length === 0 ? 'none' : parts.join('');
}

function numberCell(value: number): string {
  return `<td class="number">${plain(value)}</td>`;
}

function time(iso: string): string {
  return `<time datetime="${plain(iso)}">${plain(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time>`;
}

export function overviewSection(report: FleetReport): string {
  const { fleet } = report;
  const figure = (label: string, value: number): string => `<div><dt>${plain(label)}</dt><dd>${plain(value)}</dd></div>`;
  const rows = report.clusters
    .map(
      (cluster, index) => `<tr>
<th scope="row"><a href="#${clusterAnchor(index)}">${html(clusterLabel(cluster.cluster))}</a></th>
<td>${html(cluster.kubernetesVersion ?? 'unknown')}</td>
<td>${time(cluster.latest.startedAt)}${cluster.stale ? ' <strong>(not scanned on the last night)</strong>' : ''}</td>
<td>${plain(cluster.latest.outcome)}</td>
${numberCell(cluster.summary.namespaces)}
<td>${byStateText(cluster.summary)}</td>
${numberCell(cluster.summary.violatingPods)}
${numberCell(cluster.summary.blockingWorkloads)}
</tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="overview-heading">
<h2 id="overview-heading">Fleet state</h2>
<dl class="figures">
${figure('Clusters', fleet.clusters)}
${figure('Namespaces', fleet.namespaces)}
${figure('Pods violating enforce in place', fleet.violatingPods)}
${figure('Workloads blocking a target', fleet.blockingWorkloads)}
${figure('Clusters not scanned last night', fleet.stale)}
${figure('Degraded or failed scans', fleet.outcomes.degraded + fleet.outcomes.failed)}
</dl>
<table>
<caption>Each cluster's latest snapshot</caption>
<thead><tr><th scope="col">Cluster</th><th scope="col">Kubernetes</th><th scope="col">Scanned (UTC)</th><th scope="col">Outcome</th><th scope="col">Namespaces</th><th scope="col">Namespaces by state</th><th scope="col">Pods violating in place</th><th scope="col">Blocking workloads</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function trendTable(report: FleetReport): string {
  const stateHeaders = NAMESPACE_STATES.map((state) => `<th scope="col">${plain(state)}</th>`).join('');
  const rows = report.trend
    .map((night) => {
      const states = NAMESPACE_STATES.map((state) => numberCell(night.byState[state] ?? 0)).join('');
      return `<tr><th scope="row">${plain(night.night)}</th>${numberCell(night.clustersScanned)}${numberCell(night.violatingPods)}${numberCell(night.blockingWorkloads)}${states}</tr>`;
    })
    .join('\n');
  return `<table id="trend-table">
<caption>Per night, summed over the clusters scanned that night (of ${plain(report.fleet.clusters)})</caption>
<thead><tr><th scope="col">Night</th><th scope="col">Clusters scanned</th><th scope="col">Pods violating in place</th><th scope="col">Blocking workloads</th>${stateHeaders}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** A sentence per chart for screen readers: the series, night by night. */
function seriesText(report: FleetReport, pick: (night: FleetReport['trend'][number]) => number): string {
  return report.trend.map((night) => (night.clustersScanned === 0 ? `${night.night} no scan` : `${night.night} ${pick(night)}`)).join(', ');
}

export function trendSection(report: FleetReport): string {
  const { from, to, nights } = report.window;
  const violations = `Line chart of the fleet's violations per night from ${from} to ${to}. Pods violating the enforce level in place: ${seriesText(report, (n) => n.violatingPods)}. Workloads blocking a target: ${seriesText(report, (n) => n.blockingWorkloads)}.`;
  const latest = report.trend.at(-1);
  const states = `Stacked bar chart of the fleet's namespaces by state per night from ${from} to ${to}. On the last night: ${
    latest === undefined || latest.clustersScanned === 0
      ? 'no scan'
      : NAMESPACE_STATES.filter((s) => (latest.byState[s] ?? 0) > 0)
          .map((s) => `${latest.byState[s]} ${s}`)
          .join(', ') || 'no namespace'
  }. The table below has every night.`;
  return `<section aria-labelledby="trend-heading">
<h2 id="trend-heading">Trend over ${plain(nights)} night${nights === 1 ? '' : 's'} (${plain(from)} to ${plain(to)})</h2>
<div class="charts">
<figure aria-labelledby="chart-violations-caption">
<figcaption id="chart-violations-caption">Violations per night</figcaption>
<div class="chart"><canvas id="chart-violations" role="img" aria-label="${plain(violations)}"></canvas></div>
</figure>
<figure aria-labelledby="chart-states-caption">
<figcaption id="chart-states-caption">Namespaces by state per night</figcaption>
<div class="chart"><canvas id="chart-states" role="img" aria-label="${plain(states)}"></canvas></div>
</figure>
</div>
<details>
<summary>The trend as a table</summary>
${trendTable(report)}
</details>
</section>`;
}

function violationCell(violations: ViolationsAt | null): string {
  if (violations === null) return '<td>no</td>';
  const pods = violations.pods === 0 ? 'no live pod' : `${violations.pods} pod${violations.pods === 1 ? '' : 's'}`;
  const template = violations.template ? ', template' : '';
  return `<td><code class="level">${html(violations.levelVersion)}</code>: ${plain(pods)}${template}<ul class="tight">${violations.reasons.map((r) => `<li>${html(r)}</li>`).join('')}</ul></td>`;
}

function detailsCell(workload: ReportWorkload): string {
  const details = [...new Set([...(workload.inPlace?.details ?? []), ...(workload.atTarget?.details ?? [])])];
  return `<td><ul class="tight">${details.map((d) => `<li>${html(d)}</li>`).join('')}</ul></td>`;
}

export function blockingSection(report: FleetReport): string {
  const rows: string[] = [];
  report.clusters.forEach((cluster, index) => {
    for (const namespace of cluster.namespaces) {
      for (const workload of namespace.workloads) {
        rows.push(`<tr>
<td><a href="#${clusterAnchor(index)}">${html(clusterLabel(cluster.cluster))}</a></td>
<td>${html(namespace.name)}</td>
<th scope="row">${html(`${workload.kind}/${workload.name}`)}</th>
${violationCell(workload.inPlace)}
${violationCell(workload.atTarget)}
${detailsCell(workload)}
</tr>`);
      }
    }
  });
  const body =
    rows.length === 0
      ? '<p>No workload violates its namespace\'s enforce level or blocks its target.</p>'
      : `<table>
<caption>Workloads that violate the enforce level in place or block the namespace's target, with the reasons</caption>
<thead><tr><th scope="col">Cluster</th><th scope="col">Namespace</th><th scope="col">Workload</th><th scope="col">Violates enforce in place</th><th scope="col">Blocks the target</th><th scope="col">What to fix</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  return `<section aria-labelledby="blocking-heading">
<h2 id="blocking-heading">Blocking workloads (${plain(rows.length)})</h2>
${body}
</section>`;
}

function changesList(cluster: ClusterReport): string {
  const { since, findings } = cluster.changes;
  const intro = since === null ? 'The first snapshot of this cluster.' : `Since the snapshot of ${time(since.startedAt)}:`;
  if (findings.length === 0) return `<p>${intro} no change.</p>`;
  const items = findings
    .map((f) => `<li><span class="badge severity-${plain(f.severity)}">${plain(f.severity)}</span> ${html(f.summary)}</li>`)
    .join('\n');
  return `<p>${intro}</p>\n<ul>\n${items}\n</ul>`;
}

function namespaceTable(cluster: ClusterReport, label: string): string {
  if (cluster.namespaces.length === 0) return '<p>The latest scan read no namespace.</p>';
  const rows = cluster.namespaces
    .map(
      (ns) => `<tr><th scope="row">${html(ns.name)}</th><td>${badge(ns.state)}</td><td><code class="level">${html(ns.enforce)}</code>${ns.enforceLabelled ? '' : ' (default)'}</td><td><code class="level">${html(ns.target)}</code></td>${numberCell(ns.pods)}${numberCell(ns.workloads.length)}<td>${html(ns.why)}${ns.errors.length > 0 ? `<ul class="tight">${ns.errors.map((e) => `<li>${html(e)}</li>`).join('')}</ul>` : ''}</td></tr>`,
    )
    .join('\n');
  return `<table>
<caption>Namespaces of ${label}</caption>
<thead><tr><th scope="col">Namespace</th><th scope="col">State</th><th scope="col">Enforce</th><th scope="col">Target</th><th scope="col">Pods</th><th scope="col">Violating workloads</th><th scope="col">Why</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function nightsTable(cluster: ClusterReport, label: string): string {
  if (cluster.nights.length === 0) return '<p>No scan in the window.</p>';
  const rows = cluster.nights
    .map((n) => `<tr><th scope="row">${plain(n.night)}</th><td>${plain(n.outcome)}</td>${numberCell(n.namespaces)}<td>${byStateText(n)}</td>${numberCell(n.violatingPods)}${numberCell(n.blockingWorkloads)}</tr>`)
    .join('\n');
  return `<details>
<summary>Night by night</summary>
<table>
<caption>The last snapshot of each night for ${label}</caption>
<thead><tr><th scope="col">Night</th><th scope="col">Outcome</th><th scope="col">Namespaces</th><th scope="col">By state</th><th scope="col">Pods violating in place</th><th scope="col">Blocking workloads</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</details>`;
}

export function clusterSection(cluster: ClusterReport, index: number): string {
  const label = html(clusterLabel(cluster.cluster));
  const id = clusterAnchor(index);
  const errors =
    cluster.errors.length === 0 ? '' : `<h3>Scan errors</h3>\n<ul>${cluster.errors.map((e) => `<li>${html(`${e.kind}: ${e.message}`)}</li>`).join('')}</ul>`;
  return `<section id="${id}" aria-labelledby="${id}-heading">
<h2 id="${id}-heading">Cluster ${label}</h2>
<dl class="facts">
<dt>Kubernetes</dt><dd>${html(cluster.kubernetesVersion ?? 'unknown')}${cluster.podSecurityPolicyServed === true ? ' (serves PodSecurityPolicy)' : ''}</dd>
<dt>Latest snapshot</dt><dd><code>${html(cluster.latest.key)}</code></dd>
<dt>SHA-256</dt><dd><code>${plain(cluster.latest.sha256)}</code></dd>
<dt>Scanned (UTC)</dt><dd>${time(cluster.latest.startedAt)} to ${time(cluster.latest.finishedAt)}, ${plain(cluster.latest.outcome)}${cluster.stale ? ', <strong>not scanned on the last night</strong>' : ''}</dd>
</dl>
${errors}
<h3>Changes</h3>
${changesList(cluster)}
<h3>Namespaces</h3>
${namespaceTable(cluster, label)}
${nightsTable(cluster, label)}
</section>`;
}

export function sourcesSection(report: FleetReport): string {
  const rows = report.sources
    .map(
      (s) => `<tr><td>${html(clusterLabel(s.cluster))}</td><th scope="row"><code>${html(s.key)}</code></th><td><code>${plain(s.sha256)}</code></td><td>${time(s.startedAt)}</td><td>${plain(s.usedFor.join(', '))}</td></tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="sources-heading">
<h2 id="sources-heading">Snapshots this report was built from (${plain(report.sources.length)})</h2>
<p>Each is an object of the store <code>${html(report.store)}</code>; its SHA-256 is that of its stored bytes. <code>psa-scan verify --store ${html(report.store)}</code> checks every cluster's hash chain.</p>
<table>
<caption>Source snapshots, their SHA-256 and what the report used them for</caption>
<thead><tr><th scope="col">Cluster</th><th scope="col">Key</th><th scope="col">SHA-256</th><th scope="col">Started (UTC)</th><th scope="col">Used for</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}
