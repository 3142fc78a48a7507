// The pod generator is only useful if its pods reach every failure of every check and every
// versioned definition; the upstream evaluator (the oracle) is the judge of that here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { versionString } from '../../shared/pss/version.ts';
import type { PodUnderTest } from '../../shared/pss/pod.ts';
import { PssOracle, type OracleVerdict } from '../harness/pss-oracle-client.ts';
import { DIFFERENTIAL_PODS, DIFFERENTIAL_SEED } from '../pss/differential-sample.ts';
import { LINUX_CAPABILITIES } from './linux-capabilities.ts';
import { LINUX_SYSCTLS } from './linux-sysctls.ts';
import { ALLOWED_SYSCTLS, VOLUME_SOURCE_NAMES, createDeck, createRng, generateLevelVersions, generatePods } from './pod-generator.ts';
import { SELINUX_ROLES, SELINUX_TYPES, SELINUX_USERS } from './selinux-names.ts';

const SEED = 20260601;
const COVERAGE_PODS = 10_000;
const BOUNDARY_PODS = 2_000;

const BASELINE_REASONS = [
  'forbidden AppArmor profile',
  'forbidden AppArmor profiles',
  'non-default capabilities',
  'host namespaces',
  'hostPath volumes',
  'hostPort',
  'probe or lifecycle host',
  'privileged',
  'procMount',
  'seLinuxOptions',
  'seccompProfile',
  'forbidden sysctls',
  'hostProcess',
];
const RESTRICTED_REASONS = [
  'allowPrivilegeEscalation != false',
  'unrestricted capabilities',
  'procMount',
  'restricted volume types',
  'runAsNonRoot != true',
  'runAsUser=0',
  'seccompProfile',
];

/** Every version at which some check changes its definition (policy/check_*.go, v0.37.2). */
const BOUNDARIES = [
  { level: 'baseline', minor: 19, check: 'seccompProfile_baseline: annotations -> fields' },
  { level: 'baseline', minor: 27, check: 'sysctls' },
  { level: 'baseline', minor: 29, check: 'sysctls' },
  { level: 'baseline', minor: 31, check: 'seLinuxOptions: container_engine_t' },
  { level: 'baseline', minor: 32, check: 'sysctls' },
  { level: 'baseline', minor: 34, check: 'hostProbesAndHostLifecycle' },
  { level: 'baseline', minor: 35, check: 'procMount: user namespaces' },
  { level: 'baseline', minor: 37, check: 'sysctls' },
  { level: 'restricted', minor: 8, check: 'allowPrivilegeEscalation' },
  { level: 'restricted', minor: 19, check: 'seccompProfile_restricted' },
  { level: 'restricted', minor: 22, check: 'capabilities_restricted' },
  { level: 'restricted', minor: 23, check: 'runAsUser' },
  { level: 'restricted', minor: 25, check: 'windows exemptions' },
  { level: 'restricted', minor: 35, check: 'runAsNonRoot, runAsUser, procMount_restricted' },
] as const;

let oracle: PssOracle;
let pods: PodUnderTest[];

async function evaluateAll(level: string, version: string, subject: readonly PodUnderTest[]): Promise<OracleVerdict[]> {
  return oracle.evaluate(subject.map((pod) => ({ level, version, pod })));
}

beforeAll(async () => {
  oracle = await PssOracle.start();
  pods = generatePods(SEED, COVERAGE_PODS);
}, 600_000);

afterAll(async () => {
  await oracle?.close();
});

