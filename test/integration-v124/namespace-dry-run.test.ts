// The namespace dry-run on a real 1.24 apiserver, the scanner's view of a cluster that still has
// PodSecurityPolicy: every scenario of the v1.37 suite (test/integration/scenarios), the 1.24
// version boundaries, and the upstream conformance pods of v1.0-v1.24, each dry-run as the scanner
// through client-node and compared string for string with the engine's namespace-update model told
// that the server is 1.24 (support/admission-model-1.24.ts). Where 1.24 answers otherwise than
// the model or than v1.37, the difference is written out below.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { Servers } from '../harness/servers.ts';
import { EXEMPT_RUNTIME_CLASS, OTHER_RUNTIME_CLASS, ALL_SCENARIOS, type Scenario } from '../integration/scenarios/index.ts';
import { plainPod, privileged, restrictedPod, tweak } from '../integration/scenarios/pods.ts';
import { ENFORCE, ENFORCE_VERSION } from '../integration/scenarios/scenario.ts';
import { coreApi, eventually, inBatches, kubeConfig, nodeApi, patchNamespaceLabels, type UpdateOutcome } from '../integration/support/kube.ts';
import { listFixtures } from '../support/pss-fixtures.ts';
import { predictedOn124 } from './support/admission-model-1.24.ts';
import { admitEveryPodUnchanged } from './support/pod-security-policies.ts';
import { beforeAllOrFailEach } from './support/before-all-or-fail-each.ts';
import { startKube124Servers } from './support/servers-1.24.ts';

// --- scenarios of this file: the 1.24 boundaries -------------------------------------------------

/** Restricted's Linux-only checks skip Windows pods from v1.25 (allowPrivilegeEscalation, capabilities, seccomp). */
function windowsPod(name: string): V1Pod {
  return {
    metadata: { name },
    spec: {
      os: { name: 'windows' },
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.7' }],
    },
  };
}

/** A sysctl baseline allows from v1.27 (check_sysctls.go sysctlsAllowedV1Dot27). */
function reservedPortsPod(name: string): V1Pod {
  const pod = restrictedPod(name);
  const sysctls = [{ name: 'net.ipv4.ip_local_reserved_ports', value: '30000-32767' }];
  return { ...pod, spec: { containers: [], ...pod.spec, securityContext: { ...pod.spec?.securityContext, sysctls } } };
}

