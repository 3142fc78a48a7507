import { describe, it } from 'vitest';
import { v1 } from '../version.ts';
import { appArmorProfile } from './appArmorProfile.ts';
import {
  BASE_POD,
  JSON_NULL,
  expectAllowed,
  expectForbidden,
  podSecurityContext,
  runCheck,
  securityContextOf,
  tweak,
} from './checks.test-support.ts';

const PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function withAnnotations(annotations: Record<string, string>) {
  return tweak(BASE_POD, (p) => {
    p.metadata = { ...p.metadata, annotations };
  });
}

describe('appArmorProfile', () => {
  it('applies from v1.0 with one definition', () => {
    expectAllowed(runCheck(appArmorProfile, v1(0), BASE_POD));
  });

  it('allows RuntimeDefault and Localhost types on pod and containers', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).appArmorProfile = { type: 'RuntimeDefault' };
      securityContextOf(p, 'app').appArmorProfile = { type: 'Localhost', localhostProfile: 'x' };
    });
    expectAllowed(runCheck(appArmorProfile, v1(37), pod));
  });

  it('allows runtime/default, localhost/ and empty annotation values, and ignores other annotations', () => {
    const pod = withAnnotations({
      [`${PREFIX}a`]: 'runtime/default',
      [`${PREFIX}b`]: 'localhost/',
      [`${PREFIX}c`]: '',
      [`${PREFIX}d`]: JSON_NULL,
      'other.example.com/e': 'unconfined',
    });
    expectAllowed(runCheck(appArmorProfile, v1(0), pod));
  });

  it('forbids an Unconfined pod profile', () => {
    const pod = tweak(BASE_POD, (p) => {
      podSecurityContext(p).appArmorProfile = { type: 'Unconfined' };
    });
    expectForbidden(
      runCheck(appArmorProfile, v1(0), pod),
      'forbidden AppArmor profile',
      'pod must not set AppArmor profile type to "Unconfined"',
    );
  });

  it('treats a profile object without a type as type ""', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').appArmorProfile = {};
    });
    expectForbidden(
      runCheck(appArmorProfile, v1(0), pod),
      'forbidden AppArmor profile',
      'container "app" must not set AppArmor profile type to ""',
    );
  });

  it('lists sorted distinct types, then sorted annotations, with plural reason, setters joined by "and"', () => {
    const pod = tweak(BASE_POD, (p) => {
      p.metadata = {
        annotations: { [`${PREFIX}z`]: 'unconfined', [`${PREFIX}`]: 'bogus', [`${PREFIX}ok`]: 'runtime/default' },
      };
      podSecurityContext(p).appArmorProfile = { type: 'Unconfined' };
      securityContextOf(p, 'app').appArmorProfile = { type: 'Unconfined' };
      securityContextOf(p, 'init').appArmorProfile = { type: 'Bogus' };
    });
    expectForbidden(
      runCheck(appArmorProfile, v1(0), pod),
      'forbidden AppArmor profiles',
      'pod and containers "init", "app" and annotations must not set AppArmor profile type to ' +
        `"Bogus", "Unconfined", "${PREFIX}="bogus"", "${PREFIX}z="unconfined""`,
    );
  });

  it('counts one bad type and one annotation as two profiles, and one annotation alone as singular', () => {
    const one = withAnnotations({ [`${PREFIX}app`]: 'unconfined' });
    expectForbidden(
      runCheck(appArmorProfile, v1(0), one),
      'forbidden AppArmor profile',
      `annotation must not set AppArmor profile type to "${PREFIX}app="unconfined""`,
    );
    const two = tweak(one, (p) => {
      securityContextOf(p, 'app').appArmorProfile = { type: 'Unconfined' };
    });
    expectForbidden(
      runCheck(appArmorProfile, v1(0), two),
      'forbidden AppArmor profiles',
      `container "app" and annotation must not set AppArmor profile type to "Unconfined", "${PREFIX}app="unconfined""`,
    );
  });

  it('quotes annotation values the way Go %q does', () => {
    const pod = withAnnotations({ [`${PREFIX}app`]: 'a"b\\c\n\u00e9\u0085\u{1f600}' });
    expectForbidden(
      runCheck(appArmorProfile, v1(0), pod),
      'forbidden AppArmor profile',
      `annotation must not set AppArmor profile type to "${PREFIX}app="a\\"b\\\\c\\n\u00e9\\u0085\u{1f600}""`,
    );
  });
});
