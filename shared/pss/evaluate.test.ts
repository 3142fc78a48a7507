import { describe, expect, it } from 'vitest';
import { forbidden, type CheckDefinition } from './checks/check-definition.ts';
import {
  BASE_POD,
  UPSTREAM_CHECK_VERSIONS,
  containerNamed,
  podSecurityContext,
  securityContextOf,
  specOf,
  tweak,
} from './checks/checks.test-support.ts';
import { checkSetKey, createEvaluator, evaluatePod, forbiddenDetail, forbiddenReasons } from './evaluate.ts';
import { LEVELS, type Level } from './level.ts';
import type { PodVerdict } from './verdict.ts';
import { knownVersions, NEWEST_KNOWN_MINOR } from './known-versions.ts';
import { LATEST, v1 } from './version.ts';

const everythingWrong = tweak(BASE_POD, (p) => {
  Object.assign(specOf(p), { hostNetwork: true, hostUsers: false });
  podSecurityContext(p).runAsUser = 0;
  podSecurityContext(p).sysctls = [{ name: 'kernel.msgmax', value: '1' }];
  specOf(p).volumes = [{ name: 'root', hostPath: { path: '/' } }];
  const app = securityContextOf(p, 'app');
  Object.assign(app, { privileged: true, allowPrivilegeEscalation: true, procMount: 'Unmasked', runAsNonRoot: false });
  app.capabilities = { add: ['SYS_ADMIN'] };
  containerNamed(p, 'app').ports = [{ containerPort: 80, hostPort: 80 }];
});

describe('evaluatePod', () => {
  it('allows the base pod at every level and version', () => {
    for (const level of LEVELS) {
      for (const version of [...knownVersions(), LATEST]) {
        expect(evaluatePod({ level, version }, BASE_POD)).toEqual({ allowed: true, violations: [] });
      }
    }
  });

  it('allows anything at privileged', () => {
    expect(evaluatePod({ level: 'privileged', version: v1(37) }, everythingWrong)).toEqual({ allowed: true, violations: [] });
  });

  it('allows a pod with no metadata and no spec, as upstream does with empty structs', () => {
    expect(evaluatePod({ level: 'restricted', version: v1(37) }, {}).allowed).toBe(true);
  });

  it('reports baseline violations by ID, then restricted by ID, skipping overridden baseline checks', () => {
    const verdict = evaluatePod({ level: 'restricted', version: v1(34) }, everythingWrong);
    expect(verdict.violations.map((violation) => violation.check)).toEqual([
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'procMount',
      'sysctls',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
    ]);
    expect(forbiddenReasons(verdict)).toBe(
      'host namespaces, hostPort, privileged, procMount, forbidden sysctls, allowPrivilegeEscalation != false, ' +
        'unrestricted capabilities, restricted volume types, runAsNonRoot != true, runAsUser=0',
    );
  });

  it('applies the v1.35 user-namespace relaxations at baseline and restricted', () => {
    const baseline = evaluatePod({ level: 'baseline', version: v1(35) }, everythingWrong);
    expect(baseline.violations.map((violation) => violation.check)).toEqual([
      'capabilities_baseline',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'privileged',
      'sysctls',
    ]);
    const restricted = evaluatePod({ level: 'restricted', version: v1(35) }, everythingWrong);
    expect(restricted.violations.map((violation) => violation.check)).toContain('procMount_restricted');
    expect(restricted.violations.map((violation) => violation.check)).not.toContain('runAsNonRoot');
  });

  it('evaluates latest and versions past v1.37 as v1.37', () => {
    const newSysctl = tweak(BASE_POD, (p) => {
      podSecurityContext(p).sysctls = [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }];
    });
    expect(evaluatePod({ level: 'baseline', version: v1(36) }, newSysctl).allowed).toBe(false);
    expect(evaluatePod({ level: 'baseline', version: v1(NEWEST_KNOWN_MINOR) }, newSysctl).allowed).toBe(true);
    expect(evaluatePod({ level: 'baseline', version: v1(99) }, newSysctl).allowed).toBe(true);
    expect(evaluatePod({ level: 'baseline', version: LATEST }, newSysctl).allowed).toBe(true);
  });

  it('reports upstream\'s "unknown forbidden reason" for a failing check that gives no reason', () => {
    const silent: CheckDefinition = {
      id: 'silent',
      level: 'baseline',
      versions: [{ minimumVersion: v1(0), checkPod: () => forbidden('', '') }],
    };
    const verdict = createEvaluator([silent]).evaluatePod({ level: 'baseline', version: v1(3) }, BASE_POD);
    expect(verdict).toEqual({ allowed: false, violations: [{ check: 'silent', reason: 'unknown forbidden reason', detail: '' }] });
  });
});

