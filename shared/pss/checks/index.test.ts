import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './index.ts';
import { UPSTREAM_CHECK_VERSIONS } from './checks.test-support.ts';

describe('ALL_CHECKS', () => {
  it('holds every upstream check, at its level, with its upstream minimum versions', () => {
    const registered = Object.fromEntries(
      ALL_CHECKS.map((check) => [
        check.id,
        { level: check.level, minors: check.versions.map((version) => version.minimumVersion.minor) },
      ]),
    );
    expect(registered).toEqual(UPSTREAM_CHECK_VERSIONS);
    expect(ALL_CHECKS).toHaveLength(19);
  });

  it('uses only version 1 minimum versions, never latest', () => {
    const versions = ALL_CHECKS.flatMap((check) => check.versions.map((version) => version.minimumVersion));
    expect(versions.every((version) => version.major === 1 && !version.latest)).toBe(true);
  });
});
