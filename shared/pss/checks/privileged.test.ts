import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { privileged } from './privileged.ts';
import {
  BASE_POD,
  JSON_NULL,
  expectAllowed,
  expectForbidden,
  restrictedContainer,
  runCheck,
  securityContextOf,
  specOf,
  tweak,
} from './checks.test-support.ts';

describe('privileged', () => {
  it('applies from v1.0 and allows false, null and unset', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').privileged = false;
      securityContextOf(p, 'init').privileged = JSON_NULL;
    });
    expectAllowed(runCheck(privileged, v1(0), pod));
  });

  it('names one privileged container', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').privileged = true;
    });
    expectForbidden(runCheck(privileged, v1(37), pod), 'privileged', 'container "app" must not set securityContext.privileged=true');
  });

  it('lists init, regular then ephemeral containers', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).ephemeralContainers = [{ ...restrictedContainer('debug'), securityContext: { privileged: true } }];
      securityContextOf(p, 'app').privileged = true;
      securityContextOf(p, 'init').privileged = true;
    });
    expectForbidden(
      runCheck(privileged, v1(0), pod),
      'privileged',
      'containers "init", "app", "debug" must not set securityContext.privileged=true',
    );
  });
});
