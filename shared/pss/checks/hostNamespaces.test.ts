import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { hostNamespaces } from './hostNamespaces.ts';
import { BASE_POD, JSON_NULL, expectAllowed, expectForbidden, runCheck, specOf, tweak } from './checks.test-support.ts';

describe('hostNamespaces', () => {
  it('applies from v1.0 and allows false, null and unset', () => {
    expectAllowed(runCheck(hostNamespaces, v1(0), BASE_POD));
    const pod = tweak(BASE_POD, (p) => {
      Object.assign(specOf(p), { hostNetwork: false, hostPID: JSON_NULL });
    });
    expectAllowed(runCheck(hostNamespaces, v1(37), pod));
  });

  it('names one shared namespace', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).hostPID = true;
    });
    expectForbidden(runCheck(hostNamespaces, v1(0), pod), 'host namespaces', 'hostPID=true');
  });

  it('lists network, PID then IPC', () => {
    const pod = tweak(BASE_POD, (p) => {
      Object.assign(specOf(p), { hostIPC: true, hostPID: true, hostNetwork: true });
    });
    expectForbidden(runCheck(hostNamespaces, v1(0), pod), 'host namespaces', 'hostNetwork=true, hostPID=true, hostIPC=true');
  });
});
