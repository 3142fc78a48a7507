import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { windowsHostProcess } from './windowsHostProcess.ts';
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

const DETAIL_TAIL = 'must not set securityContext.windowsOptions.hostProcess=true';

describe('windowsHostProcess', () => {
  it('applies from v1.0 and allows false, null and unset', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).windowsOptions = { hostProcess: false };
      securityContextOf(p, 'app').windowsOptions = { hostProcess: JSON_NULL, runAsUserName: 'x' };
    });
    expectAllowed(runCheck(windowsHostProcess, v1(0), pod));
  });

  it('names the pod, then containers, joined by "and", on Windows pods too', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).os = { name: 'windows' };
      podSecurityContext(p).windowsOptions = { hostProcess: true };
      securityContextOf(p, 'init').windowsOptions = { hostProcess: true };
      securityContextOf(p, 'app').windowsOptions = { hostProcess: true };
    });
    expectForbidden(runCheck(windowsHostProcess, v1(37), pod), 'hostProcess', `pod and containers "init", "app" ${DETAIL_TAIL}`);
  });

  it('names one container alone', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').windowsOptions = { hostProcess: true };
    });
    expectForbidden(runCheck(windowsHostProcess, v1(0), pod), 'hostProcess', `container "app" ${DETAIL_TAIL}`);
  });
});
