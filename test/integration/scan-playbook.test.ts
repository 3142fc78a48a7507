// The scanner on a real apiserver: the playbook's situations, each ending in the right state with
// the right evidence, scanned as the scanner identity through the real kube client. Its own set of
// servers, so the snapshot holds exactly these namespaces (and the apiserver's own).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodSecurityConfiguration } from '../../shared/pss/admission/pod-security-configuration.ts';
import { clusterSnapshotSchema, type ClusterSnapshot, type NamespaceResult } from '../../shared/snapshot/snapshot-schema.ts';
import { snapshotJson } from '../../shared/snapshot/snapshot-json.ts';
import { clusterPolicyFor, scanWith } from '../support/scan-cluster.ts';
import { startServers, type Servers } from '../harness/servers.ts';
import { buildPlaybookCluster, EXEMPT_NAMESPACE, playbookNamespaces, SYSTEM_NAMESPACE } from '../support/playbook/playbook-cluster.ts';
import { eventually, patchNamespaceLabels, coreApi } from './support/kube.ts';

const POD_SECURITY: PodSecurityConfiguration = {
  defaults: { enforce: 'privileged', 'enforce-version': 'latest', audit: 'privileged', 'audit-version': 'latest', warn: 'privileged', 'warn-version': 'latest' },
  exemptions: { namespaces: [EXEMPT_NAMESPACE], runtimeClasses: [], usernames: [] },
};

const POLICY = clusterPolicyFor(POD_SECURITY, (name) =>
  name === SYSTEM_NAMESPACE ? { target: undefined, allowPrivileged: true, source: 'clusters[0].namespaces[0]' } : undefined,
);
const PLAYBOOK = playbookNamespaces();

async function scan(servers: Servers): Promise<ClusterSnapshot> {
  return (await scanWith(servers.scannerKubeconfig, { policy: POLICY, identity: { account: 'local', region: 'local', name: 'playbook' } })).snapshot;
}