describe('generatePods', () => {
  it('gives the same pods for the same seed, and a shorter run is a prefix of a longer one', () => {
    const first = generatePods(42, 200);
    expect(JSON.stringify(generatePods(42, 200))).toBe(JSON.stringify(first));
    expect(JSON.stringify(generatePods(42, 50))).toBe(JSON.stringify(first.slice(0, 50)));
    expect(JSON.stringify(generatePods(43, 200))).not.toBe(JSON.stringify(first));
  });

  it('deals every item of a pool once before any comes again, in a seeded order', () => {
    const pool = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const deal = createDeck(createRng(7), pool);
    const rounds = [0, 1, 2].map(() => pool.map(() => deal()));
    for (const round of rounds) expect([...round].sort()).toEqual(pool);
    expect(new Set(rounds.map((round) => round.join(''))).size).toBeGreaterThan(1);
    const again = createDeck(createRng(7), pool);
    expect(rounds.flat()).toEqual(rounds.flat().map(() => again()));
  });

  it('draws from a PRNG that is deterministic and spread over [0, 1)', () => {
    const a = createRng(1);
    const b = createRng(1);
    const draws = Array.from({ length: 10_000 }, () => a.next());
    expect(draws.every((x) => x === b.next())).toBe(true);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('hits every baseline failure reason at baseline:latest', async () => {
    const verdicts = await evaluateAll('baseline', 'latest', pods);
    const seen = new Set(verdicts.flatMap((v) => v.reasons));
    expect([...seen].sort()).toEqual([...BASELINE_REASONS].sort());
  });

  it('hits every restricted failure reason at restricted:latest', async () => {
    const verdicts = await evaluateAll('restricted', 'latest', pods);
    const seen = new Set(verdicts.flatMap((v) => v.reasons));
    for (const reason of [...BASELINE_REASONS.filter((r) => r !== 'hostPath volumes' && r !== 'non-default capabilities'), ...RESTRICTED_REASONS]) {
      expect(seen, reason).toContain(reason);
    }
  });

  it('hits the pre-1.19 seccomp annotations at baseline:v1.18', async () => {
    const verdicts = await evaluateAll('baseline', 'v1.18', pods);
    const details = verdicts.flatMap((v) => v.details);
    expect(details.some((d) => d.startsWith('forbidden annotation '))).toBe(true);
    expect(details.some((d) => d.startsWith('forbidden annotations '))).toBe(true);
  });

  it('gives verdicts with zero, one, two and many violations', async () => {
    const verdicts = await evaluateAll('restricted', 'latest', pods);
    const counts = new Set(verdicts.map((v) => v.reasons.length));
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7]) expect(counts, `${n} violations`).toContain(n);
  });

  it('has several containers, and the pod with containers, share each kind of violation', async () => {
    const details = (await evaluateAll('restricted', 'latest', pods)).flatMap((v) => v.details);
    const baselineDetails = (await evaluateAll('baseline', 'latest', pods)).flatMap((v) => v.details);
    const all = [...details, ...baselineDetails];
    const expectDetail = (pattern: RegExp): void => {
      expect(all.some((d) => pattern.test(d)), String(pattern)).toBe(true);
    };
    expectDetail(/^containers "[^"]*", "[^"]*", "[^"]*".* must not set securityContext\.privileged=true$/);
    expectDetail(/^containers ".*" must set securityContext\.allowPrivilegeEscalation=false$/);
    expectDetail(/^containers ".*" must set securityContext\.capabilities\.drop=\["ALL"\]; containers ".*" must not include/);
    expectDetail(/^containers ".*" must not include ".*", ".*" in securityContext\.capabilities\.add$/);
    expectDetail(/^pod and containers ".*" must not set securityContext\.runAsNonRoot=false$/);
    expectDetail(/^pod or containers ".*" must set securityContext\.runAsNonRoot=true$/);
    expectDetail(/^pod and containers ".*" must not set runAsUser=0$/);
    expectDetail(/^pod and containers ".*" must not set securityContext\.seccompProfile\.type to ".*", ".*"$/);
    expectDetail(/^pod or containers ".*" must set securityContext\.seccompProfile\.type to "RuntimeDefault" or "Localhost"$/);
    expectDetail(/^pod and containers ".*" set forbidden securityContext\.seLinuxOptions: /);
    expectDetail(/ set forbidden securityContext\.seLinuxOptions: types ".*", ".*"; user may not be set; role may not be set$/);
    expectDetail(/^pod and containers ".*" must not set securityContext\.windowsOptions\.hostProcess=true$/);
    expectDetail(/^containers ".*" must not set securityContext\.procMount to ".*", ".*"$/);
    expectDetail(/^containers ".*" use hostPorts \d+, /);
    expectDetail(/^containers ".*" use probe or lifecycle hosts ".*", ".*"$/);
    expectDetail(/^pod and containers ".*" and annotations must not set AppArmor profile type to /);
    expectDetail(/^hostNetwork=true, hostPID=true, hostIPC=true$/);
    expectDetail(/^volumes ".*" use restricted volume types ".*", ".*"$/);
    expectDetail(/^volumes ".*", ".*"$/);
  });

  it('uses every restricted-forbidden volume type and volumes with no known source', async () => {
    const details = (await evaluateAll('restricted', 'latest', pods)).flatMap((v) => v.details);
    const volumeDetails = details.filter((d) => /^volumes? ".*" uses? restricted volume types? /.test(d)).join('\n');
    const allowed = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
    for (const source of [...VOLUME_SOURCE_NAMES.filter((s) => !allowed.has(s)), 'unknown']) {
      expect(volumeDetails, source).toContain(`"${source}"`);
    }
    for (const source of allowed) expect(VOLUME_SOURCE_NAMES).toContain(source);
  });

  it('uses every allowed sysctl of every version, forbidden before its version and allowed from it', async () => {
    const before = (await evaluateAll('baseline', 'v1.0', pods)).flatMap((v) => v.details);
    const latest = (await evaluateAll('baseline', 'latest', pods)).flatMap((v) => v.details);
    const forbiddenAtV10 = new Set(before.flatMap((d) => d.split(', ')));
    const forbiddenAtLatest = new Set(latest.flatMap((d) => d.split(', ')));
    for (const name of ALLOWED_SYSCTLS.slice(5)) expect(forbiddenAtV10, name).toContain(name);
    for (const name of ALLOWED_SYSCTLS) expect(forbiddenAtLatest, name).not.toContain(name);
    expect(forbiddenAtLatest).toContain('kernel.msgmax');
  });

  it.each(BOUNDARIES)('tells $level v1.$minor from the version before it ($check)', async ({ level, minor }) => {
    const sample = pods.slice(0, BOUNDARY_PODS);
    const [older, newer] = await Promise.all([
      evaluateAll(level, `v1.${minor - 1}`, sample),
      evaluateAll(level, `v1.${minor}`, sample),
    ]);
    const differing = sample.filter((_, i) => JSON.stringify(older[i]) !== JSON.stringify(newer[i]));
    expect(differing.length).toBeGreaterThan(0);
  });
});

