import { describe, expect, it } from 'vitest';
import { LATEST, v1 } from '../pss/version.ts';
import type { Inventory } from '../scan/inventory.ts';
import { assessUpgrade } from './assess-upgrade.ts';
import { whatIfJson } from './what-if-json.ts';
import type { UpgradeWhatIf } from './what-if-schema.ts';
import {
  admissionConfig,
  barePod,
  BASELINE_SPEC,
  clusterPolicy,
  cronJob,
  deployment,
  HOST_PROBE_SPEC,
  inventory,
  namespace,
  PRIVILEGED_HOST_PROBE_SPEC,
  snapshotOf,
} from './what-if.test-support.ts';
import type { ClusterPolicy } from '../targets/cluster-policy.ts';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';

function assess(read: Inventory, to: number, policy: ClusterPolicy = clusterPolicy(admissionConfig())): UpgradeWhatIf {
  const whatIf = assessUpgrade({ snapshot: snapshotOf(read), inventory: read, policy, upgradeTo: v1(to), requestId: null, finishedAt: '2026-11-29T04:43:10.000Z' });
  whatIfJson(whatIf); // the schema accepts it (throws otherwise)
  return whatIf;
}

const moving = (whatIf: UpgradeWhatIf, name: string) => {
  const found = whatIf.namespaces.find((n) => n.name === name);
  if (found === undefined) throw new Error(`${name} does not move`);
  return found;
};

