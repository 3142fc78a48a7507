// hostProbesAndHostLifecycle (baseline): upstream policy/check_hostProbesAndhostLifecycle.go
// (the file name has a lower-case h; the check ID has an upper-case H).
//
// Probes and lifecycle handlers must not name a host: kubelet would connect there on the pod's behalf.
// Fields: spec.{initContainers,containers,ephemeralContainers}[*].
//           {livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host
//           lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host
// Allowed: "", undefined
// Unlike the other checks, containers are listed distinct and sorted by name, not in visiting order.
// v1.34: first definition; the check does not exist at earlier versions.

import type { Handler, ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { joinQuote, pluralize } from './detail-format.ts';
import { containerName, forEachContainer } from './pod-fields.ts';

/** Hosts a probe or lifecycle handler names, httpGet before tcpSocket. */
function addHosts(handler: Handler | null | undefined, hosts: string[] | undefined): string[] | undefined {
  if (handler == null) return hosts;
  const httpHost = handler.httpGet?.host;
  if (httpHost != null && httpHost !== '') (hosts ??= []).push(httpHost);
  const tcpHost = handler.tcpSocket?.host;
  if (tcpHost != null && tcpHost !== '') (hosts ??= []).push(tcpHost);
  return hosts;
}

function hostProbesAndHostLifecycle1_34(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  let badContainers: string[] | undefined;
  let hosts: string[] | undefined;
  forEachContainer(spec, (container) => {
    let found = addHosts(container.livenessProbe, undefined);
    found = addHosts(container.readinessProbe, found);
    found = addHosts(container.startupProbe, found);
    const lifecycle = container.lifecycle;
    if (lifecycle != null) {
      found = addHosts(lifecycle.postStart, found);
      found = addHosts(lifecycle.preStop, found);
    }
    if (found === undefined) return;
    (badContainers ??= []).push(containerName(container));
    (hosts ??= []).push(...found);
  });

  if (badContainers === undefined) return ALLOWED;
  const containers = sortedDistinct(badContainers);
  const distinctHosts = sortedDistinct(hosts ?? []);
  return forbidden(
    'probe or lifecycle host',
    `${pluralize('container', 'containers', containers.length)} ${joinQuote(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinctHosts.length)} ${joinQuote(distinctHosts)}`,
  );
}

export const hostProbesAndHostLifecycle: CheckDefinition = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minimumVersion: v1(34), checkPod: hostProbesAndHostLifecycle1_34 }],
};
