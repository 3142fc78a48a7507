// sysctls (baseline): upstream policy/check_sysctls.go.
//
// Only "safe" sysctls, namespaced to the pod and isolated from other pods on the node, are allowed.
// Fields: spec.securityContext.sysctls[*].name
// Allowed, by version (each adds to the previous):
//   v1.0:  kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
//          net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start
//   v1.27: net.ipv4.ip_local_reserved_ports
//   v1.29: net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
//          net.ipv4.tcp_keepalive_probes
//   v1.32: net.ipv4.tcp_rmem, net.ipv4.tcp_wmem
//   v1.37: net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat
// The detail lists forbidden names in pod order, duplicates kept, unquoted.

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { ALLOWED, forbidden, type CheckDefinition, type CheckPod } from './check-definition.ts';

const ALLOWED_1_0: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const ALLOWED_1_27 = [...ALLOWED_1_0, 'net.ipv4.ip_local_reserved_ports'];
const ALLOWED_1_29 = [
  ...ALLOWED_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const ALLOWED_1_32 = [...ALLOWED_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const ALLOWED_1_37 = [...ALLOWED_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsCheck(allowedNames: readonly string[]): CheckPod {
  const allowed: ReadonlySet<string> = new Set(allowedNames);
  return (_metadata: ObjectMeta, spec: PodSpec): CheckResult => {
    const sysctls = spec.securityContext?.sysctls;
    if (sysctls == null) return ALLOWED;
    let forbiddenNames: string[] | undefined;
    for (let i = 0; i < sysctls.length; i++) {
      // A null entry decodes in Go to a sysctl named "".
      const name = sysctls[i]?.name ?? '';
      if (!allowed.has(name)) (forbiddenNames ??= []).push(name);
    }
    if (forbiddenNames === undefined) return ALLOWED;
    return forbidden('forbidden sysctls', forbiddenNames.join(', '));
  };
}

const sysctls1_0 = sysctlsCheck(ALLOWED_1_0);
const sysctls1_27 = sysctlsCheck(ALLOWED_1_27);
const sysctls1_29 = sysctlsCheck(ALLOWED_1_29);
const sysctls1_32 = sysctlsCheck(ALLOWED_1_32);
const sysctls1_37 = sysctlsCheck(ALLOWED_1_37);

export const sysctls: CheckDefinition = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { minimumVersion: v1(0), checkPod: sysctls1_0 },
    { minimumVersion: v1(27), checkPod: sysctls1_27 },
    { minimumVersion: v1(29), checkPod: sysctls1_29 },
    { minimumVersion: v1(32), checkPod: sysctls1_32 },
    { minimumVersion: v1(37), checkPod: sysctls1_37 },
  ],
};
