import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from './checks/check-definition.ts';
import { ALL_CHECKS } from './checks/index.ts';
import { knownVersions, NEWEST_KNOWN_MINOR } from './known-versions.ts';
import { buildCheckRegistry, newestMinimumMinor } from './registry.ts';
import { v1 } from './version.ts';

describe('knownVersions', () => {
  it('ends at the version the registry evaluates latest as', () => {
    // Act
    const versions = knownVersions();

    // Assess
    expect(versions[0]).toEqual(v1(0));
    expect(versions.at(-1)).toEqual(buildCheckRegistry(ALL_CHECKS).newestVersion);
    expect(versions).toHaveLength(NEWEST_KNOWN_MINOR + 1);
  });

  it('follows a newer check definition', () => {
    // Prepare: a v1.N definition one past the newest known.
    const newer: CheckDefinition = {
      id: 'futureCheck',
      level: 'baseline',
      versions: [{ minimumVersion: v1(NEWEST_KNOWN_MINOR + 1), checkPod: () => ({ allowed: true }) }],
    };

    // Act / Assess
    expect(newestMinimumMinor([...ALL_CHECKS, newer])).toBe(NEWEST_KNOWN_MINOR + 1);
  });
});
