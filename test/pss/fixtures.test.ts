// Upstream conformance pods (../shared/pss-fixtures, from k8s.io/pod-security-admission test/):
// at each level and version folder, every `pass` pod is allowed and every `fail` pod denied.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALL_CHECKS } from '../../shared/pss/checks/index.ts';
import { definitionInForce } from '../../shared/pss/checks/check-definition.ts';
import { evaluatePod, forbiddenDetail } from '../../shared/pss/evaluate.ts';
import type { PodUnderTest } from '../../shared/pss/pod.ts';
import { withApiserverDefaults } from '../../shared/manifest/apiserver-defaults.ts';
import type { JsonObject } from '../../shared/manifest/json-value.ts';
import { listFixtures, type FixtureFile } from '../support/pss-fixtures.ts';

type Fixture = FixtureFile;

let fixtures: Fixture[] = [];

beforeAll(() => {
  fixtures = listFixtures();
});

/**
 * Check IDs a fail fixture may be denied by: the check its file is named after (lower-cased ID plus a
 * number), or at restricted the check overriding it at that version (e.g. hostPathVolumes fixtures
 * are denied by restrictedVolumes).
 */
function expectedDeniers(fixture: Fixture): string[] {
  const stem = path.basename(fixture.file, '.yaml').replace(/[0-9]+$/, '');
  const named = ALL_CHECKS.find((check) => check.id.toLowerCase() === stem);
  if (named === undefined) throw new Error(`fixture ${fixture.file} names no known check`);
  const overriders = ALL_CHECKS.filter(
    (check) =>
      fixture.lv.level === 'restricted' &&
      (definitionInForce(check, fixture.lv.version)?.overrides ?? []).includes(named.id),
  );
  return [named.id, ...overriders.map((check) => check.id)];
}

/**
 * The fixtures are requests to an apiserver, which defaults a pod before admission sees it;
 * restrictedvolumes0 relies on a sourceless volume becoming an emptyDir ("implicit empty dir" in
 * upstream test/fixtures_restrictedVolumes.go). evaluatePod, like upstream's policy package, does not default.
 */
function asAdmitted(pod: PodUnderTest & { spec: JsonObject }): PodUnderTest {
  return { ...pod, spec: withApiserverDefaults(pod.spec, true) };
}

describe('upstream PSS conformance fixtures', () => {
  it('finds more than 3000 fixtures, both passing and failing', () => {
    expect(fixtures.length).toBeGreaterThan(3000);
    expect(fixtures.some((fixture) => fixture.expectAllowed)).toBe(true);
    expect(fixtures.some((fixture) => !fixture.expectAllowed)).toBe(true);
  });

  it('allows every pass pod and denies every fail pod at its level and version', () => {
    const mismatches: string[] = [];
    let evaluated = 0;
    for (const fixture of fixtures) {
      const pod = asAdmitted(parse(readFileSync(fixture.file, 'utf8')) as PodUnderTest & { spec: JsonObject });
      const verdict = evaluatePod(fixture.lv, pod);
      evaluated++;
      const where = fixture.name;
      if (verdict.allowed !== fixture.expectAllowed) {
        mismatches.push(`${where}: ${verdict.allowed ? 'allowed' : forbiddenDetail(verdict)}`);
      } else if (!fixture.expectAllowed) {
        const deniers = expectedDeniers(fixture);
        if (!verdict.violations.some((violation) => deniers.includes(violation.check))) {
          mismatches.push(`${where}: denied by ${forbiddenDetail(verdict)}, not by ${deniers.join(' or ')}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(evaluated).toBeGreaterThan(3000);
  });
});