describe('forbiddenReasons and forbiddenDetail', () => {
  const verdict: PodVerdict = {
    allowed: false,
    violations: [
      { check: 'hostPorts', reason: 'hostPort', detail: 'container "a" uses hostPort 80' },
      { check: 'x', reason: 'no detail', detail: '' },
      { check: 'privileged', reason: 'privileged', detail: 'container "a" must not set securityContext.privileged=true' },
    ],
  };

  it('joins reasons with ", "', () => {
    expect(forbiddenReasons(verdict)).toBe('hostPort, no detail, privileged');
  });

  it('puts each non-empty detail in parentheses after its reason', () => {
    expect(forbiddenDetail(verdict)).toBe(
      'hostPort (container "a" uses hostPort 80), no detail, privileged (container "a" must not set securityContext.privileged=true)',
    );
  });

  it('gives empty strings for an allowed verdict', () => {
    expect(forbiddenReasons({ allowed: true, violations: [] })).toBe('');
    expect(forbiddenDetail({ allowed: true, violations: [] })).toBe('');
  });
});

describe('checkSetKey', () => {
  /** Minors at which some definition at `level` starts, from the upstream version table. */
  function changeMinors(level: Level): Set<number> {
    const levels = level === 'restricted' ? ['baseline', 'restricted'] : [level];
    return new Set(
      Object.values(UPSTREAM_CHECK_VERSIONS)
        .filter((check) => levels.includes(check.level))
        .flatMap((check) => check.minors),
    );
  }

  it.each(['baseline', 'restricted'] as const)('at %s, changes exactly at versions where a definition starts', (level) => {
    const changes = changeMinors(level);
    for (let minor = 1; minor <= NEWEST_KNOWN_MINOR; minor++) {
      const same = checkSetKey({ level, version: v1(minor - 1) }) === checkSetKey({ level, version: v1(minor) });
      expect(same, `${level} v1.${minor - 1} vs v1.${minor}`).toBe(!changes.has(minor));
    }
  });

  it('treats v1.25 and v1.26 at restricted as equivalent, v1.34 and v1.35 as different', () => {
    expect(checkSetKey({ level: 'restricted', version: v1(25) })).toBe(checkSetKey({ level: 'restricted', version: v1(26) }));
    expect(checkSetKey({ level: 'restricted', version: v1(34) })).not.toBe(checkSetKey({ level: 'restricted', version: v1(35) }));
    expect(checkSetKey({ level: 'baseline', version: v1(20) })).toBe(checkSetKey({ level: 'baseline', version: v1(26) }));
  });

  it('gives latest and future versions the key of v1.37, and differs between levels', () => {
    const newest = checkSetKey({ level: 'restricted', version: v1(37) });
    expect(checkSetKey({ level: 'restricted', version: LATEST })).toBe(newest);
    expect(checkSetKey({ level: 'restricted', version: v1(40) })).toBe(newest);
    expect(checkSetKey({ level: 'baseline', version: v1(37) })).not.toBe(newest);
    expect(checkSetKey({ level: 'privileged', version: v1(37) })).toBe('privileged');
  });

  it('names each check with the minimum version of its definition in force', () => {
    expect(checkSetKey({ level: 'baseline', version: v1(30) })).toBe(
      'appArmorProfile@v1.0,capabilities_baseline@v1.0,hostNamespaces@v1.0,hostPathVolumes@v1.0,hostPorts@v1.0,' +
        'privileged@v1.0,procMount@v1.0,seLinuxOptions@v1.0,seccompProfile_baseline@v1.19,sysctls@v1.29,windowsHostProcess@v1.0',
    );
  });
});
