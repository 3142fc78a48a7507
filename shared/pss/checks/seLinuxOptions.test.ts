import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { seLinuxOptions } from './seLinuxOptions.ts';
import {
  BASE_POD,
  expectAllowed,
  expectForbidden,
  podSecurityContext,
  runCheck,
  securityContextOf,
  tweak,
} from './checks.test-support.ts';

const REASON = 'seLinuxOptions';

const engineType = tweak(BASE_POD, (p) => {
  securityContextOf(p, 'app').seLinuxOptions = { type: 'container_engine_t' };
});

describe('seLinuxOptions', () => {
  it('applies from v1.0 and allows the container types, an empty type and any level', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' };
      securityContextOf(p, 'init').seLinuxOptions = { type: 'container_init_t', user: '', role: '' };
      securityContextOf(p, 'app').seLinuxOptions = { type: 'container_kvm_t' };
    });
    expectAllowed(runCheck(seLinuxOptions, v1(0), pod));
    expectAllowed(runCheck(seLinuxOptions, v1(0), tweak(BASE_POD, (p) => (podSecurityContext(p).seLinuxOptions = {}))));
  });

  it('forbids container_engine_t until v1.30 and allows it from v1.31', () => {
    expectForbidden(
      runCheck(seLinuxOptions, v1(30), engineType),
      REASON,
      'container "app" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
    );
    expectAllowed(runCheck(seLinuxOptions, v1(31), engineType));
  });

  it('reports the pod alone for each kind of problem', () => {
    const user = tweak(BASE_POD, (p) => (podSecurityContext(p).seLinuxOptions = { user: 'system_u' }));
    expectForbidden(runCheck(seLinuxOptions, v1(0), user), REASON, 'pod set forbidden securityContext.seLinuxOptions: user may not be set');
    const role = tweak(BASE_POD, (p) => (podSecurityContext(p).seLinuxOptions = { role: 'object_r' }));
    expectForbidden(runCheck(seLinuxOptions, v1(0), role), REASON, 'pod set forbidden securityContext.seLinuxOptions: role may not be set');
  });

  it('joins setters with "and" and problems with "; ", types sorted and distinct', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).seLinuxOptions = { type: 'foo', role: 'r' };
      securityContextOf(p, 'init').seLinuxOptions = { type: 'bar' };
      securityContextOf(p, 'app').seLinuxOptions = { type: 'foo', user: 'u' };
    });
    expectForbidden(
      runCheck(seLinuxOptions, v1(37), pod),
      REASON,
      'pod and containers "init", "app" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
    );
  });
});
