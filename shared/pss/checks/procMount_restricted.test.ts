import { describe, expect, it } from 'vitest';
import { v1 } from '../version.ts';
import { definitionInForce } from './check-definition.ts';
import { procMount_restricted } from './procMount_restricted.ts';
import { BASE_POD, expectAllowed, expectForbidden, runCheck, securityContextOf, specOf, tweak } from './checks.test-support.ts';

describe('procMount_restricted', () => {
  it('does not exist before v1.35, and overrides the baseline procMount check', () => {
    expect(definitionInForce(procMount_restricted, v1(34))).toBeUndefined();
    expect(procMount_restricted.versions.map((version) => version.overrides)).toEqual([['procMount']]);
  });

  it('allows Default', () => {
    const pod = tweak(BASE_POD, (p) => {
      securityContextOf(p, 'app').procMount = 'Default';
    });
    expectAllowed(runCheck(procMount_restricted, v1(35), pod));
  });

  it('forbids Unmasked even in a user namespace', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).hostUsers = false;
      securityContextOf(p, 'app').procMount = 'Unmasked';
    });
    expectForbidden(
      runCheck(procMount_restricted, v1(37), pod),
      'procMount',
      'container "app" must not set securityContext.procMount to "Unmasked"',
    );
  });
});
