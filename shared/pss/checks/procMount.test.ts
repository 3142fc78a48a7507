import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { procMount } from './procMount.ts';
import {
  BASE_POD,
  JSON_NULL,
  expectAllowed,
  expectForbidden,
  runCheck,
  securityContextOf,
  specOf,
  tweak,
} from './checks.test-support.ts';

const unmasked = tweak(BASE_POD, (p) => {
  securityContextOf(p, 'app').procMount = 'Unmasked';
});
const unmaskedInUserNamespace = tweak(unmasked, (p) => {
  specOf(p).hostUsers = false;
});

describe('procMount', () => {
  it('applies from v1.0 and allows Default, null and unset', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').procMount = 'Default';
      securityContextOf(p, 'init').procMount = JSON_NULL;
    });
    expectAllowed(runCheck(procMount, v1(0), pod));
  });

  it('forbids Unmasked', () => {
    expectForbidden(
      runCheck(procMount, v1(0), unmasked),
      'procMount',
      'container "app" must not set securityContext.procMount to "Unmasked"',
    );
  });

  it('forbids an explicit empty value and lists distinct values sorted', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'init').procMount = 'other';
      securityContextOf(p, 'app').procMount = '';
    });
    expectForbidden(
      runCheck(procMount, v1(0), tweak(pod, (p) => (securityContextOf(p, 'app').procMount = 'Unmasked'))),
      'procMount',
      'containers "init", "app" must not set securityContext.procMount to "Unmasked", "other"',
    );
    expectForbidden(
      runCheck(procMount, v1(0), pod),
      'procMount',
      'containers "init", "app" must not set securityContext.procMount to "", "other"',
    );
  });

  it('ignores hostUsers=false until v1.34', () => {
    expectForbidden(
      runCheck(procMount, v1(34), unmaskedInUserNamespace),
      'procMount',
      'container "app" must not set securityContext.procMount to "Unmasked"',
    );
  });

  it('allows any value in a user namespace from v1.35, but only for hostUsers=false exactly', () => {
    expectAllowed(runCheck(procMount, v1(35), unmaskedInUserNamespace));
    const hostUsersTrue = tweak(unmasked, (p) => {
      specOf(p).hostUsers = true;
    });
    expectForbidden(
      runCheck(procMount, v1(35), hostUsersTrue),
      'procMount',
      'container "app" must not set securityContext.procMount to "Unmasked"',
    );
  });
});