/** Every value of the allow-listed fields in some pods, wherever a check reads it. */
interface AllowListedValues {
  readonly capabilities: Set<string>;
  readonly sysctls: Set<string>;
  readonly seLinuxTypes: Set<string>;
  readonly seLinuxUsers: Set<string>;
  readonly seLinuxRoles: Set<string>;
  readonly localhostProfiles: Set<string>;
  readonly profileAnnotations: Set<string>;
}

type Loose = Record<string, unknown> | null | undefined;

function allowListedValues(subject: readonly PodUnderTest[]): AllowListedValues {
  const values: AllowListedValues = {
    capabilities: new Set(),
    sysctls: new Set(),
    seLinuxTypes: new Set(),
    seLinuxUsers: new Set(),
    seLinuxRoles: new Set(),
    localhostProfiles: new Set(),
    profileAnnotations: new Set(),
  };
  const addString = (set: Set<string>, value: unknown): void => {
    if (typeof value === 'string') set.add(value);
  };
  const securityContext = (context: Loose): void => {
    const seLinux = context?.['seLinuxOptions'] as Loose;
    addString(values.seLinuxTypes, seLinux?.['type']);
    addString(values.seLinuxUsers, seLinux?.['user']);
    addString(values.seLinuxRoles, seLinux?.['role']);
    for (const profile of ['seccompProfile', 'appArmorProfile']) addString(values.localhostProfiles, (context?.[profile] as Loose)?.['localhostProfile']);
  };
  for (const pod of subject as readonly { metadata?: Loose; spec?: Loose }[]) {
    const spec = pod.spec;
    const podContext = spec?.['securityContext'] as Loose;
    securityContext(podContext);
    for (const sysctl of (podContext?.['sysctls'] as Loose[] | null | undefined) ?? []) addString(values.sysctls, sysctl?.['name']);
    for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
      for (const container of (spec?.[list] as Loose[] | null | undefined) ?? []) {
        const context = container?.['securityContext'] as Loose;
        securityContext(context);
        for (const capability of ((context?.['capabilities'] as Loose)?.['add'] as unknown[] | null | undefined) ?? []) addString(values.capabilities, capability);
      }
    }
    for (const [key, value] of Object.entries((pod.metadata?.['annotations'] as Loose) ?? {})) {
      if (key.includes('seccomp') || key.includes('apparmor')) addString(values.profileAnnotations, value);
    }
  }
  return values;
}

