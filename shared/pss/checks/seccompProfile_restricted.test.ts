import { describe, expect, it } from 'vitest';
import { v1 } from '../version.ts';
import { definitionInForce } from './check-definition.ts';
import { seccompProfile_restricted } from './seccompProfile_restricted.ts';
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

const REASON = 'seccompProfile';
const MUST_SET = 'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"';

const noPodProfile = tweak(BASE_POD, (p) => {
  delete podSecurityContext(p).seccompProfile;
});

describe('seccompProfile_restricted', () => {
  it('does not exist before v1.19, and overrides seccompProfile_baseline in both definitions', () => {
    expect(definitionInForce(seccompProfile_restricted, v1(18))).toBeUndefined();
    expect(seccompProfile_restricted.versions.map((version) => version.overrides)).toEqual([
      ['seccompProfile_baseline'],
      ['seccompProfile_baseline'],
    ]);
  });

  it('allows a valid pod profile inherited by containers, or every container setting one', () => {
    expectAllowed(runCheck(seccompProfile_restricted, v1(19), BASE_POD));
    const pod = tweak(noPodProfile, (p) => {
      securityContextOf(p, 'init').seccompProfile = { type: 'Localhost', localhostProfile: 'x' };
      securityContextOf(p, 'app').seccompProfile = { type: 'RuntimeDefault' };
    });
    expectAllowed(runCheck(seccompProfile_restricted, v1(25), pod));
  });

  it('asks the pod or the containers without a profile to set one', () => {
    expectForbidden(runCheck(seccompProfile_restricted, v1(19), noPodProfile), REASON, `pod or containers "init", "app" ${MUST_SET}`);
    const oneSet = tweak(noPodProfile, (p) => {
      securityContextOf(p, 'init').seccompProfile = { type: 'RuntimeDefault' };
    });
    expectForbidden(runCheck(seccompProfile_restricted, v1(19), oneSet), REASON, `pod or container "app" ${MUST_SET}`);
  });

  it('does not let an invalid pod profile cover containers, and reports explicit bad types first', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).seccompProfile = { type: 'Unconfined' };
    });
    expectForbidden(
      runCheck(seccompProfile_restricted, v1(19), pod),
      REASON,
      'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    );
  });

  it('names containers with bad types, sorted distinct types', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'init').seccompProfile = { type: 'Unconfined' };
      securityContextOf(p, 'app').seccompProfile = { type: 'Bogus' };
    });
    expectForbidden(
      runCheck(seccompProfile_restricted, v1(37), pod),
      REASON,
      'containers "init", "app" must not set securityContext.seccompProfile.type to "Bogus", "Unconfined"',
    );
  });

  it('exempts Windows pods from v1.25 only', () => {
    const windows = tweak(noPodProfile, (p) => {
      specOf(p).os = { name: 'windows' };
    });
    expectForbidden(runCheck(seccompProfile_restricted, v1(24), windows), REASON, `pod or containers "init", "app" ${MUST_SET}`);
    expectAllowed(runCheck(seccompProfile_restricted, v1(25), windows));
  });
});
