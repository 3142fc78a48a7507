// What one apiserver counted, from its Prometheus /metrics (read as the admin with the kubectl built
// beside it): the scanner's requests, the ones API Priority and Fairness refused with 429, and the
// dry-run namespace PATCHes. The scanner's requests are told apart by their flow schema: the admin
// (system:masters) and the apiserver's own loopback client are classified `exempt`; the scanner, an
// authenticated user in group psa-scanner, lands in `global-default` (Kubernetes' suggested flow
// schemas; on EKS too, unless the cluster owner adds one), or in the bench's own schema under
// --throttle. Counting every non-exempt flow schema takes both. Counters only grow: a night's
// figures are the difference of two readings.
import { runTool } from '../harness/run-tool.ts';

export interface ApiserverCounts {
  /** Requests APF let through, outside the exempt flow schema. */
  readonly scannerRequests: number;
  /** Requests APF refused (429), outside the exempt flow schema. */
  readonly rejected: number;
  /** apiserver_request_total for PATCH namespaces with dryRun=All, any code. */
  readonly dryRunPatches: number;
  /** Seconds those requests executed in the apiserver (apiserver_flowcontrol_request_execution_seconds). */
  readonly executionSeconds: number;
  /** Seats APF's work estimator gave them, summed (1 per request unless a list is large). */
  readonly estimatedSeats: number;
}

/** The first APF limit of `priorityLevel` the apiserver reports, for the model's etiquette section. */
export interface PriorityLevelSeats {
  readonly priorityLevel: string;
  /** apiserver_flowcontrol_nominal_limit_seats */
  readonly nominalSeats: number;
  /** Sum of nominal seats over every priority level: the server's concurrency limit. */
  readonly serverSeats: number;
}

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

function samples(text: string, name: string): Sample[] {
  const found: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? '';
    const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    found.push({ name, labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) });
  }
  return found;
}

const sum = (list: readonly Sample[]): number => list.reduce((total, s) => total + s.value, 0);

export function countsOf(metricsText: string): ApiserverCounts {
  const notExempt = (s: Sample): boolean => s.labels['flow_schema'] !== undefined && s.labels['flow_schema'] !== 'exempt';
  return {
    scannerRequests: sum(samples(metricsText, 'apiserver_flowcontrol_dispatched_requests_total').filter(notExempt)),
    rejected: sum(samples(metricsText, 'apiserver_flowcontrol_rejected_requests_total').filter(notExempt)),
    dryRunPatches: sum(
      samples(metricsText, 'apiserver_request_total').filter((s) => s.labels['verb'] === 'PATCH' && s.labels['resource'] === 'namespaces' && s.labels['dry_run'] === 'All'),
    ),
    executionSeconds: sum(samples(metricsText, 'apiserver_flowcontrol_request_execution_seconds_sum').filter(notExempt)),
    estimatedSeats: sum(samples(metricsText, 'apiserver_flowcontrol_work_estimated_seats_sum').filter(notExempt)),
  };
}

export function seatsOf(metricsText: string, priorityLevel: string): PriorityLevelSeats {
  const limits = samples(metricsText, 'apiserver_flowcontrol_nominal_limit_seats');
  const own = limits.find((s) => s.labels['priority_level'] === priorityLevel);
  if (own === undefined) throw new Error(`the apiserver reports no apiserver_flowcontrol_nominal_limit_seats for ${priorityLevel}`);
  return { priorityLevel, nominalSeats: own.value, serverSeats: sum(limits.filter((s) => s.labels['priority_level'] !== 'exempt')) };
}

export function difference(after: ApiserverCounts, before: ApiserverCounts): ApiserverCounts {
  return {
    scannerRequests: after.scannerRequests - before.scannerRequests,
    rejected: after.rejected - before.rejected,
    dryRunPatches: after.dryRunPatches - before.dryRunPatches,
    executionSeconds: after.executionSeconds - before.executionSeconds,
    estimatedSeats: after.estimatedSeats - before.estimatedSeats,
  };
}

export async function readMetrics(kubectl: string, adminKubeconfig: string): Promise<string> {
  const { stdout } = await runTool(kubectl, ['--kubeconfig', adminKubeconfig, 'get', '--raw', '/metrics'], { what: 'kubectl get --raw /metrics' });
  return stdout;
}