describe('which namespaces move with an upgrade', () => {
  const read = inventory(33, [
    namespace('at-latest', { [ENFORCE]: 'baseline' }),
    namespace('labelled-latest', { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'latest' }),
    namespace('pinned-old', { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.30' }),
    namespace('pinned-at-server', { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.33' }),
    namespace('pinned-ahead', { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.34' }),
    namespace('pinned-beyond-target', { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.40' }),
    namespace('privileged', { [ENFORCE]: 'privileged' }),
    namespace('unlabelled'),
  ]);

  it('moves latest and pins newer than the server, up to the target; not older pins, privileged or unlabelled privileged defaults', () => {
    const whatIf = assess(read, 35);
    expect(whatIf.namespaces.map((n) => [n.name, n.from, n.to])).toEqual([
      ['at-latest', 'baseline:v1.33', 'baseline:v1.35'],
      ['labelled-latest', 'baseline:v1.33', 'baseline:v1.35'],
      ['pinned-ahead', 'restricted:v1.33', 'restricted:v1.34'],
      ['pinned-beyond-target', 'baseline:v1.33', 'baseline:v1.35'],
    ]);
    expect(moving(whatIf, 'pinned-ahead').why).toBe(
      'enforce restricted:v1.34 is pinned newer than the server (v1.33), which evaluates v1.34 as restricted:v1.33; the upgrade makes the pin effective (restricted:v1.34)',
    );
    expect(moving(whatIf, 'pinned-beyond-target').why).toMatch(/the upgrade moves it to baseline:v1\.35$/);
    expect(moving(whatIf, 'at-latest').why).toBe("enforce baseline:latest follows the server's version: baseline:v1.33 today, baseline:v1.35 after the upgrade");
  });

  it('names the check definitions that change between the two', () => {
    const whatIf = assess(read, 35);
    expect(moving(whatIf, 'at-latest').checkChanges).toEqual([
      { check: 'hostProbesAndHostLifecycle', from: null, to: 'v1.34' },
      { check: 'procMount', from: 'v1.0', to: 'v1.35' },
    ]);
    expect(moving(whatIf, 'pinned-ahead').checkChanges).toEqual([{ check: 'hostProbesAndHostLifecycle', from: null, to: 'v1.34' }]);
  });

  it('moves nothing for an upgrade to the version the cluster runs', () => {
    const whatIf = assess(read, 33);
    expect(whatIf.namespaces).toEqual([]);
    expect(whatIf.summary.moving).toBe(0);
    expect(whatIf.outcome).toBe('complete');
  });

  it('moves unlabelled namespaces when the cluster default enforces at latest, and says it is the default', () => {
    const whatIf = assess(inventory(33, [namespace('unlabelled')]), 34, clusterPolicy(admissionConfig({ level: 'baseline' })));
    expect(moving(whatIf, 'unlabelled')).toMatchObject({ enforce: 'baseline:latest', enforceLabelled: false, from: 'baseline:v1.33', to: 'baseline:v1.34' });
    expect(moving(whatIf, 'unlabelled').why).toMatch(/^no enforce label: the cluster default baseline:latest follows/);
  });

  it('leaves exempt namespaces alone: the server evaluates them at no version', () => {
    const whatIf = assess(inventory(33, [namespace('exempt', { [ENFORCE]: 'baseline' })]), 34, clusterPolicy(admissionConfig(undefined, { namespaces: ['exempt'] })));
    expect(whatIf.namespaces).toEqual([]);
  });
});

describe('what would newly be rejected', () => {
  it('names the pods and the template of a workload that today allows and the target refuses, with the violation', () => {
    const ns = deployment(namespace('shop', { [ENFORCE]: 'baseline' }), 'api', 2, HOST_PROBE_SPEC);
    const whatIf = assess(inventory(33, [ns]), 34);
    const shop = moving(whatIf, 'shop');
    const violation = { check: 'hostProbesAndHostLifecycle', reason: 'probe or lifecycle host', detail: 'container "app" uses probe or lifecycle host "10.0.0.1"' };
    expect(shop.newlyRejected).toEqual([
      { kind: 'Deployment', name: 'api', pods: [{ pods: ['api-7d4b9c8f6-0', 'api-7d4b9c8f6-1'], violations: [violation] }], template: { violations: [violation], replicas: 2, suspended: null } },
    ]);
    expect(shop.pods).toEqual({ evaluated: 2, alreadyRejected: 0, newlyRejected: 2 });
    expect(shop.templates).toEqual({ evaluated: 1, alreadyRejected: 0, newlyRejected: 1 });
    expect(whatIf.summary).toMatchObject({ moving: 1, newlyRejectedNamespaces: 1, newlyRejectedWorkloads: 1, newlyRejectedPods: 2, newlyRejectedTemplates: 1 });
  });

  it('does not report as new what violates already today, but counts it', () => {
    const ns = barePod(barePod(namespace('legacy', { [ENFORCE]: 'baseline' }), 'debug', PRIVILEGED_HOST_PROBE_SPEC), 'fine', BASELINE_SPEC);
    const legacy = moving(assess(inventory(33, [ns]), 37), 'legacy');
    expect(legacy.newlyRejected).toEqual([]);
    expect(legacy.pods).toEqual({ evaluated: 2, alreadyRejected: 1, newlyRejected: 0 });
  });

  it('sees a suspended CronJob whose template the server never evaluates', () => {
    const ns = cronJob(namespace('batch', { [ENFORCE]: 'baseline' }), 'export', HOST_PROBE_SPEC, true);
    const batch = moving(assess(inventory(33, [ns]), 34), 'batch');
    expect(batch.newlyRejected.map((w) => [w.kind, w.name, w.pods, w.template?.suspended])).toEqual([['CronJob', 'export', [], true]]);
  });

  it('finds nothing new when the target pin is older than the check that would refuse it', () => {
    const ns = deployment(namespace('pinned', { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.32' }), 'api', 1, HOST_PROBE_SPEC);
    const pinned = moving(assess(inventory(30, [ns]), 37), 'pinned');
    expect([pinned.from, pinned.to, pinned.newlyRejected]).toEqual(['baseline:v1.30', 'baseline:v1.32', []]);
  });

  it('leaves out pods of an exempt runtime class', () => {
    const ns = barePod(namespace('gvisor', { [ENFORCE]: 'baseline' }), 'sandboxed', { ...HOST_PROBE_SPEC, runtimeClassName: 'gvisor' });
    const gvisor = moving(assess(inventory(33, [ns]), 34, clusterPolicy(admissionConfig(undefined, { runtimeClasses: ['gvisor'] }))), 'gvisor');
    expect(gvisor.pods.evaluated).toBe(0);
    expect(gvisor.newlyRejected).toEqual([]);
  });

  it('says it is incomplete when a moving namespace could not be read, and the document is degraded', () => {
    const ns = namespace('unread', { [ENFORCE]: 'baseline' });
    ns.pods = undefined;
    const whatIf = assess(inventory(33, [ns]), 34);
    expect(moving(whatIf, 'unread')).toMatchObject({ complete: false, because: 'its pods could not be read (see errors)' });
    expect(whatIf.outcome).toBe('degraded');
  });
});

describe('a target newer than the checks the scanner knows', () => {
  const read = inventory(37, [namespace('at-latest', { [ENFORCE]: 'restricted' }), namespace('pinned', { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.40' })]);

  it('evaluates as the newest known version and says so plainly', () => {
    const whatIf = assess(read, 39);
    expect(whatIf.upgrade).toMatchObject({ from: 'v1.37', to: 'v1.39', evaluatedAs: 'v1.37', newestKnown: 'v1.37', beyondKnownChecks: true });
    expect(whatIf.upgrade.note).toBe(
      'v1.39 is newer than the newest Kubernetes version whose Pod Security checks this scanner knows (v1.37): namespaces are evaluated at v1.37, so what v1.38 to v1.39 adds or changes is not seen; update psa-fleet-scanner before relying on this for v1.39',
    );
  });

  it('moves a pin newer than the server to the target, evaluated as the newest known', () => {
    const pinned = moving(assess(read, 39), 'pinned');
    expect([pinned.from, pinned.to, pinned.evaluatedAs, pinned.checkChanges]).toEqual(['restricted:v1.37', 'restricted:v1.39', 'restricted:v1.37', []]);
    expect(pinned.why).toMatch(/the scanner knows checks up to v1\.37 and evaluates restricted:v1\.37$/);
  });

  it('has no note for a known target', () => {
    expect(assess(read, 37).upgrade).toMatchObject({ beyondKnownChecks: false, note: null, evaluatedAs: 'v1.37' });
  });
});

describe('namespaces only PodSecurityPolicy protects', () => {
  const restrictedTarget = { target: { level: 'restricted' as const, version: LATEST }, allowPrivileged: false, source: 'clusters[0].namespaces[1]' };
  const policy = clusterPolicy(admissionConfig(undefined, { namespaces: ['exempt'] }), {
    payments: restrictedTarget,
    'kube-system': { target: undefined, allowPrivileged: true, source: 'clusters[0].namespaces[0]' },
  });
  const namespaces = () => [
    deployment(namespace('payments'), 'api', 1, BASELINE_SPEC),
    namespace('kube-system'),
    namespace('exempt'),
    namespace('labelled', { [ENFORCE]: 'privileged' }),
    namespace('protected', { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.23' }),
  ];

  it('lists each with why it relies on PSP and its verdict at its target, at the target version', () => {
    const whatIf = assess(inventory(24, namespaces(), { served: true, names: ['restricted', 'privileged'] }), 37, policy);
    const psp = whatIf.podSecurityPolicy;
    expect(psp?.names).toEqual(['privileged', 'restricted']);
    expect(psp?.reliantNamespaces.map((n) => [n.name, n.reliesBecause, n.allowedUnprotected])).toEqual([
      ['exempt', 'exempt', true],
      ['kube-system', 'no-enforce-label', true],
      ['labelled', 'privileged-enforce-label', false],
      ['payments', 'no-enforce-label', false],
    ]);
    const payments = psp?.reliantNamespaces.find((n) => n.name === 'payments');
    expect(payments?.target).toEqual({ levelVersion: 'restricted:latest', source: 'policy', rule: 'clusters[0].namespaces[1]' });
    expect(payments?.atTarget).toMatchObject({ evaluatedAs: 'restricted:v1.37', complete: true, compliant: false, violatingPods: 1, violatingTemplates: 1 });
    expect(payments?.atTarget.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/api']);
    expect(whatIf.upgrade.removesPodSecurityPolicy).toBe(true);
    expect(whatIf.summary).toMatchObject({ podSecurityPolicyReliant: 4, podSecurityPolicyReliantToProtect: 2 });
  });

  it('still lists them for an upgrade that keeps PodSecurityPolicy, and says it does not remove it', () => {
    const whatIf = assess(inventory(23, namespaces(), { served: true, names: ['restricted'] }), 24, policy);
    expect(whatIf.upgrade.removesPodSecurityPolicy).toBe(false);
    expect(whatIf.podSecurityPolicy?.reliantNamespaces.find((n) => n.name === 'payments')?.atTarget.evaluatedAs).toBe('restricted:v1.24');
  });

  it('lists none when no PodSecurityPolicy exists, or the API is not served', () => {
    expect(assess(inventory(24, namespaces(), { served: true, names: [] }), 37, policy).podSecurityPolicy?.reliantNamespaces).toEqual([]);
    expect(assess(inventory(30, namespaces(), { served: false, names: [] }), 37, policy).podSecurityPolicy).toEqual({ served: false, names: [], reliantNamespaces: [] });
  });
});

describe('a cluster that could not be inventoried', () => {
  it('gives a failed document with nothing in it', () => {
    const whatIf = assessUpgrade({
      snapshot: { ...snapshotOf(undefined, 'failed'), errors: [{ kind: 'unreachable', request: 'GET /version', message: 'connect ECONNREFUSED' }] },
      inventory: undefined,
      policy: clusterPolicy(admissionConfig()),
      upgradeTo: v1(31),
      requestId: 'req-1',
      finishedAt: '2026-11-29T04:43:10.000Z',
    });
    expect(whatIf).toMatchObject({ outcome: 'failed', namespaces: [], podSecurityPolicy: null, requestId: 'req-1', upgrade: { from: null, to: 'v1.31' } });
    expect(whatIf.errors.map((e) => e.kind)).toEqual(['unreachable']);
    expect(() => whatIfJson(whatIf)).not.toThrow();
  });
});
