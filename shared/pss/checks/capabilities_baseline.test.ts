import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { capabilities_baseline } from './capabilities_baseline.ts';
import { BASE_POD, JSON_NULL, expectAllowed, expectForbidden, runCheck, securityContextOf, tweak } from './checks.test-support.ts';

const REASON = 'non-default capabilities';

describe('capabilities_baseline', () => {
  it('applies from v1.0 and allows no added capabilities', () => {
    expectAllowed(runCheck(capabilities_baseline, v1(0), BASE_POD));
  });

  it('allows adding capabilities from the default set', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').capabilities = {
        add: ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE'],
      };
      securityContextOf(p, 'init').capabilities = { add: ['SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'] };
    });
    expectAllowed(runCheck(capabilities_baseline, v1(37), pod));
  });

  it('names one container and one capability', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').capabilities = { add: ['NET_RAW'] };
    });
    expectForbidden(
      runCheck(capabilities_baseline, v1(0), pod),
      REASON,
      'container "app" must not include "NET_RAW" in securityContext.capabilities.add',
    );
  });

  it('lists containers in visiting order and capabilities sorted and distinct, case-sensitive and without CAP_ prefix', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').capabilities = { add: ['SYS_ADMIN', 'chown', 'CHOWN'] };
      securityContextOf(p, 'init').capabilities = { add: ['CAP_CHOWN', 'SYS_ADMIN', JSON_NULL] };
    });
    expectForbidden(
      runCheck(capabilities_baseline, v1(0), pod),
      REASON,
      'containers "init", "app" must not include "", "CAP_CHOWN", "SYS_ADMIN", "chown" in securityContext.capabilities.add',
    );
  });
});
