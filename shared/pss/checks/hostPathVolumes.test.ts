import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { hostPathVolumes } from './hostPathVolumes.ts';
import { BASE_POD, JSON_NULL, expectAllowed, expectForbidden, runCheck, specOf, tweak } from './checks.test-support.ts';

describe('hostPathVolumes', () => {
  it('applies from v1.0 and allows other volumes and a null hostPath', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).volumes = [
        { name: 'scratch', emptyDir: {} },
        { name: 'nulled', hostPath: JSON_NULL, emptyDir: {} },
      ];
    });
    expectAllowed(runCheck(hostPathVolumes, v1(0), pod));
  });

  it('names one hostPath volume', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).volumes = [{ name: 'root', hostPath: { path: '/' } }];
    });
    expectForbidden(runCheck(hostPathVolumes, v1(37), pod), 'hostPath volumes', 'volume "root"');
  });

  it('lists hostPath volumes in spec order, even an empty hostPath object', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).volumes = [{ name: 'b', hostPath: {} }, { name: 'ok', emptyDir: {} }, { name: 'a', hostPath: { path: '/x' } }];
    });
    expectForbidden(runCheck(hostPathVolumes, v1(0), pod), 'hostPath volumes', 'volumes "b", "a"');
  });
});
