// Facts read back out of a sweep, in words, for the lines people read (state, findings, reports).
import type { Sweep } from './snapshot-schema.ts';

/** Live pods violating the sweep's level: the server's count when its answer decides, else the engine's. */
export function violatingPods(sweep: Sweep): number {
  return sweep.verdictSource === 'server' && sweep.dryRun?.violatingPods != null ? sweep.dryRun.violatingPods : sweep.offline.violatingPods;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `2 pods and 1 template`, or `nothing`. */
export function violatorCount(sweep: Sweep): string {
  const pods = violatingPods(sweep);
  const templates = sweep.offline.violatingTemplates;
  const parts = [pods > 0 ? count(pods, 'pod') : '', templates > 0 ? count(templates, 'template') : ''];
  return parts.filter((p) => p !== '').join(' and ') || 'nothing';
}

/** `Deployment/api, CronJob/export and 3 more`. */
export function workloadList(workloads: readonly { readonly kind: string; readonly name: string }[], shown = 3): string {
  const names = workloads.map((w) => `${w.kind}/${w.name}`);
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
