import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { hostPorts } from './hostPorts.ts';
import {
  BASE_POD,
  containerNamed,
  expectAllowed,
  expectForbidden,
  restrictedContainer,
  runCheck,
  specOf,
  tweak,
} from './checks.test-support.ts';

describe('hostPorts', () => {
  it('applies from v1.0 and allows container ports without a host port or with hostPort 0', () => {
    const pod = tweak(BASE_POD, (p) => {
      containerNamed(p, 'app').ports = [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }];
    });
    expectAllowed(runCheck(hostPorts, v1(0), pod));
  });

  it('names one container and one port in the singular', () => {
    const pod = tweak(BASE_POD, (p) => {
      containerNamed(p, 'app').ports = [{ containerPort: 80, hostPort: 20 }];
    });
    expectForbidden(runCheck(hostPorts, v1(37), pod), 'hostPort', 'container "app" uses hostPort 20');
  });

  it('lists containers in visiting order and distinct ports sorted as strings', () => {
    const pod = tweak(BASE_POD, (p) => {
      containerNamed(p, 'init').ports = [{ hostPort: 9 }, { hostPort: 8080 }];
      containerNamed(p, 'app').ports = [{ hostPort: 10 }, { hostPort: 9 }];
      specOf(p).ephemeralContainers = [{ ...restrictedContainer('debug'), ports: [{ hostPort: 100 }] }];
    });
    expectForbidden(runCheck(hostPorts, v1(0), pod), 'hostPort', 'containers "init", "app", "debug" use hostPorts 10, 100, 8080, 9');
  });

  it('uses the plural for one container with several distinct ports', () => {
    const pod = tweak(BASE_POD, (p) => {
      containerNamed(p, 'app').ports = [{ hostPort: 443 }, { hostPort: 443 }, { hostPort: 80 }];
    });
    expectForbidden(runCheck(hostPorts, v1(0), pod), 'hostPort', 'container "app" uses hostPorts 443, 80');
  });
});