const BOUNDARY_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 'b124-windows-latest',
    title: 'latest is 1.24 on a 1.24 server: a Windows pod still needs the Linux-only restricted fields',
    labels: {},
    pods: [windowsPod('win')],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "b124-windows-latest" violate the new PodSecurity enforce level "restricted:latest"',
        'win: allowPrivilegeEscalation != false, unrestricted capabilities, seccompProfile',
      ],
    },
  },
  {
    namespace: 'b124-windows-v1-25',
    title: 'v1.25 (newer than the server) is evaluated as 1.24 and named v1.25',
    labels: {},
    pods: [windowsPod('win')],
    patch: { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.25' },
    expected: {
      warnings: [
        'existing pods in namespace "b124-windows-v1-25" violate the new PodSecurity enforce level "restricted:v1.25"',
        'win: allowPrivilegeEscalation != false, unrestricted capabilities, seccompProfile',
      ],
    },
  },
  {
    namespace: 'b124-sysctl-v1-27',
    title: 'a sysctl baseline allows from v1.27 is forbidden at v1.27 on a 1.24 server',
    labels: {},
    pods: [reservedPortsPod('tuned'), tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.27' },
    expected: {
      warnings: [
        'existing pods in namespace "b124-sysctl-v1-27" violate the new PodSecurity enforce level "baseline:v1.27"',
        'tuned: forbidden sysctls',
        'web: privileged',
      ],
    },
  },
];

// --- the upstream conformance pods, one namespace per level and fixture version -----------------

const FIXTURE_VERSIONS = [0, 8, 19, 22, 23, 24] as const;

interface FixtureNamespace {
  readonly namespace: string;
  readonly level: 'baseline' | 'restricted';
  readonly version: string;
  readonly pods: readonly { readonly fixture: string; readonly pod: V1Pod }[];
}

function fixtureNamespaces(): FixtureNamespace[] {
  const fixtures = listFixtures();
  return (['baseline', 'restricted'] as const).flatMap((level) =>
    FIXTURE_VERSIONS.map((minor) => {
      const version = `v1.${minor}`;
      const pods = fixtures
        .filter((f) => f.lv.level === level && !f.lv.version.latest && f.lv.version.minor === minor)
        .map((f) => {
          const pod = parse(readFileSync(f.file, 'utf8')) as V1Pod;
          // Fixture names have underscores, which pod names may not.
          const name = `${f.expectAllowed ? 'pass' : 'fail'}-${basename(f.file, '.yaml').replaceAll('_', '-')}`;
          return { fixture: f.name, pod: { ...pod, metadata: { ...pod.metadata, name } } };
        });
      return { namespace: `f124-${level}-v1-${minor}`, level, version, pods };
    }),
  );
}

const FIXTURE_NAMESPACES = fixtureNamespaces();

// --- set-up --------------------------------------------------------------------------------------

const SENTINEL = 'zz-informer-sentinel';

let servers: Servers;
let admin: CoreV1Api;
let scanner: CoreV1Api;
/** Pods the 1.24 server refused at creation: `namespace/pod: status message`. */
const refused: string[] = [];

async function createPods(namespace: string, pods: readonly V1Pod[]): Promise<void> {
  await admin.createNamespace({ body: { metadata: { name: namespace } } });
  await inBatches(pods, 8, async (pod) => {
    await admin.createNamespacedPod({ namespace, body: pod }).catch((error: unknown) => {
      const body = (error as { body?: unknown }).body;
      const message = (typeof body === 'string' ? (JSON.parse(body) as { message?: string }) : (body as { message?: string } | undefined))?.message;
      refused.push(`${namespace}/${pod.metadata?.name ?? ''}: ${message ?? String(error)}`);
    });
  });
}

async function buildScenario(scenario: Scenario): Promise<void> {
  await createPods(scenario.namespace, scenario.pods);
  if (Object.keys(scenario.labels).length > 0) {
    const outcome = await patchNamespaceLabels(admin, scenario.namespace, scenario.labels, { dryRun: false });
    if (outcome.status !== 200) throw new Error(`labelling ${scenario.namespace}: ${outcome.status} ${outcome.message ?? ''}`);
  }
}

/** Once PodSecurity's informer reports a pod created after all others, it has them all. */
async function waitForPodInformer(): Promise<void> {
  await createPods(SENTINEL, [tweak(plainPod('last'), privileged)]);
  const outcome = await eventually(
    () => patchNamespaceLabels(admin, SENTINEL, { [ENFORCE]: 'baseline' }, { dryRun: true }),
    (o) => o.warnings.includes('last: privileged'),
    30_000,
  );
  if (!outcome.warnings.includes('last: privileged')) throw new Error(`the PodSecurity pod informer never saw ${SENTINEL}/last`);
}

beforeAllOrFailEach(async () => {
  servers = await startKube124Servers();
  admin = coreApi(servers.adminKubeconfig);
  scanner = coreApi(servers.scannerKubeconfig);
  const adminConfig = kubeConfig(servers.adminKubeconfig);
  await admitEveryPodUnchanged(adminConfig);
  // PSP admission sees the new PSP through an informer: wait until a pod gets through.
  await eventually(
    () => admin.createNamespacedPod({ namespace: 'default', body: plainPod('psp-ready') }).then(() => true, () => false),
    (ok) => ok,
  );
  const nodes = nodeApi(servers.adminKubeconfig);
  for (const name of [EXEMPT_RUNTIME_CLASS, OTHER_RUNTIME_CLASS]) {
    await nodes.createRuntimeClass({ body: { metadata: { name }, handler: 'runc' } });
  }
  await inBatches([...ALL_SCENARIOS, ...BOUNDARY_SCENARIOS], 4, buildScenario);
  await inBatches(FIXTURE_NAMESPACES, 2, (f) => createPods(f.namespace, f.pods.map((p) => p.pod)));
  await waitForPodInformer();
});

afterAll(async () => {
  await servers?.stop();
});

async function dryRun(namespace: string, patch: Scenario['patch']): Promise<{ real: UpdateOutcome; model: UpdateOutcome; newest: UpdateOutcome }> {
  const real = await patchNamespaceLabels(scanner, namespace, patch, { dryRun: true });
  const predicted = await predictedOn124(admin, namespace, servers.podSecurity, patch);
  return { real: { ...real, labels: undefined }, model: predicted.onServer124, newest: predicted.onNewestServer };
}

// --- what 1.24 answers differently ---------------------------------------------------------------

/**
 * 1.24 has no exempt-namespace warning: its ValidateNamespace returns a plain allow for an exempt
 * namespace (k8s.io/pod-security-admission@v0.24.17 admission/admission.go), where v0.37.2 warns
 * `namespace "X" is exempt from Pod Security, and the policy (...) will be ignored` (on CREATE too).
 * The engine's model always warns; this is the one thing it gets wrong about a 1.24 server.
 */
const EXEMPT_WARNING = /^namespace ".*" is exempt from Pod Security, and the policy \(.*\) will be ignored$/;

function withoutExemptWarning(outcome: UpdateOutcome): UpdateOutcome {
  return { ...outcome, warnings: outcome.warnings.filter((w) => !EXEMPT_WARNING.test(w)) };
}

/**
 * The 1.37 scenarios 1.24 answers differently, and why. The messages themselves (texts, ordering,
 * aggregation, truncation, 422s) are the same code in both releases; what differs is which checks
 * exist and which fields a pod can hold.
 */
const DIFFERENT_ON_1_24: Readonly<Record<string, { readonly why: string; readonly warnings?: readonly string[] }>> = {
  'b02-every-baseline-check': {
    why: '1.24 drops the securityContext.appArmorProfile field (1.30) at creation, and has no probe-host check (v1.34)',
    warnings: [
      'existing pods in namespace "b02-every-baseline-check" violate the new PodSecurity enforce level "baseline:latest"',
      'agent: non-default capabilities, host namespaces, hostPath volumes, hostPort, privileged, seLinuxOptions, seccompProfile, forbidden sysctls',
    ],
  },
  'v02-latest': {
    why: 'latest is 1.24 there, where the sysctl allowed from v1.37 is forbidden',
    warnings: ['existing pods in namespace "v02-latest" violate the new PodSecurity enforce level "baseline:latest"', 'tuned: forbidden sysctls'],
  },
  'v03-newer-than-server': {
    why: 'v1.40 is evaluated as 1.24 (named v1.40): the v1.37 sysctl is forbidden',
    warnings: [
      'existing pods in namespace "v03-newer-than-server" violate the new PodSecurity enforce level "baseline:v1.40"',
      'tuned: forbidden sysctls',
      'web: privileged',
    ],
  },
  'v06-version-only-change': {
    why: 'latest is 1.24: the v1.37 sysctl is forbidden',
    warnings: [
      'existing pods in namespace "v06-version-only-change" violate the new PodSecurity enforce level "baseline:latest"',
      'tuned: forbidden sysctls',
      'web: privileged',
    ],
  },
  'v08-host-probe-check': { why: 'v1.34 is evaluated as 1.24, which has no probe-host check', warnings: [] },
  'psa-exempt-1': { why: 'no exempt-namespace warning in 1.24', warnings: [] },
  'psa-exempt-2': { why: 'no exempt-namespace warning in 1.24', warnings: [] },
  't01-truncated-lines': { why: 'no probe-host and no AppArmor-field line, so other lines fit or are cut elsewhere (matched against the model)' },
  't02-dropped-lines': { why: 'no probe-host and no AppArmor-field line, so other lines fit or are cut elsewhere (matched against the model)' },
};

/** The scenarios a model left at the engine's newest version (forgetting serverVersion) gets wrong on 1.24. */
const MISPREDICTED_WITHOUT_SERVER_VERSION = [
  'b02-every-baseline-check',
  'v02-latest',
  'v03-newer-than-server',
  'v06-version-only-change',
  'v08-host-probe-check',
  't01-truncated-lines',
  't02-dropped-lines',
  'b124-windows-latest',
  'b124-windows-v1-25',
  'b124-sysctl-v1-27',
];

const allScenarios = [...ALL_SCENARIOS, ...BOUNDARY_SCENARIOS];
const named = (scenarios: readonly Scenario[]): Array<readonly [string, Scenario]> => scenarios.map((s) => [`${s.namespace}: ${s.title}`, s] as const);

describe('namespace dry-run on 1.24, as the scanner', () => {
  it('holds every scenario pod, and every fixture pod but those PSP refuses for procMount: Unmasked', () => {
    // With the ProcMountType feature gate off (its default in 1.24) the PSP's allowedProcMountTypes
    // is dropped, so PSP admission refuses Unmasked before the pod's own field would be dropped.
    const unmasked = FIXTURE_NAMESPACES.flatMap((f) =>
      f.pods.filter((p) => JSON.stringify(p.pod).includes('"procMount":"Unmasked"')).map((p) => `${f.namespace}/${p.pod.metadata?.name ?? ''}`),
    );
    expect(unmasked.length).toBeGreaterThan(0);
    expect(refused.map((r) => r.slice(0, r.indexOf(':'))).sort()).toEqual(unmasked.sort());
    for (const r of refused) expect(r).toMatch(/is forbidden: PodSecurityPolicy: unable to admit pod: \[spec\.(initC|c)ontainers\[0\]\.securityContext\.procMount: Invalid value: "Unmasked": ProcMountType is not allowed\]$/);
  });

  describe("the engine's model of a 1.24 server (serverVersion v1.24) predicts every answer, but the exempt warning", () => {
    it.each(named(allScenarios))('%s', async (_name, scenario) => {
      const { real, model } = await dryRun(scenario.namespace, scenario.patch);
      expect(real).toEqual(withoutExemptWarning(model));
    });
  });

  describe('1.24 answers the 1.37 scenarios as 1.37 does, except these', () => {
    it.each(named(ALL_SCENARIOS.filter((s) => s.namespace in DIFFERENT_ON_1_24)))('%s', async (_name, scenario) => {
      const { real } = await dryRun(scenario.namespace, scenario.patch);
      const expected137 = 'warnings' in scenario.expected ? scenario.expected.warnings : undefined;
      expect(real.status).toBe(200);
      expect(real.warnings).not.toEqual(expected137);
      const pinned = DIFFERENT_ON_1_24[scenario.namespace]?.warnings;
      if (pinned !== undefined) expect(real.warnings).toEqual(pinned);
    });

    it('and only these', async () => {
      const same: string[] = [];
      for (const scenario of ALL_SCENARIOS.filter((s) => !(s.namespace in DIFFERENT_ON_1_24))) {
        const { real } = await dryRun(scenario.namespace, scenario.patch);
        const answer = 'warnings' in scenario.expected
          ? { status: 200, warnings: scenario.expected.warnings }
          : { status: 422, reason: 'Invalid', message: scenario.expected.invalid, causes: scenario.expected.causes };
        const got = real.status === 200 ? { status: real.status, warnings: real.warnings } : { status: real.status, reason: real.reason, message: real.message, causes: real.causes };
        expect(got, scenario.namespace).toEqual(answer);
        same.push(scenario.namespace);
      }
      expect(same.length).toBe(ALL_SCENARIOS.length - Object.keys(DIFFERENT_ON_1_24).length);
    });
  });

  describe('latest and newer label versions are 1.24 there, named as written', () => {
    it.each(named(BOUNDARY_SCENARIOS))('%s', async (_name, scenario) => {
      const { real } = await dryRun(scenario.namespace, scenario.patch);
      expect(real).toEqual({ status: 200, warnings: 'warnings' in scenario.expected ? scenario.expected.warnings : [], labels: undefined });
    });

    it('so a model left at the engine\'s newest version mispredicts exactly these scenarios', async () => {
      const mispredicted: string[] = [];
      for (const scenario of allScenarios) {
        const { real, newest } = await dryRun(scenario.namespace, scenario.patch);
        if (JSON.stringify(withoutExemptWarning(newest)) !== JSON.stringify(real)) mispredicted.push(scenario.namespace);
      }
      expect(mispredicted).toEqual(MISPREDICTED_WITHOUT_SERVER_VERSION);
    });
  });

  describe('upstream conformance pods of v1.0-v1.24: the model matches, and 1.24 denies exactly the fail pods', () => {
    const cases = FIXTURE_NAMESPACES.flatMap((f) => [f.version, 'latest'].map((version) => [`${f.level}:${version} over ${f.namespace}`, f, version] as const));
    it.each(cases)('%s', async (_name, fixtures, version) => {
      const { real, model } = await dryRun(fixtures.namespace, { [ENFORCE]: fixtures.level, [ENFORCE_VERSION]: version });
      expect(real).toEqual(model);
      if (version !== fixtures.version) return;
      // At the fixtures' own level and version: one line per reason set, naming the first pod and
      // counting the others; every denied pod is a `fail` one, and every created `fail` pod is denied.
      const lines = real.warnings.slice(1);
      const counted = lines.reduce((n, line) => n + 1 + Number(/^\S+ \(and (\d+) other pods?\): /.exec(line)?.[1] ?? 0), 0);
      const created = (name: string): boolean => !refused.some((r) => r.startsWith(`${fixtures.namespace}/${name}:`));
      const failPods = fixtures.pods.map((p) => p.pod.metadata?.name ?? '').filter((name) => name.startsWith('fail-') && created(name));
      expect(lines.every((line) => line.startsWith('fail-'))).toBe(true);
      expect(counted).toBe(failPods.length);
    });
  });
});
