import { describe, expect, it } from 'vitest';
import { v1 } from '../version.ts';
import { definitionInForce } from './check-definition.ts';
import { hostProbesAndHostLifecycle } from './hostProbesAndHostLifecycle.ts';
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

const REASON = 'probe or lifecycle host';

describe('hostProbesAndHostLifecycle', () => {
  it('does not exist before v1.34', () => {
    expect(definitionInForce(hostProbesAndHostLifecycle, v1(33))).toBeUndefined();
  });

  it('allows probes and handlers without a host or with an empty host', () => {
    const pod = tweak(BASE_POD, (p) => {
      const app = containerNamed(p, 'app');
      app.livenessProbe = { httpGet: { port: 8080, host: '' } };
      app.readinessProbe = { tcpSocket: { port: 8080 } };
      app.startupProbe = { exec: { command: ['true'] } };
      app.lifecycle = { preStop: { httpGet: { port: 8080 } }, postStart: { sleep: { seconds: 1 } } };
    });
    expectAllowed(runCheck(hostProbesAndHostLifecycle, v1(34), pod));
  });

  it('names one container and one host', () => {
    const pod = tweak(BASE_POD, (p) => {
      containerNamed(p, 'app').livenessProbe = { httpGet: { port: 80, host: 'invalid.host' } };
    });
    expectForbidden(
      runCheck(hostProbesAndHostLifecycle, v1(34), pod),
      REASON,
      'container "app" uses probe or lifecycle host "invalid.host"',
    );
  });

  it('checks every probe and lifecycle handler, listing hosts sorted and distinct', () => {
    const pod = tweak(BASE_POD, (p) => {
      const app = containerNamed(p, 'app');
      app.readinessProbe = { tcpSocket: { port: 80, host: 'localhost' } };
      app.startupProbe = { httpGet: { port: 80, host: '::1' } };
      app.lifecycle = { postStart: { tcpSocket: { port: 80, host: '127.0.0.1' } }, preStop: { httpGet: { port: 80, host: 'localhost' } } };
    });
    expectForbidden(
      runCheck(hostProbesAndHostLifecycle, v1(37), pod),
      REASON,
      'container "app" uses probe or lifecycle hosts "127.0.0.1", "::1", "localhost"',
    );
  });

  it('lists containers sorted and distinct rather than in visiting order', () => {
    const pod = tweak(BASE_POD, (p) => {
      containerNamed(p, 'init').livenessProbe = { httpGet: { port: 80, host: 'b.com' } };
      containerNamed(p, 'app').lifecycle = { preStop: { httpGet: { port: 80, host: 'a.com' } } };
      specOf(p).ephemeralContainers = [{ ...restrictedContainer('app'), startupProbe: { tcpSocket: { port: 1, host: 'a.com' } } }];
    });
    expectForbidden(
      runCheck(hostProbesAndHostLifecycle, v1(34), pod),
      REASON,
      'containers "app", "init" use probe or lifecycle hosts "a.com", "b.com"',
    );
  });
});
