import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { runAsNonRoot } from './runAsNonRoot.ts';
import {
  BASE_POD,
  JSON_NULL,
  expectAllowed,
  expectForbidden,
  podSecurityContext,
  runCheck,
  securityContextOf,
  specOf,
  tweak,
} from './checks.test-support.ts';

const REASON = 'runAsNonRoot != true';

const unsetEverywhere = tweak(BASE_POD, (p) => {
  delete podSecurityContext(p).runAsNonRoot;
});

describe('runAsNonRoot', () => {
  it('applies from v1.0 and allows pod-level true inherited by containers', () => {
    expectAllowed(runCheck(runAsNonRoot, v1(0), BASE_POD));
  });

  it('allows every container setting true without a pod-level value', () => {
    const pod = tweak(unsetEverywhere, (p) => {
      securityContextOf(p, 'init').runAsNonRoot = true;
      securityContextOf(p, 'app').runAsNonRoot = true;
    });
    expectAllowed(runCheck(runAsNonRoot, v1(0), pod));
  });

  it('asks the pod or the containers that leave it unset (or null) to set true', () => {
    const pod = tweak(unsetEverywhere, (p) => {
      securityContextOf(p, 'app').runAsNonRoot = JSON_NULL;
    });
    expectForbidden(
      runCheck(runAsNonRoot, v1(0), pod),
      REASON,
      'pod or containers "init", "app" must set securityContext.runAsNonRoot=true',
    );
    const oneSet = tweak(unsetEverywhere, (p) => {
      securityContextOf(p, 'init').runAsNonRoot = true;
    });
    expectForbidden(runCheck(runAsNonRoot, v1(0), oneSet), REASON, 'pod or container "app" must set securityContext.runAsNonRoot=true');
  });

  it('reports explicit false before unset containers: the pod, then containers, joined by "and"', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).runAsNonRoot = false;
      securityContextOf(p, 'app').runAsNonRoot = false;
    });
    expectForbidden(
      runCheck(runAsNonRoot, v1(0), pod),
      REASON,
      'pod and container "app" must not set securityContext.runAsNonRoot=false',
    );
  });

  it('reports a container setting false even when the pod sets true', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'init').runAsNonRoot = false;
      securityContextOf(p, 'app').runAsNonRoot = false;
    });
    expectForbidden(
      runCheck(runAsNonRoot, v1(0), pod),
      REASON,
      'containers "init", "app" must not set securityContext.runAsNonRoot=false',
    );
  });

  it('ignores hostUsers=false until v1.34 and allows anything in a user namespace from v1.35', () => {
    const pod = tweak(unsetEverywhere, (p) => {
      specOf(p).hostUsers = false;
      podSecurityContext(p).runAsNonRoot = false;
    });
    expectForbidden(runCheck(runAsNonRoot, v1(34), pod), REASON, 'pod must not set securityContext.runAsNonRoot=false');
    expectAllowed(runCheck(runAsNonRoot, v1(35), pod));
    const hostUsersNull = tweak(pod, (p) => {
      specOf(p).hostUsers = JSON_NULL;
    });
    expectForbidden(runCheck(runAsNonRoot, v1(35), hostUsersNull), REASON, 'pod must not set securityContext.runAsNonRoot=false');
  });
});