describe('scanning the playbook cluster', () => {
  let servers: Servers;
  let snapshot: ClusterSnapshot;
  const namespace = (name: string): NamespaceResult => {
    const found = snapshot.namespaces.find((n) => n.name === name);
    if (found === undefined) throw new Error(`no namespace ${name} in the snapshot`);
    return found;
  };

  beforeAll(async () => {
    servers = await startServers({ podSecurity: POD_SECURITY, moto: false });
    await buildPlaybookCluster(servers.adminKubeconfig, PLAYBOOK);
    // PodSecurity reads pods from the apiserver's cache: wait until it sees the last pods created.
    const admin = coreApi(servers.adminKubeconfig);
    await eventually(
      () => patchNamespaceLabels(admin, 'pb-big', { 'pod-security.kubernetes.io/enforce': 'restricted' }, { dryRun: true }),
      (outcome) => outcome.warnings[0] === 'new PodSecurity enforce level only checked against the first 3000 of 3001 existing pods',
      60_000,
    );
    snapshot = await scan(servers);
  }, 600_000);

  afterAll(async () => {
    await servers?.stop();
  });

  it('writes a complete snapshot that the schema accepts', () => {
    expect(clusterSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot.outcome).toBe('complete');
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.cluster.version).toEqual({ gitVersion: 'v1.37.2', minor: 37 });
    expect(snapshot.podSecurityPolicy).toEqual({ served: false, names: [] });
  });

  it.each(PLAYBOOK.map((n) => [n.name, n.state] as const))('puts %s in state %s', (name, state) => {
    expect(namespace(name).state, namespace(name).why).toBe(state);
  });

  it('never trusts a re-applied enforce label: the namespace enforcing restricted is checked at an equivalent version', () => {
    const current = namespace('pb-checkout').sweeps.current;
    expect(current.method).toBe('server-dry-run-equivalent-version');
    expect(current.dryRun?.patch).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.37' });
    expect(current.dryRun?.warnings).toEqual([
      'existing pods in namespace "pb-checkout" violate the new PodSecurity enforce level "restricted:v1.37"',
      'debug-shell: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ]);
    expect(current).toMatchObject({ verdictSource: 'server', modelAgreement: 'agrees', compliant: false });
    expect(current.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Pod/debug-shell']);
  });

  it('attributes violating pods to their Deployment through the ReplicaSet', () => {
    const target = namespace('pb-payments').sweeps.target;
    expect(target).toMatchObject({ levelVersion: 'restricted:latest', method: 'server-dry-run', modelAgreement: 'agrees', compliant: false });
    expect(target.dryRun?.violatingPods).toBe(3);
    const [api] = target.workloads;
    expect(api?.kind).toBe('Deployment');
    expect(api?.name).toBe('api');
    expect(api?.pods.flatMap((g) => g.pods)).toHaveLength(3);
    expect(api?.template?.violations.map((v) => v.check)).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted']);
  });

  it('sees templates the dry-run cannot: a Deployment scaled to zero and a suspended CronJob', () => {
    const target = namespace('pb-batch').sweeps.target;
    expect(target.dryRun?.violatingPods).toBe(0);
    expect(target.compliant).toBe(false);
    expect(target.workloads.map((w) => [`${w.kind}/${w.name}`, w.template?.replicas, w.template?.suspended])).toEqual([
      ['CronJob/nightly-export', null, true],
      ['Deployment/reports', 0, null],
    ]);
  });

  it('evaluates a pin newer than the server as the server', () => {
    expect(namespace('pb-tuned').sweeps.current).toMatchObject({ levelVersion: 'baseline:v1.40', evaluatedAs: 'baseline:v1.37', compliant: true });
  });

  it('still attributes every violating pod when the server checked only 3000', () => {
    const target = namespace('pb-big').sweeps.target;
    expect(target.dryRun?.checkedPods).toEqual({ checked: 3000, total: 3001 });
    expect(target.verdictSource).toBe('offline');
    expect(target.modelAgreement).toBe('not-comparable');
    expect(target.offline.violatingPods).toBe(3001);
    expect(target.workloads.flatMap((w) => w.pods.flatMap((g) => g.pods))).toHaveLength(3001);
  });

  it('evaluates an exempt namespace offline and says so', () => {
    const exempt = namespace(EXEMPT_NAMESPACE);
    expect(exempt.exempt).toBe(true);
    expect(exempt.sweeps.current).toMatchObject({ method: 'offline', compliant: false });
    expect(exempt.sweeps.current.because).toContain('exempt');
  });

  it('reports the hostPath DaemonSet that keeps the logging namespace from baseline', () => {
    const logging = namespace('pb-logging');
    expect(logging.target).toMatchObject({ levelVersion: 'baseline:latest', source: 'labels' });
    expect(logging.sweeps.target.workloads.map((w) => [w.kind, w.name, w.pods.flatMap((g) => g.pods).length])).toEqual([['DaemonSet', 'log-shipper', 2]]);
    expect(logging.why).toContain('no enforce label');
  });

  it('adds up the summary', () => {
    expect(snapshot.summary.namespaces).toBe(snapshot.namespaces.length);
    expect(snapshot.summary.byState['blocked-at-target']).toBe(2);
    expect(snapshot.summary.violatingPods).toBe(1);
  });

  it('gives the same snapshot for an unchanged cluster, but for the timestamps', async () => {
    const again = await scan(servers);
    const strip = (s: ClusterSnapshot): string => snapshotJson({ ...s, startedAt: '1970-01-01T00:00:00.000Z', finishedAt: '1970-01-01T00:00:00.000Z' });
    // The 3000 pods the server picks (and so its first pod name) come from its cache in arbitrary order.
    const withoutBig = (s: ClusterSnapshot): ClusterSnapshot => ({ ...s, namespaces: s.namespaces.filter((n) => n.name !== 'pb-big') });
    expect(strip(withoutBig(again))).toBe(strip(withoutBig(snapshot)));
    expect(again.startedAt).not.toBe(snapshot.startedAt);
  }, 120_000);
});
