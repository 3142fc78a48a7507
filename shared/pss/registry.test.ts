import { describe, expect, it } from 'vitest';
import { ALLOWED, type CheckDefinition, type VersionedCheck } from './checks/check-definition.ts';
import { ALL_CHECKS } from './checks/index.ts';
import type { Level } from './level.ts';
import { buildCheckRegistry, InvalidCheckError } from './registry.ts';
import { LATEST, v1, type Version } from './version.ts';

const pass = (): typeof ALLOWED => ALLOWED;

function at(minor: number, overrides?: string[]): VersionedCheck {
  return { minimumVersion: v1(minor), checkPod: pass, overrides };
}

function check(id: string, level: Level, versions: VersionedCheck[]): CheckDefinition {
  return { id, level, versions };
}

function idsAt(level: Level, version: Version, definitions: readonly CheckDefinition[] = ALL_CHECKS): string[] {
  return buildCheckRegistry(definitions)
    .checkSet({ level, version })
    .checks.map((scheduled) => scheduled.id);
}

function refusal(definitions: CheckDefinition[]): InvalidCheckError {
  try {
    buildCheckRegistry(definitions);
  } catch (error) {
    if (error instanceof InvalidCheckError) return error;
    throw error;
  }
  throw new Error('registry accepted invalid checks');
}

describe('check registry refuses bad data, naming the check', () => {
  it.each([
    ['a duplicate ID', [check('dup', 'baseline', [at(0)]), check('dup', 'restricted', [at(1)])], 'dup', 'multiple checks registered for ID dup'],
    ['an unknown level', [check('odd', 'superuser' as Level, [at(0)])], 'odd', 'check odd: invalid level superuser'],
    ['the privileged level', [check('priv', 'privileged', [at(0)])], 'priv', 'check priv: invalid level privileged'],
    ['no versions', [check('none', 'baseline', [])], 'none', 'check none: empty'],
    ['latest as a minimum version', [check('late', 'baseline', [{ minimumVersion: LATEST, checkPod: pass }])], 'late', "check late: version cannot be 'latest'"],
    ['a major version other than 1', [check('major', 'baseline', [{ minimumVersion: { major: 2, minor: 0, latest: false }, checkPod: pass }])], 'major', 'check major: invalid version v2.0'],
    ['a repeated version', [check('twice', 'baseline', [at(3), at(3)])], 'twice', 'check twice: duplicate version v1.3'],
    ['decreasing versions', [check('down', 'baseline', [at(5), at(4)])], 'down', 'check down: versions must be strictly increasing'],
    ['overrides on a baseline check', [check('b1', 'baseline', [at(0)]), check('b2', 'baseline', [at(0, ['b1'])])], 'b2', 'check b2: only restricted checks may set overrides'],
    ['an override of a restricted check', [check('r1', 'restricted', [at(0)]), check('r2', 'restricted', [at(0, ['r1'])])], 'r2', 'check r2: overrides restricted check r1'],
    ['an override of an unknown check', [check('r', 'restricted', [at(0, ['typo'])])], 'r', 'check r: overrides unknown check typo'],
  ] as const)('refuses %s', (_case, definitions, id, message) => {
    const error = refusal([...definitions]);
    expect(error.checkId).toBe(id);
    expect(error.message).toBe(message);
  });

  it('accepts the upstream checks', () => {
    expect(buildCheckRegistry(ALL_CHECKS).newestVersion).toEqual(v1(37));
  });
});

describe('check registry table', () => {
  const baselineAt37 = [
    'appArmorProfile',
    'capabilities_baseline',
    'hostNamespaces',
    'hostPathVolumes',
    'hostPorts',
    'hostProbesAndHostLifecycle',
    'privileged',
    'procMount',
    'seLinuxOptions',
    'seccompProfile_baseline',
    'sysctls',
    'windowsHostProcess',
  ];

  it('orders baseline checks by ID in byte order (upper case before lower case)', () => {
    expect(idsAt('baseline', v1(37))).toEqual(baselineAt37);
  });

  it('runs non-overridden baseline checks, then restricted checks, each by ID', () => {
    expect(idsAt('restricted', v1(37))).toEqual([
      'appArmorProfile',
      'hostNamespaces',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'seLinuxOptions',
      'sysctls',
      'windowsHostProcess',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'procMount_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
  });

  it('applies an override only while the overriding definition is in force', () => {
    expect(idsAt('restricted', v1(0))).toEqual([
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
      'restrictedVolumes',
      'runAsNonRoot',
    ]);
    expect(idsAt('restricted', v1(21))).toContain('capabilities_baseline');
    expect(idsAt('restricted', v1(22))).not.toContain('capabilities_baseline');
    expect(idsAt('restricted', v1(18))).toContain('seccompProfile_baseline');
    expect(idsAt('restricted', v1(19))).not.toContain('seccompProfile_baseline');
    expect(idsAt('restricted', v1(34))).toContain('procMount');
    expect(idsAt('restricted', v1(35))).not.toContain('procMount');
  });

  it('schedules the definition in force at each version', () => {
    const registry = buildCheckRegistry(ALL_CHECKS);
    const sysctlsAt = (minor: number) =>
      registry.checkSet({ level: 'baseline', version: v1(minor) }).checks.find((scheduled) => scheduled.id === 'sysctls')
        ?.minimumVersion.minor;
    expect([0, 26, 27, 28, 29, 31, 32, 36, 37].map(sysctlsAt)).toEqual([0, 0, 27, 27, 29, 29, 32, 32, 37]);
  });

  it('evaluates latest and versions newer than the newest as the newest', () => {
    const registry = buildCheckRegistry(ALL_CHECKS);
    const newest = registry.checkSet({ level: 'restricted', version: v1(37) });
    expect(registry.checkSet({ level: 'restricted', version: LATEST })).toBe(newest);
    expect(registry.checkSet({ level: 'restricted', version: v1(99) })).toBe(newest);
    expect(registry.checkSet({ level: 'restricted', version: { major: 2, minor: 0, latest: false } })).toBe(newest);
  });

  it('runs nothing at privileged, nor below v1.0 where upstream has no entry', () => {
    const registry = buildCheckRegistry(ALL_CHECKS);
    expect(registry.checkSet({ level: 'privileged', version: v1(37) }).checks).toEqual([]);
    expect(registry.checkSet({ level: 'baseline', version: { major: 0, minor: 9, latest: false } }).checks).toEqual([]);
  });

  it('extends the table to the newest minimum version of any check', () => {
    const definitions = [check('a', 'baseline', [at(0)]), check('b', 'restricted', [at(3), at(40)])];
    const registry = buildCheckRegistry(definitions);
    expect(registry.newestVersion).toEqual(v1(40));
    expect(idsAt('restricted', LATEST, definitions)).toEqual(['a', 'b']);
    expect(idsAt('restricted', v1(2), definitions)).toEqual(['a']);
  });
});
