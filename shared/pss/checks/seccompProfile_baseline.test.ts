import { describe, expect, it } from 'vitest';
import { v1 } from '../version.ts';
import { seccompProfile_baseline } from './seccompProfile_baseline.ts';
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

const POD_KEY = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function withAnnotations(annotations: Record<string, string>) {
  return tweak(BASE_POD, (p) => {
    p.metadata = { ...p.metadata, annotations };
  });
}

const unconfinedField = tweak(BASE_POD, (p) => {
  podSecurityContext(p).seccompProfile = { type: 'Unconfined' };
});

describe('seccompProfile_baseline', () => {
  describe('v1.0 (annotations)', () => {
    it('allows runtime/default, docker/default and localhost/ annotations and ignores securityContext', () => {
      const pod = tweak(unconfinedField, (p) => {
        p.metadata = {
          annotations: {
            [POD_KEY]: 'runtime/default',
            [`${CONTAINER_PREFIX}init`]: 'docker/default',
            [`${CONTAINER_PREFIX}app`]: 'localhost/profile.json',
          },
        };
      });
      expectAllowed(runCheck(seccompProfile_baseline, v1(0), pod));
    });

    it('forbids the pod annotation, with Go quoting of the value', () => {
      expectForbidden(
        runCheck(seccompProfile_baseline, v1(18), withAnnotations({ [POD_KEY]: 'unconfined' })),
        'seccompProfile',
        `forbidden annotation ${POD_KEY}="unconfined"`,
      );
    });

    it('treats present-but-empty and null annotations as forbidden', () => {
      expectForbidden(
        runCheck(seccompProfile_baseline, v1(0), withAnnotations({ [POD_KEY]: JSON_NULL, [`${CONTAINER_PREFIX}app`]: '' })),
        'seccompProfile',
        `forbidden annotations ${CONTAINER_PREFIX}app="", ${POD_KEY}=""`,
      );
    });

    it('reads container annotations only for containers in the pod, sorted and distinct', () => {
      const pod = tweak(withAnnotations({
        [POD_KEY]: 'unconfined',
        [`${CONTAINER_PREFIX}b`]: 'unknown',
        [`${CONTAINER_PREFIX}a`]: 'unconfined',
        [`${CONTAINER_PREFIX}ghost`]: 'unconfined',
      }), (p) => {
        specOf(p).containers = [{ name: 'b' }, { name: 'a' }];
        specOf(p).ephemeralContainers = [{ name: 'b' }];
      });
      expectForbidden(
        runCheck(seccompProfile_baseline, v1(0), pod),
        'seccompProfile',
        `forbidden annotations ${CONTAINER_PREFIX}a="unconfined", ${CONTAINER_PREFIX}b="unknown", ${POD_KEY}="unconfined"`,
      );
    });
  });

  describe('v1.19 (securityContext fields)', () => {
    it('ignores annotations', () => {
      expectAllowed(runCheck(seccompProfile_baseline, v1(19), withAnnotations({ [POD_KEY]: 'unconfined' })));
    });

    it('allows RuntimeDefault, Localhost and no profile', () => {
      const pod = tweak(BASE_POD, (p) => {
        securityContextOf(p, 'app').seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
      });
      expectAllowed(runCheck(seccompProfile_baseline, v1(19), pod));
      expect(runCheck(seccompProfile_baseline, v1(19), tweak(BASE_POD, (p) => delete podSecurityContext(p).seccompProfile)).allowed).toBe(true);
    });

    it('forbids the pod type', () => {
      expectForbidden(
        runCheck(seccompProfile_baseline, v1(19), unconfinedField),
        'seccompProfile',
        'pod must not set securityContext.seccompProfile.type to "Unconfined"',
      );
    });

    it('names pod and containers, types sorted and distinct, a missing type as ""', () => {
      const pod = tweak(unconfinedField, (p) => {
        securityContextOf(p, 'init').seccompProfile = {};
        securityContextOf(p, 'app').seccompProfile = { type: 'Unconfined' };
      });
      expectForbidden(
        runCheck(seccompProfile_baseline, v1(37), pod),
        'seccompProfile',
        'pod and containers "init", "app" must not set securityContext.seccompProfile.type to "", "Unconfined"',
      );
    });
  });
});