describe('the differential sample (the pods test/pss/differential.test.ts compares)', () => {
  // An engine that allows one value too many disagrees with upstream only on a pod holding that
  // value: so the sample must hold every value of every pool, where the check reads it.
  const sample = allowListedValues(generatePods(DIFFERENTIAL_SEED, DIFFERENTIAL_PODS));
  const missing = (pool: readonly string[], seen: Set<string>): string[] => pool.filter((value) => !seen.has(value));
  const outside = (seen: Set<string>, ...pools: (readonly string[])[]): string[] => [...seen].filter((value) => !pools.some((pool) => pool.includes(value)));

  it('adds every Linux capability, spelled exactly, with CAP_, in other cases and made up', () => {
    expect(missing(LINUX_CAPABILITIES, sample.capabilities)).toEqual([]);
    expect(missing(LINUX_CAPABILITIES.map((name) => `CAP_${name}`), sample.capabilities).length).toBeLessThan(LINUX_CAPABILITIES.length / 2);
    const otherCase = [...sample.capabilities].filter((value) => value !== value.toUpperCase());
    expect(otherCase.length).toBeGreaterThan(30);
    expect(outside(sample.capabilities, LINUX_CAPABILITIES, LINUX_CAPABILITIES.map((name) => `CAP_${name}`)).length).toBeGreaterThan(100);
  });

  it('sets every sysctl of a pod\'s namespaces, every allowed one, and made-up names', () => {
    expect(missing(LINUX_SYSCTLS, sample.sysctls)).toEqual([]);
    expect(missing(ALLOWED_SYSCTLS, sample.sysctls)).toEqual([]);
    expect(outside(sample.sysctls, LINUX_SYSCTLS).length).toBeGreaterThan(100);
  });

  it('uses every SELinux type, user and role of the pools, and made-up ones', () => {
    expect(missing(SELINUX_TYPES, sample.seLinuxTypes)).toEqual([]);
    expect(missing(SELINUX_USERS, sample.seLinuxUsers)).toEqual([]);
    expect(missing(SELINUX_ROLES, sample.seLinuxRoles)).toEqual([]);
    expect(outside(sample.seLinuxTypes, SELINUX_TYPES).length).toBeGreaterThan(50);
    expect(outside(sample.seLinuxUsers, SELINUX_USERS).length).toBeGreaterThan(20);
    expect(outside(sample.seLinuxRoles, SELINUX_ROLES).length).toBeGreaterThan(20);
  });

  it('names many different AppArmor and seccomp localhost profiles, in fields and annotations', () => {
    expect(sample.localhostProfiles.size).toBeGreaterThan(200);
    expect([...sample.profileAnnotations].filter((value) => value.startsWith('localhost/') && value.length > 'localhost/'.length).length).toBeGreaterThan(100);
  });
});

describe('generateLevelVersions', () => {
  it('covers v1.0..v1.37 and latest at baseline and restricted', () => {
    const names = generateLevelVersions().map((lv) => `${lv.level}:${versionString(lv.version)}`);
    expect(names).toHaveLength(2 * 39);
    expect(new Set(names).size).toBe(names.length);
    for (const level of ['baseline', 'restricted']) {
      for (let minor = 0; minor <= 37; minor++) expect(names).toContain(`${level}:v1.${minor}`);
      expect(names).toContain(`${level}:latest`);
    }
  });
});
