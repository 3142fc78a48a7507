import { describe, expect, it } from 'vitest';
import { v1 } from '../version.ts';
import { allowPrivilegeEscalation } from './allowPrivilegeEscalation.ts';
import { definitionInForce } from './check-definition.ts';
import {
  BASE_POD,
  JSON_NULL,
  containerNamed,
  expectAllowed,
  expectForbidden,
  restrictedContainer,
  runCheck,
  securityContextOf,
  specOf,
  tweak,
} from './checks.test-support.ts';

const REASON = 'allowPrivilegeEscalation != false';

describe('allowPrivilegeEscalation', () => {
  it('does not exist before v1.8', () => {
    expect(definitionInForce(allowPrivilegeEscalation, v1(7))).toBeUndefined();
  });

  it('allows containers that set allowPrivilegeEscalation=false at v1.8 and v1.25', () => {
    expectAllowed(runCheck(allowPrivilegeEscalation, v1(8), BASE_POD));
    expectAllowed(runCheck(allowPrivilegeEscalation, v1(25), BASE_POD));
  });

  it('names one container that sets true, in the singular', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').allowPrivilegeEscalation = true;
    });
    expectForbidden(
      runCheck(allowPrivilegeEscalation, v1(8), pod),
      REASON,
      'container "app" must set securityContext.allowPrivilegeEscalation=false',
    );
  });

  it('treats unset, null and a missing securityContext as escalation allowed, listing init, regular then ephemeral containers', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).ephemeralContainers = [{ name: 'debug', securityContext: { allowPrivilegeEscalation: JSON_NULL } }];
      delete containerNamed(p, 'app').securityContext;
      securityContextOf(p, 'init').allowPrivilegeEscalation = undefined;
    });
    expectForbidden(
      runCheck(allowPrivilegeEscalation, v1(37), pod),
      REASON,
      'containers "init", "app", "debug" must set securityContext.allowPrivilegeEscalation=false',
    );
  });

  it('keeps duplicate container names, as upstream lists every bad container', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).containers = [{ name: 'twin' }, { name: 'twin' }, restrictedContainer('ok')];
    });
    expectForbidden(
      runCheck(allowPrivilegeEscalation, v1(8), pod),
      REASON,
      'containers "twin", "twin" must set securityContext.allowPrivilegeEscalation=false',
    );
  });

  it('exempts Windows pods from v1.25 only', () => {
    const windows = tweak(BASE_POD, (p) => {
      specOf(p).os = { name: 'windows' };
      delete containerNamed(p, 'app').securityContext;
    });
    expectForbidden(
      runCheck(allowPrivilegeEscalation, v1(24), windows),
      REASON,
      'container "app" must set securityContext.allowPrivilegeEscalation=false',
    );
    expectAllowed(runCheck(allowPrivilegeEscalation, v1(25), windows));
  });

  it('does not exempt an os name other than exactly "windows"', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).os = { name: 'Windows' };
      delete containerNamed(p, 'app').securityContext;
    });
    expect(runCheck(allowPrivilegeEscalation, v1(25), pod).allowed).toBe(false);
  });
});
