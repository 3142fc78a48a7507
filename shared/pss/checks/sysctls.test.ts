import { describe, expect, it } from 'vitest';
import { v1, type Version } from '../version.ts';
import { sysctls } from './sysctls.ts';
import { BASE_POD, JSON_NULL, expectAllowed, expectForbidden, podSecurityContext, runCheck, tweak } from './checks.test-support.ts';

function withSysctls(...names: string[]) {
  return tweak(BASE_POD, (p) => {
    podSecurityContext(p).sysctls = names.map((name) => ({ name, value: '1' }));
  });
}

function allowedAt(version: Version, name: string): boolean {
  return runCheck(sysctls, version, withSysctls(name)).allowed;
}

describe('sysctls', () => {
  it('allows the v1.0 safe set from v1.0', () => {
    const pod = withSysctls(
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    );
    expectAllowed(runCheck(sysctls, v1(0), pod));
  });

  it('lists forbidden names unquoted, in pod order, duplicates kept', () => {
    expectForbidden(
      runCheck(sysctls, v1(37), withSysctls('b', 'kernel.shm_rmid_forced', 'a', 'b')),
      'forbidden sysctls',
      'b, a, b',
    );
  });

  it('treats a null entry as a sysctl named ""', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).sysctls = [JSON_NULL];
    });
    expectForbidden(runCheck(sysctls, v1(0), pod), 'forbidden sysctls', '');
  });

  it.each([
    [27, ['net.ipv4.ip_local_reserved_ports']],
    [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
    [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
    [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
  ] as const)('allows the names added in v1.%i from that version on, not before', (minor, names) => {
    for (const name of names) {
      expect(allowedAt(v1(minor - 1), name), `${name} at v1.${minor - 1}`).toBe(false);
      expect(allowedAt(v1(minor), name), `${name} at v1.${minor}`).toBe(true);
    }
    expectForbidden(runCheck(sysctls, v1(minor - 1), withSysctls(...names)), 'forbidden sysctls', names.join(', '));
  });
});
