import { describe, expect, it } from 'vitest';
import { v1 } from '../version.ts';
import { capabilities_restricted } from './capabilities_restricted.ts';
import { definitionInForce } from './check-definition.ts';
import {
  BASE_POD,
  containerNamed,
  expectAllowed,
  expectForbidden,
  runCheck,
  securityContextOf,
  specOf,
  tweak,
} from './checks.test-support.ts';

const REASON = 'unrestricted capabilities';

describe('capabilities_restricted', () => {
  it('does not exist before v1.22, and overrides capabilities_baseline in both definitions', () => {
    expect(definitionInForce(capabilities_restricted, v1(21))).toBeUndefined();
    expect(capabilities_restricted.versions.map((version) => version.overrides)).toEqual([
      ['capabilities_baseline'],
      ['capabilities_baseline'],
    ]);
  });

  it('allows containers that drop ALL and add only NET_BIND_SERVICE', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').capabilities = { drop: ['NET_RAW', 'ALL'], add: ['NET_BIND_SERVICE'] };
    });
    expectAllowed(runCheck(capabilities_restricted, v1(22), pod));
    expectAllowed(runCheck(capabilities_restricted, v1(25), pod));
  });

  it('requires drop to contain exactly "ALL"', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').capabilities = { drop: ['all'] };
    });
    expectForbidden(
      runCheck(capabilities_restricted, v1(22), pod),
      REASON,
      'container "app" must set securityContext.capabilities.drop=["ALL"]',
    );
  });

  it('reports missing drops before forbidden adds, joined by "; "', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'init').capabilities = { add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] };
      securityContextOf(p, 'app').capabilities = { drop: ['ALL'], add: ['CHOWN', 'NET_RAW', 'CHOWN'] };
      specOf(p).ephemeralContainers = [{ name: 'debug' }];
    });
    expectForbidden(
      runCheck(capabilities_restricted, v1(22), pod),
      REASON,
      'containers "init", "debug" must set securityContext.capabilities.drop=["ALL"]; ' +
        'containers "init", "app" must not include "CHOWN", "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
    );
  });

  it('reports a container without capabilities only as missing drop ALL', () => {
    const pod = tweak(BASE_POD, (p) => {
      delete securityContextOf(p, 'app').capabilities;
    });
    expectForbidden(
      runCheck(capabilities_restricted, v1(25), pod),
      REASON,
      'container "app" must set securityContext.capabilities.drop=["ALL"]',
    );
  });

  it('exempts Windows pods from v1.25 only', () => {
    const windows = tweak(BASE_POD, (p) => {
      specOf(p).os = { name: 'windows' };
      delete containerNamed(p, 'app').securityContext;
    });
    expectForbidden(
      runCheck(capabilities_restricted, v1(24), windows),
      REASON,
      'container "app" must set securityContext.capabilities.drop=["ALL"]',
    );
    expectAllowed(runCheck(capabilities_restricted, v1(25), windows));
  });
});
