import { describe, expect, it } from 'vitest';
import { v1 } from '../version.ts';
import { definitionInForce } from './check-definition.ts';
import { runAsUser } from './runAsUser.ts';
import {
  BASE_POD,
  expectAllowed,
  expectForbidden,
  podSecurityContext,
  runCheck,
  securityContextOf,
  specOf,
  tweak,
} from './checks.test-support.ts';

const rootEverywhere = tweak(BASE_POD, (p) => {
  podSecurityContext(p).runAsUser = 0;
  securityContextOf(p, 'init').runAsUser = 0;
  securityContextOf(p, 'app').runAsUser = 0;
});

describe('runAsUser', () => {
  it('does not exist before v1.23', () => {
    expect(definitionInForce(runAsUser, v1(22))).toBeUndefined();
  });

  it('allows unset and non-zero users', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).runAsUser = 1000;
      securityContextOf(p, 'app').runAsUser = 1;
    });
    expectAllowed(runCheck(runAsUser, v1(23), pod));
  });

  it('names the pod alone', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).runAsUser = 0;
    });
    expectForbidden(runCheck(runAsUser, v1(23), pod), 'runAsUser=0', 'pod must not set runAsUser=0');
  });

  it('names the pod, then containers, joined by "and"', () => {
    expectForbidden(
      runCheck(runAsUser, v1(34), rootEverywhere),
      'runAsUser=0',
      'pod and containers "init", "app" must not set runAsUser=0',
    );
  });

  it('allows UID 0 in a user namespace from v1.35 only', () => {
    const pod = tweak(rootEverywhere, (p) => {
      specOf(p).hostUsers = false;
    });
    expect(runCheck(runAsUser, v1(34), pod).allowed).toBe(false);
    expectAllowed(runCheck(runAsUser, v1(35), pod));
  });
});
